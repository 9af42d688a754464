/**
 * The CloudFront Functions bundles (`dist/cloudfront-functions/<name>.js`), built from the same decision core
 * as the Lambda@Edge bundle with the recipe cloudfront-js-2.0 accepts (ES5 output plus the features the
 * runtime lists, no identifiers renamed that the runtime calls), then gated: over the size limit, any
 * `export`, a renamed runtime name, or njs refusing to load it fails the build.
 * https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/functions-javascript-runtime-20.html
 * https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/writing-function-code.html
 */
import { build, type Plugin } from 'esbuild';
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import {
  CLOUDFRONT_FUNCTIONS,
  CLOUDFRONT_FUNCTIONS_DIR,
  FUNCTION_SIZE_LIMIT,
  type CloudFrontFunctionName,
} from '../cloudfront-functions/contract';
import { ROOT } from '../config/load';
import type { BakeInput } from './plugins';
import { functionConfig } from './function-config';
import { DIST } from './options';
import { compact } from './compact';
import { configLiteral, MANGLED } from './function-names';

export { functionConfig };

/** The entry's one global: the hand-written `handler` below drives the core through it. */
export const FUNCTION_GLOBAL = '__edge';

/**
 * The runtime's modules, imported by name (esbuild would turn an external import into `require`), and the
 * global the entry sets.
 */
const BANNER = `import cf from 'cloudfront';import fncrypto from 'crypto';var ${FUNCTION_GLOBAL};`;

/**
 * The one global the runtime calls. Written by hand in the subset: the only `async` function, at top level
 * (no async closure), each KeyValueStore read awaited alone (never inside call arguments), at most four
 * rounds of reads (a locale alias can need a second language's rows). A read that fails is told apart from
 * a missing key (`get` rejects for both) with `exists`: `null` missing, `false` unreadable (`shared/live.ts`).
 */
export const HANDLER =
  `async function handler(event){var g=${FUNCTION_GLOBAL},run=g.start(event),keys,i,value,pass;` +
  'for(pass=0;;pass++){keys=g.decide(run);if(keys.length===0||pass===3)break;' +
  'for(i=0;i<keys.length;i++){try{value=await cf.kvs().get(keys[i])}' +
  'catch(e){try{value=(await cf.kvs().exists(keys[i]))?false:null}catch(f){value=false}}run.values[keys[i]]=value}}' +
  'return g.finish(run)}';

/** What esbuild may leave in the output: the features cloudfront-js-2.0 lists beyond ES 5.1. */
const SUPPORTED = {
  'const-and-let': true,
  arrow: true,
  'template-literal': true,
  'rest-argument': true,
  'exponent-operator': true,
  'regexp-named-capture-groups': true,
  'async-await': true,
};

export const functionPath = (name: CloudFrontFunctionName, outDir = DIST): string =>
  path.join(outDir, CLOUDFRONT_FUNCTIONS_DIR, `${name}.js`);

function configPlugin(json: unknown): Plugin {
  return {
    name: 'virtual:edge-config',
    setup(b) {
      b.onResolve({ filter: /^virtual:edge-config$/ }, () => ({ path: 'c', namespace: 'edge-config' }));
      b.onLoad({ filter: /.*/, namespace: 'edge-config' }, () => ({
        contents: `export default ${configLiteral(json)};`,
        loader: 'js',
      }));
      // Metric words, not EMF: CloudFront prefixes a function's lines with the request id (`shared/metric.ts`).
      b.onLoad({ filter: /shared[\\/]metric\.ts$/ }, (args) => ({
        contents:
          "import { metricWords } from './log';" +
          'export const metric = (name, values, _time, enrollment, phase) => metricWords(name, values, enrollment, phase);',
        loader: 'js',
        resolveDir: path.dirname(args.path),
      }));
      // The core reads headers in the runtime's own shape (`cloudfront-functions/headers-read.ts`).
      b.onLoad({ filter: /[\\/]cloudfront[\\/]headers\.ts$/ }, (args) => ({
        contents: "export { getHeader, joinHeader } from '../cloudfront-functions/headers-read';",
        loader: 'js',
        resolveDir: path.dirname(args.path),
      }));
      // In `rewrite` mode the default behaviour serves pages too: every step (`all-steps.ts`).
      if ((json as { locales?: { mode?: string } }).locales?.mode === 'rewrite')
        b.onLoad({ filter: /cloudfront-functions[\\/]entry-steps\.ts$/ }, (args) => ({
          contents: "export { STEPS, EXTENSIONS } from './all-steps';",
          loader: 'js',
          resolveDir: path.dirname(args.path),
        }));
      // Without `logs.debug`, no decision lines: their code is left out (`shared/debug.ts`).
      if (!(json as { debug?: boolean }).debug)
        b.onLoad({ filter: /shared[\\/]debug\.ts$/ }, () => ({
          contents: 'export const DECISION_LINES = false;',
          loader: 'js',
        }));
    },
  };
}

/** The function's source as it is uploaded: banner, the core as an IIFE, the handler. */
export async function functionSource(name: CloudFrontFunctionName, config: unknown): Promise<string> {
  return (await bundleFunction(name, config)).source;
}

/** The source and, for the bench, the minified bytes each module contributes to it. */
export async function bundleFunction(
  name: CloudFrontFunctionName,
  config: unknown,
): Promise<{ readonly source: string; readonly modules: Record<string, number> }> {
  const out = await build({
    entryPoints: [path.join(ROOT, 'edge-functions', CLOUDFRONT_FUNCTIONS_DIR, `${name}.ts`)],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'neutral',
    mangleProps: new RegExp(`^(${MANGLED.join('|')})$`),
    target: 'es5',
    supported: SUPPORTED,
    minify: true,
    legalComments: 'none',
    plugins: [configPlugin(config)],
    logLevel: 'silent',
    metafile: true,
  });
  const inputs = Object.values(out.metafile.outputs)[0]!.inputs;
  const modules: Record<string, number> = {};
  for (const [file, { bytesInOutput }] of Object.entries(inputs)) modules[file] = bytesInOutput;
  return { source: BANNER + (await compact(out.outputFiles[0]!.text)) + HANDLER, modules };
}

export interface FunctionBundle {
  readonly name: CloudFrontFunctionName;
  readonly file: string;
  readonly bytes: number;
}

/** Build every CloudFront Function into `<outDir>/cloudfront-functions/`; the gates' problems, if any. */
export async function buildFunctions(
  input: BakeInput,
  outDir = DIST,
): Promise<{ readonly bundles: FunctionBundle[]; readonly problems: string[] }> {
  const bundles: FunctionBundle[] = [];
  const problems: string[] = [];
  for (const name of CLOUDFRONT_FUNCTIONS) {
    const source = await functionSource(name, functionConfig(input, name));
    const file = functionPath(name, outDir);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, source);
    bundles.push({ name, file, bytes: Buffer.byteLength(source) });
    problems.push(...sourceProblems(name, source));
  }
  return { bundles, problems };
}

/** The gates that need no engine: size, module syntax, the names the runtime calls. */
export function sourceProblems(name: CloudFrontFunctionName, source: string): string[] {
  const problems: string[] = [];
  const bytes = Buffer.byteLength(source);
  if (bytes > FUNCTION_SIZE_LIMIT)
    problems.push(
      `CloudFront Function ${name} is ${bytes} bytes, over CloudFront's ${FUNCTION_SIZE_LIMIT}-byte limit ` +
        `(FunctionSizeLimitExceeded at deploy); set viewer: { runtime: 'lambda-edge' } in the configuration ` +
        `until the core fits (docs/runtimes.md, "Status")`,
    );
  // Module syntax beyond the banner's imports takes every request on the behaviour to a 503.
  const body = source.slice(BANNER.length);
  if (
    /(^|[^\w$."'])(export|exports|module\.exports|require)\b/.test(body.replace(/"(?:[^"\\]|\\.)*"/g, '""'))
  )
    problems.push(`CloudFront Function ${name} has an export or require: the runtime refuses it (a 503)`);
  if (!source.startsWith(BANNER) || (!source.endsWith(`${HANDLER}\n`) && !source.endsWith(HANDLER)))
    problems.push(`CloudFront Function ${name} lost its banner or its global handler: a build bug`);
  return problems;
}

/**
 * The files one njs run reads, written to a fresh folder: `program.js` (the runtime's restrictions, the
 * function's code as built, the driver) and `cloudfront` (the module stub holding a copy of the store).
 * The function's code is never changed: only what njs adds is taken away around it.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { KvsData } from '../../edge-functions/cloudfront-functions/contract';

const runtime = (file: string): string => readFileSync(path.join(__dirname, 'runtime', file), 'utf8');
let parts: { preamble: string; driver: string; stub: string } | undefined;
const texts = () =>
  (parts ??= {
    preamble: runtime('preamble.js'),
    driver: runtime('driver.js'),
    stub: runtime('cloudfront.js'),
  });

/**
 * Modules njs has built in that the runtime does not offer: an import of one fails the function as the
 * runtime would (only `cloudfront` and `crypto` exist there; any other name njs cannot find either).
 * https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/functions-javascript-runtime-20.html
 */
const NJS_ONLY_MODULES = ['fs', 'querystring', 'xml', 'zlib', 'buffer'];
const IMPORT = /\bimport\s*(?:[\w$*{}\s,]+?\s*from\s*)?["']([^"']+)["']/g;

export interface Program {
  readonly file: string;
  /** Why the function cannot load, found before running it. */
  readonly loadError?: string;
  /** njs's messages name `program.js:<line>`: this turns them back into the bundle's name and line. */
  readonly explain: (message: string) => string;
}

/** A JS string literal of `value` as JSON (U+2028/2029 escaped: njs is ES5 about them). */
const literal = (value: unknown): string =>
  JSON.stringify(JSON.stringify(value))
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');

export function writeProgram(dir: string, bundleFile: string): Program {
  const source = readFileSync(bundleFile, 'utf8');
  const { preamble, driver } = texts();
  const file = path.join(dir, 'program.js');
  writeFileSync(file, `${preamble}\n${source}\n${driver}`);
  const offset = preamble.split('\n').length;
  const name = path.basename(bundleFile);
  const explain = (message: string) =>
    message
      .replace(/^Thrown:\n/, '')
      .replace(/\bprogram\.js:(\d+)/g, (_m, line: string) => `${name}:${Number(line) - offset}`)
      .replaceAll(dir + path.sep, '')
      .trim();
  const bad = [...source.matchAll(IMPORT)].map((m) => m[1]!).find((m) => NJS_ONLY_MODULES.includes(m));
  const loadError = bad
    ? `SyntaxError: Cannot find module "${bad}" in ${name} (CloudFront Functions offer only 'cloudfront' and 'crypto')`
    : undefined;
  return { file, loadError, explain };
}

/** The `cloudfront` module, with this store. */
export function writeStub(dir: string, store: KvsData, updated: Date): void {
  const copy = { data: store.data, updated: updated.toISOString() };
  writeFileSync(path.join(dir, 'cloudfront'), `var KVS = JSON.parse(${literal(copy)});\n${texts().stub}`);
}

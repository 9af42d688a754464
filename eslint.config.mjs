// Flat config: typescript-eslint's recommended rules over every TypeScript folder.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** What cloudfront-js-2.0 refuses (../shared reference: the runtime page lists what it accepts). */
const SUBSET = [
  ['ClassDeclaration, ClassExpression', 'class'],
  ['ObjectPattern, ArrayPattern', 'destructuring'],
  ['SpreadElement', 'spread'],
  ['ForOfStatement', 'for…of'],
  ['ChainExpression', 'optional chaining (?.)'],
  ["LogicalExpression[operator='??'], AssignmentExpression[operator='??=']", 'nullish coalescing (??)'],
  ['AssignmentPattern', 'default parameters'],
  [
    'NewExpression[callee.name=/^(Map|Set|WeakMap|WeakSet|URL|URLSearchParams|Proxy)$/], CallExpression[callee.object.name=/^(Array|Object|Reflect)$/][callee.property.name=/^(from|of|entries|values|fromEntries|assign|ownKeys)$/]',
    'Map, Set, URL and ES2015+ collection helpers',
  ],
  ['Literal[regex.flags=/[usy]/]', 'regex u, s or y flags'],
  [
    'Literal[regex.flags=/g/]',
    'a global regex (njs 0.7 can throw or loop forever on one over non-ASCII text; split and join, or walk by hand)',
  ],
  [
    "CallExpression[callee.property.name='split'][arguments.0.type!='Literal'], CallExpression[callee.property.name='split'][arguments.0.regex]",
    'split by anything but a string literal (a regex split allocates per character in njs)',
  ],
  ['ArrowFunctionExpression[async=true], FunctionExpression[async=true]', 'async closures'],
  ['CallExpression > AwaitExpression', 'await inside call arguments'],
  ['ForInStatement', 'for…in (hash order in njs; use Object.keys)'],
].map(([selector, what]) => ({
  selector,
  message: `${what} is not in the CloudFront Functions subset this folder is written in (docs/runtimes.md)`,
}));

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'dist/',
      'cdk.out/',
      'site/',
      'test/fixtures/*/site/',
      'test-artifacts/',
      'coverage/',
      '.cloudfront/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // URI, header and cookie validators exist to match control characters (NUL, CR, LF, DEL).
      'no-control-regex': 'off',
    },
  },
  {
    // The viewer decision core runs on two runtimes: Lambda@Edge (Node) and CloudFront Functions
    // (cloudfront-js-2.0, ES 5.1 plus a listed set of later features). Only what both accept is written here.
    // https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/functions-javascript-runtime-20.html
    files: [
      'edge-functions/viewer-request/**/*.ts',
      'edge-functions/shared/**/*.ts',
      'edge-functions/cloudfront/headers.ts',
      'edge-functions/cloudfront-functions/**/*.ts',
    ],
    // Never on CloudFront Functions: the Lambda@Edge adapter (its entry and event reading), what only
    // origin-response reads (caching classes), the log readers' parser, and the Node-side checks of a
    // CloudFront Function's result (the local CloudFront's executable contract).
    ignores: [
      'edge-functions/viewer-request/index.ts',
      'edge-functions/viewer-request/handler.ts',
      'edge-functions/viewer-request/lambda-response.ts',
      'edge-functions/shared/event.ts',
      'edge-functions/shared/caching.ts',
      'edge-functions/shared/log-parse.ts',
      'edge-functions/cloudfront-functions/validator.ts',
      'edge-functions/cloudfront-functions/values.ts',
    ],
    rules: { 'no-restricted-syntax': ['error', ...SUBSET] },
  },
  {
    // Tests build deliberately malformed configurations and events.
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // Hand-written CloudFront Functions: the runtime calls their global `handler`.
    files: ['test/fixtures/cloudfront-functions/*.js', 'bench/njs/*.js'],
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { varsIgnorePattern: '^handler$', caughtErrors: 'none' },
      ],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    languageOptions: {
      globals: { require: 'readonly', module: 'writable', process: 'readonly', console: 'readonly' },
    },
  },
);

// Flat config: typescript-eslint's recommended rules over every TypeScript folder.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

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

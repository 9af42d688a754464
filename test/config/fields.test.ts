/**
 * Unknown configuration fields fail with their path and the closest known name, at every level of the
 * configuration (the levels are read from the field table itself, so a new level is tested too).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { FIELDS } from '../../edge-functions/config/fields';
import { loadConfig } from '../../edge-functions/config/load';
import { ConfigError, validateConfig } from '../../edge-functions/config/validate';
import { fixture } from '../support/fixtures';

/** Every object level of the table: its path as messages write it, and its fields. */
function levels(node: unknown = FIELDS, at = ''): Array<[string, string[]]> {
  if (Array.isArray(node)) return levels(node[0], `${at}[0]`);
  if (typeof node !== 'object' || node === null) return [];
  const fields = Object.keys(node);
  const below = Object.entries(node).flatMap(([k, v]) => levels(v, at === '' ? k : `${at}.${k}`));
  return [[at, fields], ...below];
}

/** The object at `at` (`experiments.list[0].variants[0]`) inside `root`. */
const objectAt = (root: any, at: string): any =>
  at === ''
    ? root
    : at.split(/\.|(?=\[)/).reduce((o, k) => (k.startsWith('[') ? o[Number(k.slice(1, -1))] : o[k]), root);

/** A typo a person makes: the last two letters swapped (`mode` → `moed`). */
const typo = (field: string): string => `${field.slice(0, -2)}${field.at(-1)}${field.at(-2)}`;

function problems(config: unknown): string[] {
  try {
    validateConfig(config as never);
  } catch (err) {
    if (err instanceof ConfigError) return [...err.problems];
    throw err;
  }
  return [];
}

describe('unknown configuration fields', () => {
  // The three-locales fixture has an experiment with variants and goals, so every level exists in it.
  const base = fixture('three-locales').config;

  it.each(levels().map(([at, fields]) => [at || 'the top level', at, fields] as const))(
    'names a typo in %s, with the field it likely means',
    (_level, at, fields) => {
      const field = fields.find((f) => f.length >= 3) ?? fields[0]!;
      const config = structuredClone(base) as any;
      objectAt(config, at)[typo(field)] = 1;
      const where = at === '' ? typo(field) : `${at}.${typo(field)}`;
      expect(problems(config)).toEqual([
        `${where} is not a field of ${at === '' ? 'the configuration' : at}, got: 1; did you mean '${field}'?`,
      ]);
    },
  );

  it('lists the fields when nothing is close', () => {
    const config = structuredClone(base) as any;
    config.logs.verbosity = 'high';
    expect(problems(config)).toEqual([
      "logs.verbosity is not a field of logs, got: 'high'; the fields here are 'retentionDays', 'debug'",
    ]);
  });

  it('fails the configuration file with `locales.mdoe`, naming the file and the field', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'config-'));
    const define = path.resolve(__dirname, '../../edge-functions/config/define');
    const file = path.join(dir, 'edge.config.ts');
    writeFileSync(
      file,
      `import { defineConfig } from ${JSON.stringify(define)};
export default defineConfig({
  siteUrl: 'https://www.example.com',
  locales: { supported: ['en'], default: 'en', mdoe: 'rewrite' } as never,
});
`,
    );
    try {
      expect(() => loadConfig(file)).toThrow(
        /in .*edge\.config\.ts:\n {2}- locales\.mdoe is not a field of locales, got: 'rewrite'; did you mean 'mode'\?$/,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

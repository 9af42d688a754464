/**
 * docs/your-site.md lists every configuration field with its default; this keeps that table and
 * `defineConfig()` in sync, both ways: no field undocumented, no documented field or default that the code
 * does not have.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { completeConfig, completeExperiment, DEFAULTS } from '../../edge-functions/config/define';
import { OVERLAP_DOC } from '../../edge-functions/config/validate-experiments';

const DOC = readFileSync(path.join(__dirname, '..', '..', 'docs', 'your-site.md'), 'utf8');
const section = DOC.slice(
  DOC.indexOf('## Every field'),
  DOC.indexOf('\n## ', DOC.indexOf('## Every field') + 1),
);
const rows = new Map(
  [...section.matchAll(/^\| `([^`]+)` +\| (.+?) +\| .+\|$/gm)].map((m) => [m[1]!, m[2]!.trim()] as const),
);

const minimal = { siteUrl: 'https://x.example', locales: { supported: ['en'], default: 'en' } };
const complete = completeConfig(minimal) as unknown as Record<string, unknown>;
const experiment = completeExperiment({ id: 'q', paths: ['/'], variants: [] }) as unknown as Record<
  string,
  unknown
>;
const NESTED = ['locales', 'experiments', 'csp', 'logs', 'viewer', 'cache'];
/** Optional fields without a default: in the schema, absent from the completed object. */
const OPTIONAL = ['experiments.consentCookieName'];

function codeFields(): string[] {
  const out: string[] = [...OPTIONAL];
  for (const [key, value] of Object.entries(complete)) {
    if (!NESTED.includes(key)) out.push(key);
    else for (const sub of Object.keys(value as object)) out.push(`${key}.${sub}`);
  }
  for (const key of Object.keys(experiment)) out.push(`experiments.list[].${key}`);
  return out.sort();
}

function codeDefault(field: string): unknown {
  if (field.startsWith('experiments.list[].')) return experiment[field.slice('experiments.list[].'.length)];
  return field.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown>)?.[k], complete);
}

describe('docs/your-site.md "Every field"', () => {
  it('documents exactly the fields the configuration has', () => {
    expect([...rows.keys()].sort()).toEqual(codeFields());
  });

  it.each([...rows].filter(([, d]) => d.startsWith('`') && !d.includes('<')))(
    'gives %s the default defineConfig() fills in (%s)',
    (field, documented) => {
      expect(JSON.parse(documented.slice(1, -1))).toEqual(codeDefault(field));
    },
  );

  it.each([...rows].filter(([, d]) => d === 'required'))('marks %s required: it has no default', (field) => {
    const [top, sub] = field.replace('experiments.list[].', 'list.').split('.');
    const defaults = field.startsWith('experiments.list[]')
      ? DEFAULTS.experiment
      : sub === undefined
        ? DEFAULTS
        : (DEFAULTS as Record<string, unknown>)[top!];
    expect(Object.keys(defaults ?? {})).not.toContain(sub ?? top);
  });

  it('derives the cookie and override parameter from the id, as documented (`xp-<id>`)', () => {
    expect(rows.get('experiments.list[].cookieName')).toBe('`xp-<id>`');
    expect(rows.get('experiments.list[].overrideParam')).toBe('`xp-<id>`');
    expect([experiment.cookieName, experiment.overrideParam]).toEqual(['xp-q', 'xp-q']);
  });

  it('lists the default content-type extensions', () => {
    expect(rows.get('contentTypes')!.split(', ')).toEqual(Object.keys(DEFAULTS.contentTypes));
  });
});

describe('docs/your-site.md sections the build messages link', () => {
  /** GitHub's heading anchors: lower case, punctuation dropped, spaces as hyphens. */
  const anchors = [...DOC.matchAll(/^#{2,} (.+)$/gm)].map((m) =>
    m[1]!
      .toLowerCase()
      .replace(/[^\p{L}\p{N} -]/gu, '')
      .replaceAll(' ', '-'),
  );

  it('has the section the overlapping-experiments message links', () => {
    expect(OVERLAP_DOC.startsWith('docs/your-site.md#')).toBe(true);
    expect(anchors).toContain(OVERLAP_DOC.slice(OVERLAP_DOC.indexOf('#') + 1));
  });
});

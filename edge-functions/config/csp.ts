/**
 * Content-Security-Policy by directive: the strict default is a table, the configuration adds sources per
 * directive, and the merged policy is checked before it ships. Appending a directive to the header string
 * (`…; img-src https://x`) repeats `img-src`, and browsers ignore every repeat after the first
 * (https://www.w3.org/TR/CSP3/#parse-serialized-policy), so a merge, not a concatenation, is the only safe edit.
 */
import type { CspConfig } from './schema';

/** Directive → sources; an ordered list of pairs so the serialized header is stable. */
export type CspTable = ReadonlyArray<readonly [directive: string, sources: readonly string[]]>;

/** Every directive of CSP Level 3 (https://www.w3.org/TR/CSP3/#csp-directives) plus reporting ones in use. */
export const CSP_DIRECTIVES: ReadonlySet<string> = new Set([
  'default-src', 'script-src', 'script-src-elem', 'script-src-attr', 'style-src', 'style-src-elem',
  'style-src-attr', 'img-src', 'font-src', 'connect-src', 'media-src', 'object-src', 'frame-src',
  'child-src', 'worker-src', 'manifest-src', 'fenced-frame-src', 'base-uri', 'form-action',
  'frame-ancestors', 'sandbox', 'upgrade-insecure-requests', 'report-uri', 'report-to',
  'require-trusted-types-for', 'trusted-types', 'webrtc',
]); // prettier-ignore

/** Keywords that re-open what the strict policy closes; each must be allowed by name in `csp.allowUnsafe`. */
export const UNSAFE_KEYWORDS = ["'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'"] as const;

/** A source expression is one token: no whitespace, `;` or `,` (which would split the policy), no controls. */
const SOURCE = /^[^\s;,\u0000-\u001f\u007f]+$/;

export function parseCsp(header: string): CspTable {
  return header
    .split(';')
    .map((d) => d.trim())
    .filter((d) => d !== '')
    .map((d) => {
      const [name = '', ...sources] = d.split(/\s+/);
      return [name.toLowerCase(), sources] as const;
    });
}

export const serializeCsp = (table: CspTable): string =>
  table.map(([d, s]) => (s.length > 0 ? `${d} ${s.join(' ')}` : d)).join('; ');

/** Add `sources` per directive: a `'none'` directive is replaced, others gain the missing sources. */
export function mergeCsp(base: CspTable, sources: CspConfig['sources']): CspTable {
  const out = base.map(([d, s]) => [d, [...s]] as [string, string[]]);
  for (const [directive, extra] of Object.entries(sources)) {
    const row = out.find(([d]) => d === directive);
    if (!row) out.push([directive, [...extra]]);
    else if (row[1].length === 1 && row[1][0] === "'none'") row[1] = [...extra];
    else for (const s of extra) if (!row[1].includes(s)) row[1].push(s);
  }
  return out;
}

/** Problems with a policy, each naming `field` and the fix; empty when the policy is sound. */
export function cspProblems(table: CspTable, allowUnsafe: readonly string[], field: string): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const [directive, sources] of table) {
    if (!CSP_DIRECTIVES.has(directive))
      problems.push(`${field} has an unknown directive (see CSP Level 3 §6), got: '${directive}'`);
    if (seen.has(directive))
      problems.push(`${field} repeats a directive (browsers ignore the repeat), got: '${directive}'`);
    seen.add(directive);
    if (sources.includes("'none'") && sources.length > 1)
      problems.push(
        `${field} combines 'none' with other sources in ${directive}, got: '${sources.join(' ')}'`,
      );
    for (const s of sources) {
      if (!SOURCE.test(s)) problems.push(`${field} has a malformed source in ${directive}, got: '${s}'`);
      const keyword = s.toLowerCase();
      if ((UNSAFE_KEYWORDS as readonly string[]).includes(keyword) && !allowUnsafe.includes(keyword))
        problems.push(
          `${field} uses ${keyword} in ${directive}; list it in csp.allowUnsafe to accept the risk, got: '${s}'`,
        );
    }
  }
  return problems;
}

/** Validate `csp.sources` entries themselves (before merging): known directives, string arrays. */
export function cspSourcesProblems(sources: unknown): string[] {
  if (typeof sources !== 'object' || sources === null || Array.isArray(sources))
    return [`csp.sources must be an object of directive → sources, got: ${JSON.stringify(sources)}`];
  const problems: string[] = [];
  for (const [directive, list] of Object.entries(sources)) {
    const f = `csp.sources['${directive}']`;
    if (!CSP_DIRECTIVES.has(directive))
      problems.push(`${f} is not a CSP directive (see CSP Level 3 §6), got: '${directive}'`);
    if (!Array.isArray(list) || list.some((s) => typeof s !== 'string'))
      problems.push(`${f} must be an array of source strings, got: ${JSON.stringify(list)}`);
    // Checked before merging: a `;` inside a source would split into a new directive once serialized.
    else
      for (const s of list as string[])
        if (!SOURCE.test(s)) problems.push(`${f} has a malformed source in ${directive}, got: '${s}'`);
  }
  return problems;
}

/**
 * Inline code against the header the site will get, decided as browsers decide it (CSP3): the directive
 * that governs each kind of inline code (§6.8.4, "Get the effective directive for inline checks", and its
 * fallback list, §6.8.3), and whether that directive's sources allow all inline behaviour (§6.7.3.3:
 * `'unsafe-inline'`, and no nonce or hash beside it, nor `'strict-dynamic'` for scripts).
 *
 * `csp.allowUnsafe` alone changes nothing in the header: it only lets the configuration use the keyword.
 * So the fix a message offers names both settings, and the directive that actually governs the code.
 */
import { count, groupBy, someFiles } from '../group';
import type { InlineKind } from '../html';
import { shown, type SiteInventory } from '../inventory';
import type { Page } from '../pages';

const FALLBACK: Readonly<Record<InlineKind, readonly string[]>> = {
  script: ['script-src-elem', 'script-src', 'default-src'],
  navigation: ['script-src-elem', 'script-src', 'default-src'],
  'script attribute': ['script-src-attr', 'script-src', 'default-src'],
  style: ['style-src-elem', 'style-src', 'default-src'],
  'style attribute': ['style-src-attr', 'style-src', 'default-src'],
};

type Policy = ReadonlyMap<string, readonly string[]>;

/** The directive that decides this kind of inline code, with its sources; undefined when none does. */
function governing(policy: Policy, kind: InlineKind): readonly [string, readonly string[]] | undefined {
  const directive = FALLBACK[kind].find((d) => policy.has(d));
  return directive === undefined ? undefined : [directive, policy.get(directive)!];
}

/** Sources beside which browsers ignore `'unsafe-inline'` (CSP3 §6.7.3.3). */
const overridesUnsafeInline = (source: string, kind: InlineKind): boolean =>
  /^'(nonce-|sha256-|sha384-|sha512-)/i.test(source) ||
  (source.toLowerCase() === "'strict-dynamic'" && !kind.startsWith('style'));

function allowsInline(sources: readonly string[], kind: InlineKind): boolean {
  return (
    sources.some((s) => s.toLowerCase() === "'unsafe-inline'") &&
    !sources.some((s) => overridesUnsafeInline(s, kind))
  );
}

/** The fix that works for code of `kind` governed by `directive`. */
function fixFor(kind: InlineKind, [directive, sources]: readonly [string, readonly string[]]): string {
  const style = kind.startsWith('style');
  const move = style
    ? "move the style to a stylesheet under the site (CSP allows 'self')"
    : `move the ${kind === 'script attribute' ? 'handler' : 'code'} to a script file under the site (CSP allows 'self')`;
  const blocker = sources.find((s) => overridesUnsafeInline(s, kind));
  if (blocker !== undefined)
    return `${move}; 'unsafe-inline' would not help: browsers ignore it beside ${blocker} in ${directive}`;
  return `${move}, or allow inline ${style ? 'styles' : 'scripts'} with both settings in edge.config.ts: csp: { sources: { '${directive}': ["'unsafe-inline'"] }, allowUnsafe: ["'unsafe-inline'"] }`;
}

interface Blocked {
  readonly file: string;
  readonly what: string;
  readonly kind: InlineKind;
  readonly by: readonly [string, readonly string[]];
}

export function blockedInline(policy: Policy, inv: SiteInventory, pages: readonly Page[]): string[] {
  const blocked: Blocked[] = [];
  for (const { file, facts } of pages)
    for (const { kind, what } of facts.inline) {
      const by = governing(policy, kind);
      if (by !== undefined && !allowsInline(by[1], kind)) blocked.push({ file, what, kind, by });
    }
  return groupBy(blocked, (b) => b.what).map(({ first: { what, kind, by }, files }) => {
    const header = `(${by[0]} ${by[1].join(' ')})`;
    if (files.length === 1)
      return `${shown(inv, files[0])} has inline ${what} the CSP blocks ${header}; ${fixFor(kind, by)}`;
    return `inline ${what} is on ${count(files.length, 'page')}, and the CSP blocks it ${header}: ${someFiles(files, (f) => shown(inv, f))}; ${fixFor(kind, by)}`;
  });
}

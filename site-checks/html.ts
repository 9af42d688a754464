/**
 * The facts the site checks read from one HTML document, gathered in a single htmlparser2 pass: what the
 * strict CSP would block, every local reference, the `lang`, and the canonical / hreflang links.
 */
import { Parser } from 'htmlparser2';
import { scriptGoals } from './scripts';

export interface Reference {
  readonly tag: string;
  readonly attr: string;
  readonly url: string;
  /** For `<link>`: `stylesheet`, `icon`, `canonical`, … (the first rel token). */
  readonly rel?: string;
}

/**
 * Inline code, by the CSP check type that decides it (https://www.w3.org/TR/CSP3/#should-block-inline):
 * `<script>` code (JSON data blocks are not executed, so not counted), `on*=` handlers, `javascript:` URLs,
 * `<style>` elements and `style=` attributes.
 */
export type InlineKind = 'script' | 'script attribute' | 'navigation' | 'style' | 'style attribute';

export interface InlineCode {
  readonly kind: InlineKind;
  /** As a message names it: `<script>`, `<main onload>`, `<a href="javascript:…">`, `<p style>`. */
  readonly what: string;
}

export interface HtmlFacts {
  readonly lang?: string;
  readonly inline: readonly InlineCode[];
  readonly references: readonly Reference[];
  readonly canonical: readonly string[];
  /** Goals the page fires: `data-goal="<id>"` attributes and goal URLs in inline scripts (`scripts.ts`). */
  readonly goals: readonly string[];
  /** hreflang → href of each `<link rel="alternate" hreflang>`. */
  readonly alternates: ReadonlyArray<readonly [hreflang: string, href: string]>;
}

/** Attributes that load or link a URL, per element (https://html.spec.whatwg.org/#attributes-3). */
const URL_ATTRS: Readonly<Record<string, readonly string[]>> = {
  a: ['href'],
  link: ['href'],
  script: ['src'],
  img: ['src', 'srcset'],
  source: ['src', 'srcset'],
  video: ['src', 'poster'],
  audio: ['src'],
  track: ['src'],
  iframe: ['src'],
  form: ['action'],
  object: ['data'],
  embed: ['src'],
};

/** Script types a browser does not execute (data blocks), which CSP's script-src does not govern. */
const DATA_SCRIPT = /^(application\/(ld\+)?json|importmap|text\/template)$/i;

/** `a.png 1x, b.png 2x` → `['a.png', 'b.png']`. */
const srcsetUrls = (value: string): string[] =>
  value
    .split(',')
    .map((c) => c.trim().split(/\s+/)[0] ?? '')
    .filter((u) => u !== '');

export function readHtml(text: string): HtmlFacts {
  const facts = {
    lang: undefined as string | undefined,
    inline: [] as InlineCode[],
    references: [] as Reference[],
    canonical: [] as string[],
    goals: [] as string[],
    alternates: [] as Array<readonly [string, string]>,
  };
  let script: { counts: boolean; text: string } | undefined;
  const parser = new Parser(
    {
      onopentag(tag, attrs) {
        if (tag === 'html' && attrs.lang !== undefined) facts.lang = attrs.lang;
        if (tag === 'style') facts.inline.push({ kind: 'style', what: '<style>' });
        if (tag === 'script' && attrs.src === undefined)
          script = { counts: !DATA_SCRIPT.test(attrs.type ?? ''), text: '' };
        readAttributes(tag, attrs, facts);
      },
      ontext(text) {
        if (script) script.text += text;
      },
      onclosetag(tag) {
        if (tag === 'script' && script) {
          if (script.counts && script.text.trim() !== '') {
            facts.inline.push({ kind: 'script', what: '<script>' });
            facts.goals.push(...scriptGoals(script.text));
          }
          script = undefined;
        }
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  parser.end(text);
  return facts;
}

function readAttributes(
  tag: string,
  attrs: Record<string, string>,
  facts: {
    inline: InlineCode[];
    references: Reference[];
    canonical: string[];
    goals: string[];
    alternates: Array<readonly [string, string]>;
  },
): void {
  if (attrs['data-goal'] !== undefined) facts.goals.push(attrs['data-goal']);
  for (const [name, value] of Object.entries(attrs)) {
    if (name === 'style') facts.inline.push({ kind: 'style attribute', what: `<${tag} style>` });
    else if (name.startsWith('on')) facts.inline.push({ kind: 'script attribute', what: `<${tag} ${name}>` });
    else if (/^\s*javascript:/i.test(value))
      facts.inline.push({ kind: 'navigation', what: `<${tag} ${name}="javascript:…">` });
  }
  for (const attr of URL_ATTRS[tag] ?? []) {
    const value = attrs[attr];
    if (value === undefined) continue;
    const rel = tag === 'link' ? (attrs.rel ?? '').toLowerCase().trim().split(/\s+/)[0] : undefined;
    for (const url of attr === 'srcset' ? srcsetUrls(value) : [value.trim()])
      facts.references.push({ tag, attr, url, rel });
  }
  if (tag !== 'link' || attrs.href === undefined) return;
  const rel = (attrs.rel ?? '').toLowerCase().split(/\s+/);
  if (rel.includes('canonical')) facts.canonical.push(attrs.href);
  if (rel.includes('alternate') && attrs.hreflang !== undefined)
    facts.alternates.push([attrs.hreflang.toLowerCase(), attrs.href]);
}

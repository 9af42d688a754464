/**
 * Caching classes: which `Cache-Control` an object gets when the origin sent none. origin-response applies
 * it to every response; the CDK stack uploads the site with the same value as object metadata. And which
 * request headers an object was chosen by, when a URL that does not name it is answered with it (`Vary`).
 */
import type { CacheConfig, LocaleConfig } from '../config/schema';
import { COOKIE, EXPERIMENT_INPUTS, LOCALE_INPUTS } from './inputs';
import { isFolder, splitLocale } from './locales';
import { controlObject, isPage, matchesPath, pagePath } from './paths';

/** `site.3f2a9c1b.css`: a content hash of 8+ hex digits before the extension means the bytes never change. */
const FINGERPRINT = /\.[0-9a-f]{8,}\.[a-z0-9]+$/i;

export type CacheClass = 'html' | 'immutable' | 'other';

export function cacheClass(uri: string, contentType: string | undefined): CacheClass {
  if (FINGERPRINT.test(uri)) return 'immutable';
  if ((contentType ?? '').toLowerCase().startsWith('text/html') || isPage(uri)) return 'html';
  return 'other';
}

export function defaultCacheControl(cls: CacheClass, cache: CacheConfig): string {
  if (cls === 'immutable') return cache.immutableCacheControl;
  if (cls === 'html') return cache.htmlCacheControl;
  return cache.defaultCacheControl;
}

/** The pages an enabled experiment serves variants at: its paths, and its variants other than the control. */
export interface ExperimentPaths {
  readonly paths: readonly string[];
  readonly variants: readonly string[];
}

/** What `chosenBy` reads: how URLs without a locale are served, and where experiments run. */
export interface NegotiationFacts {
  readonly locales: Pick<LocaleConfig, 'supported' | 'mode' | 'folderCase'>;
  readonly experimentPaths: readonly ExperimentPaths[];
}

/** A page object (`/index.html`) an experiment covers, or one of its variant objects (`/index.bold.html`). */
function inExperiment(object: string, list: readonly ExperimentPaths[]): boolean {
  if (!isPage(object)) return false;
  const covers = (e: ExperimentPaths, o: string | undefined) =>
    o !== undefined && matchesPath(e.paths, pagePath(o));
  return list.some((e) => covers(e, object) || e.variants.some((v) => covers(e, controlObject(object, v))));
}

/** The inputs of a localized object (rewrite mode) and of an experiment page, each header once. */
function inputs(localized: boolean, experiment: boolean): string[] {
  const out = localized ? [...LOCALE_INPUTS] : [];
  if (experiment) for (const name of EXPERIMENT_INPUTS) if (!out.includes(name)) out.push(name);
  return out;
}

/**
 * The request headers that chose the object `uri` names, when a URL that does not name it is answered with
 * it, else []. CloudFront stores one answer per cache key and replays it to every URL mapped to that key, so
 * this is a property of the object: in rewrite mode every localized object (`/pricing/` and `/de/pricing/`
 * both get `/de/pricing/index.html` for a German visitor), and in both modes the pages experiments cover and
 * their variants (`/en/` gets `/en/index.html` or `/en/index.bold.html`).
 */
export function chosenBy(uri: string, facts: NegotiationFacts): string[] {
  const split = splitLocale(uri, facts.locales);
  if (!isFolder(split, facts.locales.folderCase)) return [];
  return inputs(facts.locales.mode === 'rewrite', inExperiment(split.rest, facts.experimentPaths));
}

/**
 * Every header but `Cookie` that `chosenBy` can name under this configuration: what the stack forwards to
 * the origin (never into the cache key), so CloudFront returns them in `Vary` under either reading of its
 * documentation (`Cookie` it always returns).
 */
export const varyHeaders = (facts: NegotiationFacts): string[] =>
  inputs(facts.locales.mode === 'rewrite', facts.experimentPaths.length > 0).filter((n) => n !== COOKIE);

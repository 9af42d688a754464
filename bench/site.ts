/**
 * What the benchmarks measure: the configuration and site loaded from `edge.config.ts` (or `EDGE_CONFIG`),
 * seen as traffic needs it — pages per locale in popularity order, the neutral files visitors fetch beside
 * them, experiments and goals, and the signer of the bundles the bench runs (`signing.ts`), with which
 * returning visitors carry real proofs of enrollment. Nothing in `bench/` names a page, a locale or an
 * experiment of its own.
 */
import { behaviorFor, cacheBehaviors, type BehaviorFacts } from '../edge-functions/config/cache-policy';
import type { LoadedConfig } from '../edge-functions/config/load';
import type { ExperimentConfig, SiteConfig } from '../edge-functions/config/schema';
import { experimentsFor } from '../edge-functions/shared/experiments';
import { matchesPath } from '../edge-functions/shared/paths';
import type { Signer } from '../edge-functions/shared/proof';
import { takeInventory } from '../site-checks/inventory';
import { benchSigner } from './signing';

export interface BenchSite {
  readonly config: SiteConfig;
  readonly siteDir: string;
  readonly locales: readonly string[];
  readonly defaultLocale: string;
  /** locale → locale-less page paths, most popular first (`/` first, then shallower pages). */
  readonly pages: ReadonlyMap<string, readonly string[]>;
  /** locale → (page path → object key, `en/pricing/index.html`), as the site folder holds it. */
  readonly objects: ReadonlyMap<string, ReadonlyMap<string, string>>;
  /** Files served without a locale (`/assets/app.1234abcd.css`, `/robots.txt`), as request paths. */
  readonly neutralFiles: readonly string[];
  readonly experiments: readonly ExperimentConfig[];
  readonly goals: readonly string[];
  readonly behaviors: readonly BehaviorFacts[];
  /** The keys the bundles under measurement were built with, and their HMAC: the trace mints with it. */
  readonly signer: Signer;
}

const depth = (page: string): number => page.split('/').length;

/** Popularity order: the home page, then shallower pages before deeper ones, then by name. */
export function byPopularity(pages: readonly string[]): string[] {
  return [...pages].sort((a, b) => depth(a) - depth(b) || a.localeCompare(b));
}

export function benchSite(
  loaded: Pick<LoadedConfig, 'config' | 'siteDir'>,
  signingKeys: readonly string[],
): BenchSite {
  const { config, siteDir } = loaded;
  const inventory = takeInventory(config, siteDir);
  const pages = new Map<string, string[]>();
  for (const [locale, map] of inventory.pages) pages.set(locale, byPopularity([...map.keys()]));
  const neutralFiles = [...inventory.files]
    .map((f) => `/${f}`)
    .filter((p) => matchesPath(config.locales.neutralPaths, p))
    .sort();
  return {
    config,
    siteDir,
    locales: config.locales.supported,
    defaultLocale: config.locales.default,
    pages,
    objects: inventory.pages,
    neutralFiles,
    experiments: config.experiments.list,
    goals: config.experiments.goals.map((g) => g.id),
    behaviors: cacheBehaviors(config),
    signer: benchSigner(signingKeys),
  };
}

/** Whether CloudFront runs viewer-request for this viewer path (behaviours are matched before it runs). */
export const runsViewerRequest = (site: BenchSite, path: string): boolean =>
  behaviorFor(site.behaviors, path).viewerRequest;

/** The experiments that cover a locale-less page path. */
export const experimentsOn = (site: BenchSite, page: string): ExperimentConfig[] =>
  experimentsFor(
    site.experiments.filter((e) => e.enabled),
    page,
  );

/** The most popular page of the default locale that no experiment covers (else the home page). */
export function plainPage(site: BenchSite): string {
  const pages = site.pages.get(site.defaultLocale) ?? [];
  return pages.find((p) => experimentsOn(site, p).length === 0) ?? pages[0] ?? '/';
}

/** A page some enabled experiment covers, in the default locale, or undefined when none does. */
export function experimentPage(site: BenchSite): string | undefined {
  return (site.pages.get(site.defaultLocale) ?? []).find((p) => experimentsOn(site, p).length > 0);
}

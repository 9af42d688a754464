/**
 * The configuration every runtime reads. Bundles import this module, so the object is baked in at build
 * time (Lambda@Edge has no environment variables); `npm run build` validates it first (`validate.ts`).
 */
import { resolveConfig } from './resolve';
import { siteConfig } from './site.config';

export type { SiteConfig, ExperimentConfig, VariantConfig, LocaleConfig, CacheConfig } from './schema';
export type { ResolvedConfig, ResolvedHeader } from './resolve';
export { resolveConfig } from './resolve';

export const config = resolveConfig(siteConfig);

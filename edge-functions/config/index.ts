/**
 * The configuration's public surface. The configuration itself is `edge.config.ts` at the repository root
 * (`load.ts` reads it); `defineConfig()` types it and fills in the defaults (`define.ts`).
 */
export type {
  SiteConfig,
  ExperimentConfig,
  VariantConfig,
  LocaleConfig,
  CacheConfig,
  GoalConfig,
} from './schema';
export type { ResolvedConfig, ResolvedHeader } from './resolve';
export { resolveConfig } from './resolve';
export { completeConfig, defineConfig, type EdgeConfig } from './define';
export { loadConfig, type LoadedConfig } from './load';

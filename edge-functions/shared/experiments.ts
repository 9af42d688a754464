/** Facts about experiment cookies that both edge functions check the same way. */
import type { ExperimentConfig } from '../config/schema';

/** Browsers cap a cookie header near 8 KB; more than this is cut before parsing (bounded work). */
export const MAX_COOKIE_HEADER = 16 * 1024;

/** A value is trusted only if it names a current variant: tampered and retired values are not. */
export const isVariant = (e: ExperimentConfig, name: string | null | undefined): name is string =>
  typeof name === 'string' && e.variants.some((v) => v.name === name);

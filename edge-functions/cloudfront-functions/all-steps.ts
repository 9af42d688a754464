/**
 * `entry-steps.ts` as the build links it in `rewrite` mode (`build/cloudfront-functions.ts`): the default
 * behaviour serves pages outside the locale folders too, so it takes every step (`ALL_STEPS`) and reads the
 * locale table's rows, the experiments' live state and `crypto`'s draws.
 */
import { withCrypto, withLive } from './run';
import { withTable } from './table';

export { ALL_STEPS as STEPS } from '../viewer-request/decide';
export const EXTENSIONS = [withTable, withLive, withCrypto];

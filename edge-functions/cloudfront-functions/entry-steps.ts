/**
 * The steps `viewer-request` takes on the default behaviour (paths outside the locale folders), and what it
 * reads from the KeyValueStore: `ENTRY_STEPS` in `redirect` mode, where every page is redirected into its
 * folder first, so only the locale table's rows. In `rewrite` mode the build links `all-steps.ts` instead.
 */
import { withTable } from './table';

export { ENTRY_STEPS as STEPS } from '../viewer-request/decide';
export const EXTENSIONS = [withTable];

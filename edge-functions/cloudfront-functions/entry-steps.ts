/**
 * The steps `viewer-request` takes on the default behaviour (paths outside the locale folders):
 * `ENTRY_STEPS` in `redirect` mode, where every page is redirected into its folder first. In `rewrite` mode
 * the build puts `ALL_STEPS` here (`build/cloudfront-functions.ts`): pages are served outside the folders.
 */
export { ENTRY_STEPS as STEPS } from '../viewer-request/decide';

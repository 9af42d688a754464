/**
 * The CloudFront Functions entry on the locale folders' behaviours (`/<folder>/*`,
 * `dist/cloudfront-functions/locale-pages.js`): the path names the locale, so this function carries the
 * experiments but none of the `Accept-Language` negotiation (`FOLDER_STEPS`).
 */
import config from 'virtual:edge-config';
import { decideWith, FOLDER_STEPS } from '../viewer-request/decide';
import { decide, finish, start, withCrypto, withLive, type Run } from './run';

__edge = {
  start,
  decide: (run: Run) =>
    decide(config, run, (r, deps, lines) => decideWith(FOLDER_STEPS, r, deps, lines), [withLive, withCrypto]),
  finish: (run: Run) => finish(config, run),
};

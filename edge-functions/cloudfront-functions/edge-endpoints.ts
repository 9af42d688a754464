/**
 * The CloudFront Functions entry on the `/__edge/*` behaviour (`dist/cloudfront-functions/edge-endpoints.js`):
 * the conversion beacon alone, so neither function carries the other's code.
 */
import config from 'virtual:edge-config';
import { decideEndpoint } from '../viewer-request/decide';
import { decide, finish, start, withCrypto, withLive, type Run } from './run';

__edge = {
  start,
  decide: (run: Run) => decide(config, run, decideEndpoint, [withLive, withCrypto]),
  finish: (run: Run) => finish(config, run),
};

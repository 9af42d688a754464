/**
 * The CloudFront Functions entry on the page behaviours (`dist/cloudfront-functions/viewer-request.js`):
 * the baked configuration and the steps the global `handler` drives (`run.ts`). The build wraps this module
 * in an IIFE and appends the handler; it exports nothing, it sets the one global the handler reads.
 */
import config from 'virtual:edge-config';
import { decidePage } from '../viewer-request/decide';
import { decide, finish, start, type Run } from './run';

__edge = {
  start,
  decide: (run: Run) => decide(config, run, decidePage),
  finish: (run: Run) => finish(config, run),
};

/**
 * The CloudFront Functions entry on the default behaviour (`dist/cloudfront-functions/viewer-request.js`):
 * paths outside the locale folders, which it negotiates and redirects into them (`entry-steps.ts`). The build
 * wraps this module in an IIFE and appends the handler; it exports nothing, it sets the one global the
 * handler reads.
 */
import config from 'virtual:edge-config';
import { decideWith } from '../viewer-request/decide';
import { EXTENSIONS, STEPS } from './entry-steps';
import { decide, finish, start, type Run } from './run';

__edge = {
  start,
  decide: (run: Run) =>
    decide(config, run, (r, deps, lines) => decideWith(STEPS, r, deps, lines), EXTENSIONS),
  finish: (run: Run) => finish(config, run),
};

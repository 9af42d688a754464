/**
 * CloudFront Functions under njs, with the runtime's restrictions (no timers, `Date` frozen per call,
 * single-argument `console.log`, no `process`/`fs`/`new Function`, the memory limit) and its `cloudfront`
 * module over a local KeyValueStore: `runBatch` for many events (the parity test), `runOne` for one
 * request (the local CloudFront). Without njs both throw `NjsMissingError`, saying how to install it.
 */
export { runBatch, runOne, type NjsRunOptions } from './batch';
export type { NjsCallReport, NjsFailure, NjsOutcome } from './report';
export { locateNjs, njsAvailable, NjsMissingError, NJS_INSTALL } from './locate';
export { readKvsFile, kvsProblem, KvsFileError } from './store';

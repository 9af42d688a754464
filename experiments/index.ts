/**
 * `npm run experiments` as a library: the command (`main`), the local store, and the phase history the
 * report reads for each phase's weights. The deployed store (`remote.ts`, the AWS SDK) loads on demand.
 */
export { main, type CliIo } from './cli';
export { historyKey, phaseRecord, readHistory } from './history';
export { LocalStore, type Store } from './store';

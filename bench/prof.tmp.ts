import { viewerEvents, originEvents } from './events';
const which = process.argv[2]!;
const h = require(`/tmp/unmin/${which}/index.js`).handler;
console.log = () => undefined;
(async () => {
  for (let r = 0; r < 10; r++) {
    const evs = which === 'viewer-request' ? viewerEvents(20000, 11) : originEvents(20000, 12);
    for (const e of evs) await h(e);
  }
})();

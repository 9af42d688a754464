/**
 * `npx tsx bench/njs-harness.ts`: the CloudFront Functions harness under njs (`emulator/njs`), measured on a
 * representative function (`njs/workload.js`): a process's start, events per second per process by batch
 * size and with two processes, and memory per call. Prints tables; asserts nothing.
 */
import * as path from 'node:path';
import type { FunctionEventData, FunctionValues } from '../edge-functions/cloudfront-functions/types';
import { locateNjs, runBatch, runOne } from '../emulator/njs';
import { cpuSeconds } from './njs/cpu';

const WORKLOAD = path.join(__dirname, 'njs', 'workload.js');
const STORE = { data: [{ key: 'xp:home-hero', value: '{"on":true,"w":[50,50],"p":0}' }] };
const LANGS = ['en-US,en;q=0.9', 'ja,en;q=0.5', 'fr-FR,fr;q=0.8,en;q=0.3', ''];

function event(i: number): FunctionEventData {
  const cookies: FunctionValues =
    i % 3 === 0 ? { 'xp-home-hero': { value: `bold.e${i}.AAAAAAAAAAAAAAAA` }, locale: { value: 'en' } } : {};
  const lang = LANGS[i % LANGS.length]!;
  return {
    version: '1.0',
    context: { eventType: 'viewer-request', requestId: `req-${i}`, distributionId: 'EBENCH' },
    viewer: { ip: '203.0.113.9' },
    request: {
      method: 'GET',
      uri: i % 10 === 0 ? '/' : `/en/page-${i % 40}/`,
      querystring: {},
      headers: {
        host: { value: 'd111111abcdef8.cloudfront.net' },
        'user-agent': {
          value: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/126 Safari/537.36',
        },
        'sec-fetch-mode': { value: 'navigate' },
        ...(lang ? { 'accept-language': { value: lang } } : {}),
      },
      cookies,
    },
  };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))]!;

async function main() {
  console.log(`njs ${locateNjs().version}`);
  const starts: number[] = [];
  for (let k = 0; k < 20; k++) {
    const t = performance.now();
    await runOne(WORKLOAD, event(1), STORE);
    starts.push(performance.now() - t);
  }
  console.log('\nOne request, one process (runOne: files written, njs started, one call, read back)');
  console.table([{ 'median ms': median(starts).toFixed(1), 'p90 ms': pct(starts, 0.9).toFixed(1) }]);

  const n = Number(process.env.EVENTS ?? 20_000);
  const events = Array.from({ length: n }, (_e, i) => event(i));
  const rows = [];
  const grid: [number, number][] = process.env.GRID
    ? JSON.parse(process.env.GRID)
    : [
        [400, 1],
        [400, 2],
      ];
  for (const [batchSize, processes] of grid) {
    const t = performance.now();
    const cpu = cpuSeconds();
    const reports = await runBatch(WORKLOAD, events, STORE, { batchSize, processes });
    const s = (performance.now() - t) / 1000;
    const after = cpuSeconds();
    const njsCpu = after.njs - cpu.njs;
    const nodeCpu = after.node - cpu.node;
    const failed = reports.filter((r) => r.outcome.kind !== 'result').length;
    rows.push({
      batchSize,
      processes,
      events: n,
      seconds: s.toFixed(2),
      'events/s': Math.round(n / s),
      'njs CPU s': njsCpu.toFixed(2),
      'Node CPU s': nodeCpu.toFixed(2),
      'events per njs CPU s': Math.round(n / njsCpu),
      failed,
    });
  }
  console.log('\nMany events (runBatch)');
  console.table(rows);

  const memory = (await runBatch(WORKLOAD, events.slice(0, 5000), STORE)).map((r) => r.memoryBytes);
  console.log('\nMemory per call (njs.memoryStats.size after minus before, in pool blocks), 5,000 calls');
  console.table([
    { median: median(memory), p99: pct(memory, 0.99), max: Math.max(...memory), limit: 2 * 1024 * 1024 },
  ]);
}

void main();

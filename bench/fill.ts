/** Distinct cache entries of one file: GET `<file>?v=<prefix><i>` with gzip, `concurrency` at a time. */
import { Agent, request } from 'node:http';

/** Returns how many answers came back gzip-compressed. */
export async function fill(
  port: number,
  file: string,
  prefix: string,
  n: number,
  concurrency = 8,
): Promise<number> {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  let next = 0;
  let compressed = 0;
  const one = (i: number) =>
    new Promise<void>((resolve, reject) => {
      const path = `${file}?v=${prefix}${i}`;
      const req = request(
        { port, host: '127.0.0.1', agent, path, headers: { 'Accept-Encoding': 'gzip' } },
        (res) => {
          if (res.headers['content-encoding'] === 'gzip') compressed++;
          res.resume();
          res.on('end', resolve);
        },
      );
      req.on('error', reject);
      req.end();
    });
  const worker = async () => {
    while (next < n) await one(next++);
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  agent.destroy();
  return compressed;
}

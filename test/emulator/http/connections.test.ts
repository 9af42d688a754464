/** The local server's connection cap: one connection over it is refused as it arrives, not queued. */
import { connect, type Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { MAX_CONNECTIONS } from '../../../emulator/http/limits';
import { rawRequest } from '../http';
import { closeStubs, startStub, tempSite } from '../stubs';

afterEach(closeStubs);

const open = (port: number): Promise<Socket> =>
  new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => resolve(socket));
    socket.once('error', reject);
  });

/** Everything the server sends on `socket` until it closes it. */
const untilClosed = (socket: Socket): Promise<string> =>
  new Promise((resolve) => {
    let data = '';
    socket.on('data', (d) => (data += String(d)));
    socket.on('error', () => undefined); // a reset is a refusal too
    socket.on('close', () => resolve(data));
  });

it(`refuses a connection over ${MAX_CONNECTIONS} open ones, warns, and serves again once one closes`, async () => {
  const lines: string[] = [];
  const s = await startStub('demo', {
    siteDir: tempSite({ 'en/index.html': 'en' }),
    log: (l) => lines.push(l),
  });
  const held: Socket[] = [];
  try {
    for (let i = 0; i < MAX_CONNECTIONS; i++) held.push(await open(s.port));
    const extra = await open(s.port);
    const closed = untilClosed(extra);
    extra.write(`GET /en/index.html HTTP/1.1\r\nHost: 127.0.0.1:${s.port}\r\n\r\n`);
    expect(await closed).toBe('');
    expect(lines).toEqual([
      expect.stringMatching(
        new RegExp(`^warning: E_CONNECTION_CAP: .*: 1 refused with ${MAX_CONNECTIONS} open$`),
      ),
    ]);
    held.pop()!.destroy();
    let status = 0;
    for (let i = 0; i < 100 && status !== 200; i++) {
      status = await rawRequest(s.port, '/en/index.html').then(
        (r) => r.status,
        () => 0,
      );
      if (status !== 200) await sleep(10);
    }
    expect(status).toBe(200);
  } finally {
    for (const socket of held) socket.destroy();
  }
});

/** Who may reach the local CloudFront's own pages: a hostile-row table of `Host` and `Origin` lines. */
import { loopbackHosts, ownPageRefusal } from '../../../emulator/http/guard';

const PORT = 3000;
const refusal = (method: string, lines: [string, string][]) => ownPageRefusal(method, lines.flat(), PORT);

describe('ownPageRefusal', () => {
  it.each<[string, [string, string][], string | undefined]>([
    ['localhost with the port', [['Host', 'localhost:3000']], undefined],
    ['127.0.0.1 with the port', [['Host', '127.0.0.1:3000']], undefined],
    ['[::1] with the port', [['Host', '[::1]:3000']], undefined],
    ['a loopback name in upper case', [['host', 'LOCALHOST:3000']], undefined],
    ['no Host', [], 'E_FOREIGN_HOST'],
    ['a rebinding name', [['Host', 'evil.example:3000']], 'E_FOREIGN_HOST'],
    ['a name ending like localhost', [['Host', 'evil.localhost.example:3000']], 'E_FOREIGN_HOST'],
    ['localhost with a trailing dot', [['Host', 'localhost.:3000']], 'E_FOREIGN_HOST'],
    ['another port', [['Host', 'localhost:3001']], 'E_FOREIGN_HOST'],
    ['no port', [['Host', 'localhost']], 'E_FOREIGN_HOST'],
    ['another loopback address', [['Host', '127.0.0.2:3000']], 'E_FOREIGN_HOST'],
    ['the wildcard address', [['Host', '0.0.0.0:3000']], 'E_FOREIGN_HOST'],
    ['user info', [['Host', 'evil@localhost:3000']], 'E_FOREIGN_HOST'],
    ['an empty Host', [['Host', '']], 'E_FOREIGN_HOST'],
    [
      'two Host lines, the first loopback',
      [
        ['Host', 'localhost:3000'],
        ['Host', 'evil.example'],
      ],
      'E_FOREIGN_HOST',
    ],
  ])('GET with %s → %p', (_name, lines, expected) => {
    expect(refusal('GET', lines)).toBe(expected);
  });

  const host: [string, string] = ['Host', 'localhost:3000'];
  it.each<[string, [string, string][], string | undefined]>([
    ['no Origin (curl)', [host], undefined],
    ['its own origin', [host, ['Origin', 'http://localhost:3000']], undefined],
    ['another loopback name for it', [host, ['Origin', 'http://127.0.0.1:3000']], undefined],
    ['a foreign site', [host, ['Origin', 'https://evil.example']], 'E_FOREIGN_ORIGIN'],
    ['the opaque origin null', [host, ['Origin', 'null']], 'E_FOREIGN_ORIGIN'],
    ['another local port', [host, ['Origin', 'http://localhost:8080']], 'E_FOREIGN_ORIGIN'],
    ['https on its port', [host, ['Origin', 'https://localhost:3000']], 'E_FOREIGN_ORIGIN'],
    [
      'two Origin lines',
      [host, ['Origin', 'http://localhost:3000'], ['Origin', 'http://localhost:3000']],
      'E_FOREIGN_ORIGIN',
    ],
    [
      'a foreign site and a foreign Host',
      [
        ['Host', 'evil.example'],
        ['Origin', 'https://evil.example'],
      ],
      'E_FOREIGN_HOST',
    ],
  ])('POST with %s → %p', (_name, lines, expected) => {
    expect(refusal('POST', lines)).toBe(expected);
  });

  it('reads Origin only for requests that change something', () => {
    expect(refusal('GET', [host, ['Origin', 'https://evil.example']])).toBeUndefined();
    expect(refusal('DELETE', [host, ['Origin', 'https://evil.example']])).toBe('E_FOREIGN_ORIGIN');
  });

  it('takes a loopback name without a port only on port 80', () => {
    expect(loopbackHosts(80)).toContain('localhost');
    expect(loopbackHosts(3000)).not.toContain('localhost');
  });
});

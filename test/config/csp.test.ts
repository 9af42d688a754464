import { cspProblems, mergeCsp, parseCsp, serializeCsp } from '../../edge-functions/config/csp';
import { securityHeaderTable } from '../../edge-functions/config/resolve';
import { DEFAULT_CSP } from '../../edge-functions/config/security-headers';
import { fixture } from '../support/fixtures';

describe('CSP by directive', () => {
  it('serializes the default table to the strict policy, each directive once', () => {
    const header = serializeCsp(DEFAULT_CSP);
    expect(header).toMatch(/^default-src 'none'; script-src 'self'; /);
    expect(header.endsWith('; upgrade-insecure-requests')).toBe(true);
    expect(cspProblems(parseCsp(header), [], 'default')).toEqual([]);
  });

  it.each<[string, Record<string, string[]>, string, string]>([
    [
      'adds to an existing directive',
      { 'img-src': ['https://i.example'] },
      'img-src',
      "'self' data: https://i.example",
    ],
    [
      'replaces a none directive',
      { 'frame-ancestors': ['https://parent.example'] },
      'frame-ancestors',
      'https://parent.example',
    ],
    [
      'adds a directive the default lacks',
      { 'frame-src': ['https://video.example'] },
      'frame-src',
      'https://video.example',
    ],
    ['does not repeat a source already there', { 'img-src': ["'self'"] }, 'img-src', "'self' data:"],
  ])('%s', (_name, sources, directive, expected) => {
    const merged = new Map(mergeCsp(DEFAULT_CSP, sources));
    expect(merged.get(directive)!.join(' ')).toBe(expected);
    expect(cspProblems([...merged], [], 'merged')).toEqual([]);
  });

  it('never mutates the default table', () => {
    const before = serializeCsp(DEFAULT_CSP);
    mergeCsp(DEFAULT_CSP, { 'img-src': ['https://x.example'], 'default-src': ["'self'"] });
    expect(serializeCsp(DEFAULT_CSP)).toBe(before);
  });

  it('parses leniently: case, extra spaces and empty directives', () => {
    expect(parseCsp("  IMG-SRC   'self'  ;; default-src 'none' ;")).toEqual([
      ['img-src', ["'self'"]],
      ['default-src', ["'none'"]],
    ]);
  });

  it('is what the functions ship: the fixture with csp.sources gets one merged header', () => {
    const f = fixture('three-locales');
    const header = securityHeaderTable(f.config)['content-security-policy'] as string;
    const table = new Map(parseCsp(header));
    for (const [directive, extra] of Object.entries(f.config.csp.sources))
      expect(table.get(directive)).toEqual(expect.arrayContaining([...extra]));
    const baked = f.resolved.securityHeaderList.find((h) => h.name === 'content-security-policy');
    expect(baked?.value).toBe(header);
    expect(header.split(';').map((d) => d.trim().split(' ')[0])).toEqual([...new Set(table.keys())]);
  });
});

import { MAX_URL_LENGTH } from '../../edge-functions/cloudfront/limits';
import { normaliseUri } from '../../edge-functions/viewer-request/uri';

describe('normaliseUri', () => {
  it.each([
    ['/', '/'],
    ['/about', '/about'],
    ['/about/', '/about/'],
    ['//about//team//', '/about/team/'],
    ['/a/./b/', '/a/b/'],
    ['/a/../b', '/b'],
    ['/../../etc/passwd', '/etc/passwd'],
    ['/a/..', '/'],
    ['/a/b/..', '/a/'],
    ['/%2e%2e/%2E%2E/secret', '/secret'],
    ['/a%2F..%2F..%2Fb', '/b'],
    ['//evil.com', '/evil.com'],
    ['/\\evil.com', '/evil.com'],
    ['/%2F%2Fevil.com', '/evil.com'],
    ['/%5Cevil.com', '/evil.com'],
    ['/ja/%E3%81%82', '/ja/%E3%81%82'],
    ['/ja/%e3%81%82', '/ja/%E3%81%82'],
    ['/ja/あ', '/ja/%E3%81%82'],
    ['/v1.2/', '/v1.2/'],
    ['/a b', '/a%20b'],
    ['/a+b', '/a%2Bb'],
    ["/it's", "/it's"],
    ['relative', '/relative'],
  ])('normalises %j to %j', (raw, expected) => {
    expect(normaliseUri(raw)).toEqual({ ok: true, path: expected });
  });

  it.each([
    ['/%', 400],
    ['/%zz', 400],
    ['/%4', 400],
    ['/%C0%AF', 400],
    ['/%FF', 400],
    ['/%00', 400],
    ['/a%0d%0aSet-Cookie:x=1', 400],
    ['/a\u0000b', 400],
    ['/a\u007f', 400],
    [`/${'a'.repeat(MAX_URL_LENGTH)}`, 414],
  ])('rejects %j with %s', (raw, problem) => {
    expect(normaliseUri(raw)).toEqual({ ok: false, problem });
  });

  it('is idempotent on its own output', () => {
    for (const raw of ['/a//b/../c/', '/%E3%81%82/x', '/a b/c', '/\\x\\y']) {
      const once = normaliseUri(raw);
      if (!once.ok) throw new Error('expected ok');
      expect(normaliseUri(once.path)).toEqual(once);
    }
  });
});

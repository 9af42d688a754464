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
    ['/%', 'E_URI_ENCODING'],
    ['/%zz', 'E_URI_ENCODING'],
    ['/%4', 'E_URI_ENCODING'],
    ['/%C0%AF', 'E_URI_ENCODING'],
    ['/%FF', 'E_URI_ENCODING'],
    ['/%00', 'E_URI_CONTROL'],
    ['/a%0d%0aSet-Cookie:x=1', 'E_URI_CONTROL'],
    ['/a\u0000b', 'E_URI_CONTROL'],
    ['/a\u007f', 'E_URI_CONTROL'],
    [`/${'a'.repeat(MAX_URL_LENGTH)}`, 'E_URI_LENGTH'],
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

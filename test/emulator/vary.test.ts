/**
 * `Vary` through the local CloudFront, as CloudFront documents it for origins: it caches by its own key and
 * never by `Vary`; viewers get `Accept-Encoding`, `Cookie` and the headers it forwards to the origin, nothing
 * else; `Vary: *` with a minimum TTL of 0 sends every request to the origin. And `private`/`no-store` answers
 * are never hits, whatever the minimum TTL: there is no "private to viewers, cached by CloudFront".
 * https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/RequestAndResponseBehaviorCustomOrigin.html#ResponseCustomRemovedHeaders
 * https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/Expiration.html
 */
import { cacheBehaviors, type BehaviorFacts } from '../../edge-functions/config/cache-policy';
import { fetchPath } from './http';
import { closeStubs, editResponse, startStub, tempSite } from './stubs';
import { fixture } from '../support/fixtures';

afterEach(closeStubs);

const site = () => tempSite({ 'en/index.html': '<!doctype html><p>page</p>\n' });
const respond = (vary: string, cacheControl = 'public, max-age=0, s-maxage=300') =>
  editResponse((h) => {
    h.vary = [{ key: 'Vary', value: vary }];
    h['cache-control'] = [{ key: 'Cache-Control', value: cacheControl }];
  });
/** The rewrite fixture's behaviours, with the pages' origin request policy (and minimum TTL) replaced. */
const pagesWith = (over: Partial<BehaviorFacts>, minTtl = 0): BehaviorFacts[] =>
  cacheBehaviors(fixture('plain-files-rewrite').config).map((b) =>
    b.pathPattern === '*'
      ? { ...b, ...over, cachePolicy: { ...b.cachePolicy, ttl: { ...b.cachePolicy.ttl, min: minTtl } } }
      : b,
  );

async function twice(behaviors: BehaviorFacts[], vary: string, cacheControl?: string) {
  const s = await startStub('plain-files-rewrite', {
    siteDir: site(),
    behaviors,
    originResponse: respond(vary, cacheControl),
  });
  const first = await fetchPath(s.url, '/en/index.html', { 'Accept-Language': 'de' });
  const second = await fetchPath(s.url, '/en/index.html', { 'Accept-Language': 'en' });
  return { first, second };
}

describe('Vary through the local CloudFront', () => {
  it('caches an answer with Vary by its own key alone, and returns the headers it forwards', async () => {
    const { first, second } = await twice(pagesWith({}), 'Accept-Language, Cookie, Sec-Fetch-Mode');
    expect(first.headers.get('x-cache')).toBe('Miss from cloudfront');
    expect(second.headers.get('x-cache')).toBe('Hit from cloudfront');
    for (const r of [first, second])
      expect(r.headers.get('vary')).toBe('Accept-Language, Cookie, Sec-Fetch-Mode');
  });

  it('removes names it does not forward, keeping Accept-Encoding and Cookie', async () => {
    const { first, second } = await twice(
      pagesWith({ originRequestHeaders: [] }),
      'Accept-Language, Cookie, Accept-Encoding, X-Whatever',
    );
    for (const r of [first, second]) expect(r.headers.get('vary')).toBe('Cookie, Accept-Encoding');
  });

  it('drops Vary altogether when nothing in it is returned', async () => {
    const { first } = await twice(pagesWith({ originRequestHeaders: [] }), 'Accept-Language');
    expect(first.headers.get('vary')).toBeNull();
  });

  it('keeps Vary: * and sends every request to the origin when the minimum TTL is 0', async () => {
    const { first, second } = await twice(pagesWith({}), '*');
    expect([first, second].map((r) => r.headers.get('x-cache'))).toEqual([
      'Miss from cloudfront',
      'Miss from cloudfront',
    ]);
    expect(second.headers.get('vary')).toBe('*');
  });

  it.each([0, 60])('never serves a private answer from the cache (minimum TTL %i s)', async (min) => {
    const { first, second } = await twice(pagesWith({}, min), 'Cookie', 'private, max-age=0, s-maxage=300');
    expect([first, second].map((r) => r.headers.get('x-cache'))).toEqual([
      'Miss from cloudfront',
      'Miss from cloudfront',
    ]);
  });
});

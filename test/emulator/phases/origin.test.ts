/** The origin request CloudFront builds for an S3 origin with OAC, from a forwarded request and a policy. */
import { BUCKET_DOMAIN, originRequest } from '../../../emulator/phases/origin';
import { viewerRequest as viewerEvent, type RequestInput } from '../../support/events';
import { behaviorOf } from './support';

const PAGES = behaviorOf('*').cachePolicy;
const EDGE = behaviorOf('/__edge/*').cachePolicy;
const XP = PAGES.cookies[0]!;
const build = (input: RequestInput, policy = PAGES) =>
  originRequest(viewerEvent({ uri: '/en/index.html', ...input }).Records[0]!.cf.request, policy);
const value = (r: ReturnType<typeof build>, name: string) => r.headers[name]?.map((h) => h.value);

describe('originRequest', () => {
  it('names the bucket as Host and CloudFront as User-Agent and Via, never the viewer’s', () => {
    const r = build({ headers: { Host: 'www.example.com', 'User-Agent': 'curl/8' } });
    expect(value(r, 'host')).toEqual([BUCKET_DOMAIN]);
    expect(value(r, 'user-agent')).toEqual(['Amazon CloudFront']);
    expect(value(r, 'via')?.[0]).toMatch(/\(CloudFront\)$/);
  });

  it.each<[RequestInput, string]>([
    [{ clientIp: '203.0.113.9' }, '203.0.113.9'],
    [
      { clientIp: '203.0.113.9', headers: { 'X-Forwarded-For': '198.51.100.1' } },
      '198.51.100.1, 203.0.113.9',
    ],
    [{ clientIp: '2001:db8::1', headers: { 'X-Forwarded-For': ['a', 'b'] } }, 'a, b, 2001:db8::1'],
  ])('appends the viewer address to X-Forwarded-For for %j', (input, expected) => {
    expect(value(build(input), 'x-forwarded-for')).toEqual([expected]);
  });

  it.each<[string | undefined, string[] | undefined]>([
    [undefined, undefined],
    ['gzip', ['gzip']],
    ['deflate, gzip, br', ['br,gzip']],
    ['identity', undefined],
  ])('forwards Accept-Encoding %p as %p', (ae, expected) => {
    expect(value(build({ headers: ae ? { 'Accept-Encoding': ae } : {} }), 'accept-encoding')).toEqual(
      expected,
    );
  });

  it('forwards no Accept-Encoding where the policy does not compress', () => {
    expect(value(build({ headers: { 'Accept-Encoding': 'gzip' } }, EDGE), 'accept-encoding')).toBeUndefined();
  });

  it('forwards only the policy’s cookies, sorted, and no other header', () => {
    const r = build({
      headers: { Cookie: `session=1; ${XP}=bold`, 'Accept-Language': 'ja', 'X-Amz-Cf-Id': 'viewer-sent' },
    });
    expect(value(r, 'cookie')).toEqual([`${XP}=bold`]);
    expect(Object.keys(r.headers).sort()).toEqual(['cookie', 'host', 'user-agent', 'via', 'x-forwarded-for']);
  });

  it('keeps the method and URI, and only the policy’s query strings', () => {
    const r = build({ method: 'POST', querystring: 'utm=1&v=2' }, { ...PAGES, queryStrings: ['v'] });
    expect(r).toMatchObject({ method: 'POST', uri: '/en/index.html', querystring: 'v=2' });
  });

  it('describes an S3 origin with Origin Access Control', () => {
    expect((build({}) as unknown as { origin: unknown }).origin).toEqual({
      s3: { authMethod: 'none', customHeaders: {}, domainName: BUCKET_DOMAIN, path: '', region: 'us-east-1' },
    });
  });
});

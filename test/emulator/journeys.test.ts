/** Visitor journeys through the local CloudFront with the shipped bundles, over real HTTP. */
import { gunzipSync, brotliDecompressSync } from 'node:zlib';
import { startServer, type LocalCloudFront } from '../../emulator';
import { loadHandler } from '../../emulator/lambda';
import { enrollThrough, fetchPath, rawRequest } from './http';
import { fixture, serverOptions } from '../support/fixtures';

let server: LocalCloudFront;
beforeAll(async () => {
  server = await startServer({ ...serverOptions('demo'), port: 0, log: false });
});
afterAll(async () => {
  await server.close();
});

/** A minimal cookie jar: remembers name=value from Set-Cookie, sends them back. */
class Jar {
  private readonly cookies = new Map<string, string>();
  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
  store(setCookies: readonly string[]): void {
    for (const line of setCookies) {
      const [pair] = line.split(';');
      const eq = pair!.indexOf('=');
      this.cookies.set(pair!.slice(0, eq), pair!.slice(eq + 1));
    }
  }
  get(name: string): string | undefined {
    return this.cookies.get(name);
  }
}

const variantOf = (body: string) => /data-variant="([a-z]+)"/.exec(body)?.[1];
/** The proof's variant (`bold.e<id>.<sig>` → `bold`). */
const variantIn = (proof: string | undefined) => proof?.split('.')[0];

/** A navigation as a browser makes it: redirects followed, every Set-Cookie kept in the jar. */
async function navigate(jar: Jar, path: string, headers: Record<string, string> = {}) {
  let target = path;
  for (let hops = 0; ; hops++) {
    const res = await fetchPath(server.url, target, {
      ...headers,
      Cookie: jar.header(),
      'Sec-Fetch-Mode': 'navigate',
    });
    jar.store(res.setCookies);
    const location = res.headers.get('location');
    if (res.status !== 302 || location === null || hops === 5) return { ...res, hops };
    target = location;
  }
}

describe('visitor journeys', () => {
  it('lets the locale cookie win over Accept-Language on a neutral URL', async () => {
    const res = await fetchPath(server.url, '/features/', {
      'Accept-Language': 'en-US',
      Cookie: 'locale=ja',
    });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/ja/features/');
  });

  it('keeps a visitor on one variant across 10 requests with a cookie jar, after one issuing redirect', async () => {
    const jar = new Jar();
    const first = await navigate(jar, '/en/');
    expect(first.hops).toBe(1);
    const proof = jar.get('xp-home-hero');
    expect(['control', 'bold']).toContain(variantIn(proof));
    expect(variantOf(first.body)).toBe(variantIn(proof));
    for (let i = 0; i < 10; i++) {
      const res = await navigate(jar, '/en/');
      expect(res.hops).toBe(0);
      expect(variantOf(res.body)).toBe(variantIn(proof));
      expect(jar.get('xp-home-hero')).toBe(proof);
    }
  });

  it('lands a new visitor at / on their page in two redirects (locale, then proof)', async () => {
    const jar = new Jar();
    const res = await navigate(jar, '/', { 'Accept-Language': 'ja' });
    expect(res.status).toBe(200);
    expect(res.hops).toBe(2);
    expect(variantOf(res.body)).toBe(variantIn(jar.get('xp-home-hero')));
  });

  it('serves a browser that keeps no cookie after one redirect, never a loop', async () => {
    const nav = { 'Sec-Fetch-Mode': 'navigate' };
    const first = await fetchPath(server.url, '/en/', nav);
    expect(first.status).toBe(302);
    const again = await fetchPath(server.url, first.headers.get('location')!, nav);
    expect(again.status).toBe(200);
    expect(again.setCookies).toEqual([]);
  });

  it('re-buckets a tampered cookie and the jar then holds a valid proof', async () => {
    const jar = new Jar();
    jar.store(['xp-home-hero=admin']);
    const res = await navigate(jar, '/ja/');
    expect(['control', 'bold']).toContain(variantIn(jar.get('xp-home-hero')));
    expect(variantOf(res.body)).toBe(variantIn(jar.get('xp-home-hero')));
  });

  it('serves visitors who differ only in Accept-Language or other cookies from one cache entry', async () => {
    server.purge();
    const a = await fetchPath(server.url, '/ja/features/', {
      'Accept-Language': 'ja-JP',
      Cookie: 'session=1',
    });
    const b = await fetchPath(server.url, '/ja/features/', {
      'Accept-Language': 'fr-FR,fr;q=0.9',
      Cookie: 'session=2; locale=en',
    });
    const c = await fetchPath(server.url, '/ja/features/', {});
    expect(a.headers.get('x-cache')).toBe('Miss from cloudfront');
    expect(b.headers.get('x-cache')).toBe('Hit from cloudfront');
    expect(c.headers.get('x-cache')).toBe('Hit from cloudfront');
    expect(server.cache.entries).toBe(1);
  });

  it.each([
    ['gzip', (b: Buffer) => gunzipSync(b)],
    ['br', (b: Buffer) => brotliDecompressSync(b)],
  ] as const)(
    'compresses HTML for a viewer accepting %s, keyed apart from identity',
    async (coding, inflate) => {
      const identity = await rawRequest(server.port, '/en/architecture/');
      const packed = await rawRequest(server.port, '/en/architecture/', [['Accept-Encoding', coding]]);
      expect(packed.headers['content-encoding']).toBe(coding);
      expect(inflate(packed.body).toString()).toBe(identity.body.toString());
      expect(packed.body.length).toBeLessThan(identity.body.length);
      expect(identity.headers['content-encoding']).toBeUndefined();
    },
  );
});

describe('Set-Cookie outside the allow-list', () => {
  it('passes through, as CloudFront does, and is reported', async () => {
    const real = loadHandler(fixture('demo').bundle('origin-response')) as (
      e: unknown,
    ) => Promise<Record<string, any>>;
    const lines: string[] = [];
    const local = await startServer({
      ...serverOptions('demo'),
      port: 0,
      log: (l) => lines.push(l),
      originResponse: async (event: unknown) => {
        const r = await real(event);
        r.headers['set-cookie'] = [
          ...(r.headers['set-cookie'] ?? []),
          { key: 'Set-Cookie', value: 'tracking=abc; Path=/' },
        ];
        return r;
      },
    });
    try {
      const proof = await enrollThrough(local.url, '/en/', 'xp-home-hero', 'bold');
      const res = await fetchPath(local.url, '/en/', { Cookie: proof });
      expect(res.setCookies).toEqual(['tracking=abc; Path=/']);
      expect(lines.filter((l) => l.startsWith('warning:'))).toEqual([
        expect.stringMatching(/E_SET_COOKIE_NOT_KEYED.*'tracking'/),
      ]);
    } finally {
      await local.close();
    }
  });
});

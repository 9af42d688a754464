/**
 * The events `npm run test-function` sends, built from the configuration so they fit any site: each asks one
 * question whose answer is the same on every run (no new visitor is enrolled: an enrollment draws a variant
 * at random), and each is written twice, as CloudFront hands it to a CloudFront Function and to Lambda@Edge.
 * CloudFront Functions: https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/functions-event-structure.html
 * Lambda@Edge: https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/lambda-event-structure.html
 */
import type { CloudFrontFunctionName } from '../../edge-functions/cloudfront-functions/contract';
import { functionRouter, GOAL_ENDPOINT_PREFIX } from '../../edge-functions/config/cache-policy';
import type { SiteConfig } from '../../edge-functions/config/schema';

export interface Probe {
  /** What it asks, as the report names it. */
  readonly name: string;
  /** The CloudFront Function whose behaviour the request falls under. */
  readonly fn: CloudFrontFunctionName;
  readonly method: string;
  readonly uri: string;
  /** As received, without `?`. */
  readonly query: string;
  /** Lower-case name → value. */
  readonly headers: Readonly<Record<string, string>>;
  readonly cookies: Readonly<Record<string, string>>;
}

const HOST = 'd111111abcdef8.cloudfront.net';
const BROWSER = { 'sec-fetch-mode': 'navigate', 'sec-fetch-site': 'none', 'sec-fetch-dest': 'document' };

const probe = (name: string, uri: string, over: Partial<Probe> = {}): Probe => ({
  name,
  fn: 'viewer-request',
  method: 'GET',
  uri,
  query: '',
  headers: {},
  cookies: {},
  ...over,
});

/** A question per feature the configuration uses: locale, canonical paths, URI safety, QA links, the beacon. */
export function probes(config: SiteConfig): Probe[] {
  const { supported, default: fallback, cookieName, neutralPaths } = config.locales;
  const other = supported.find((l) => l !== fallback) ?? fallback;
  // Without Sec-Fetch-Mode, as a crawler: `/` may be an experiment's page, where a browser would be enrolled.
  const out = [
    probe(`Accept-Language: ${other}`, '/', { headers: { 'accept-language': other } }),
    probe('an unknown language gets the default', '/', { headers: { 'accept-language': 'xx' } }),
    probe(`${cookieName} cookie over Accept-Language`, '/', {
      headers: { 'accept-language': fallback },
      cookies: { [cookieName]: other },
    }),
    probe('an extensionless path is canonicalised', `/${fallback}/no-such-page`),
    probe('a bad percent-escape is refused', '/%zz'),
  ];
  const neutral = neutralPaths.find((p) => !p.endsWith('*'));
  if (neutral !== undefined) out.push(probe('a neutral file is forwarded', neutral));
  const e = config.experiments.list.find((x) => x.enabled && x.variants.length > 1);
  if (e !== undefined) {
    const page = `/${fallback}${e.paths[0]!.replace(/\*$/, '')}`;
    const variant = e.variants.find((v) => v.name !== e.control)!.name;
    out.push(
      probe(`a crawler on ${e.id}`, page, { headers: { 'user-agent': 'Googlebot/2.1' } }),
      probe(`the QA link ${e.overrideParam}=${variant}`, page, {
        query: `${encodeURIComponent(e.overrideParam)}=${encodeURIComponent(variant)}`,
        headers: BROWSER,
      }),
    );
  }
  const goal = config.experiments.goals[0];
  if (goal !== undefined)
    out.push(
      probe(`a beacon for ${goal.id} without a proof`, `${GOAL_ENDPOINT_PREFIX}${goal.id}`, {
        method: 'POST',
        headers: { 'sec-fetch-site': 'same-origin', 'sec-fetch-mode': 'no-cors' },
      }),
    );
  // Each to the function of the behaviour its path falls under, as the distribution routes it.
  const route = functionRouter(config);
  return out.map((p) => ({ ...p, fn: route(p.uri) }));
}

const pairs = (query: string): [string, string][] =>
  query === ''
    ? []
    : query.split('&').map((p) => {
        const i = p.indexOf('=');
        return i < 0 ? [p, ''] : [p.slice(0, i), p.slice(i + 1)];
      });

/** Name → `{ value, multiValue }`, the runtime's shape for repeated query parameters. */
function valuesOf(entries: readonly [string, string][]): Record<string, unknown> {
  const out: Record<string, { value: string; multiValue?: { value: string }[] }> = {};
  for (const [k, value] of entries) {
    const seen = out[k];
    if (seen === undefined) out[k] = { value };
    else seen.multiValue = [...(seen.multiValue ?? [{ value: seen.value }]), { value }];
  }
  return out;
}

/** The event a CloudFront Function receives (TestFunction's `EventObject`). */
export function functionEvent(p: Probe): Record<string, unknown> {
  return {
    version: '1.0',
    context: { eventType: 'viewer-request' },
    viewer: { ip: '198.51.100.11' },
    request: {
      method: p.method,
      uri: p.uri,
      querystring: valuesOf(pairs(p.query)),
      headers: valuesOf(Object.entries({ host: HOST, ...p.headers })),
      cookies: valuesOf(Object.entries(p.cookies)),
    },
  };
}

/** The event the Lambda@Edge viewer-request function receives. */
export function lambdaEvent(p: Probe): Record<string, unknown> {
  const headers: Record<string, { key: string; value: string }[]> = {};
  for (const [name, value] of Object.entries({ host: HOST, ...p.headers }))
    headers[name] = [{ key: name, value }];
  const cookie = Object.entries(p.cookies).map(([k, v]) => `${k}=${v}`);
  if (cookie.length > 0) headers.cookie = [{ key: 'Cookie', value: cookie.join('; ') }];
  return {
    Records: [
      {
        cf: {
          config: {
            distributionDomainName: HOST,
            distributionId: 'EDFDVBD6EXAMPLE',
            eventType: 'viewer-request',
            requestId: 'test-function',
          },
          request: { clientIp: '198.51.100.11', method: p.method, uri: p.uri, querystring: p.query, headers },
        },
      },
    ],
  };
}

/**
 * Drive a fixture's shipped bundles the way CloudFront does and check every result with the Lambda@Edge
 * validator (`edge-functions/cloudfront/validator.ts`): what a test asserts on is always something
 * CloudFront would accept, or the violations say why not.
 */
import type {
  CloudFrontRequest,
  CloudFrontRequestEvent,
  CloudFrontResponseEvent,
  CloudFrontResultResponse,
} from '../../edge-functions/cloudfront/types';
import { validateResult, type Violation } from '../../edge-functions/cloudfront/validator';
import type { ExperimentConfig } from '../../edge-functions/config/schema';
import { originResponse, viewerRequest, type RequestInput, type ResponseInput } from './events';
import { fixture, handlerOf, type FixtureName } from './fixtures';

export interface BundleRun<R> {
  readonly result: R;
  readonly violations: Violation[];
  /** What the handler printed, one entry per console.log call. */
  readonly log: string[];
}

/** A viewer-request result: the forwarded request or a generated response. */
export type ViewerResult = Partial<CloudFrontRequest> & Partial<CloudFrontResultResponse>;
export type OriginResult = CloudFrontResultResponse & { body?: string; bodyEncoding?: string };

async function capture<R>(call: () => Promise<R>): Promise<{ result: R; log: string[] }> {
  const spy = jest.spyOn(console, 'log').mockImplementation(() => undefined);
  try {
    const result = await call();
    return { result, log: spy.mock.calls.map((c) => String(c[0])) };
  } finally {
    spy.mockRestore();
  }
}

/** Run a fixture's viewer-request bundle on a request (or on any raw event, malformed ones included). */
export async function runViewer(
  name: FixtureName,
  input: RequestInput | { readonly raw: unknown },
): Promise<BundleRun<ViewerResult>> {
  const event = 'raw' in input ? input.raw : viewerRequest(input);
  const request = (event as CloudFrontRequestEvent | undefined)?.Records?.[0]?.cf?.request;
  const before = structuredClone(request?.headers ?? {});
  const handler = handlerOf<unknown, ViewerResult>(name, 'viewer-request');
  const { result, log } = await capture(() => handler(event));
  return {
    result,
    log,
    violations: validateResult({ eventType: 'viewer-request', requestHeaders: before }, result),
  };
}

/** Run a fixture's origin-response bundle on a response event (or any raw event). */
export async function runOrigin(
  name: FixtureName,
  input: ResponseInput | { readonly raw: unknown },
): Promise<BundleRun<OriginResult>> {
  const event = 'raw' in input ? input.raw : originResponse(input);
  const cf = (event as CloudFrontResponseEvent | undefined)?.Records?.[0]?.cf;
  const requestHeaders = structuredClone(cf?.request?.headers ?? {});
  const responseHeaders = structuredClone(cf?.response?.headers ?? {});
  const handler = handlerOf<unknown, OriginResult>(name, 'origin-response');
  const { result, log } = await capture(() => handler(event));
  return {
    result,
    log,
    violations: validateResult({ eventType: 'origin-response', requestHeaders, responseHeaders }, result),
  };
}

/**
 * What reaches the origin after viewer-request: the forwarded request's URI and the cookies the cache
 * policy forwards (only the experiment cookies), as origin-response sees them.
 */
export function originRequestOf(name: FixtureName, forwarded: ViewerResult): ResponseInput {
  const allow = new Set(fixture(name).resolved.experimentCookieNames);
  const cookie = (forwarded.headers?.cookie ?? [])
    .flatMap((h) => h.value.split(';'))
    .map((pair) => pair.trim())
    .filter((pair) => allow.has(pair.slice(0, pair.indexOf('='))))
    .join('; ');
  return { uri: forwarded.uri, headers: cookie === '' ? {} : { Cookie: cookie } };
}

/** `name=value` pairs of the forwarded request's Cookie header, in order. */
export const cookiePairs = (r: ViewerResult): string[] =>
  (r.headers?.cookie ?? []).flatMap((h) => h.value.split(';').map((p) => p.trim())).filter(Boolean);

export const header = (r: { headers?: CloudFrontResultResponse['headers'] }, name: string) =>
  r.headers?.[name]?.[0]?.value;

/**
 * Where a locale-less request landed: the `Location` of a redirect (redirect mode), or the page of the object
 * forwarded in its place (rewrite mode: `/de/index.html` → `/de/`).
 */
export const landing = (r: ViewerResult): string | undefined =>
  header(r, 'location') ?? (r.uri === undefined ? undefined : r.uri.replace(/index\.html$/, ''));

/** A page an experiment covers, as a locale-less directory path (`/blog/*` → `/blog/`). */
export const pageOf = (e: ExperimentConfig): string => {
  const p = e.paths[0]!;
  return p.endsWith('*') ? p.slice(0, -1) : p;
};

/** The first variant that is not the control (what a visitor sees only when the experiment runs). */
export const treatmentOf = (e: ExperimentConfig): string =>
  e.variants.find((v) => v.name !== e.control)!.name;

/** A supported locale other than the default (every fixture has at least two). */
export const otherLocale = (name: FixtureName): string => {
  const { supported, default: def } = fixture(name).config.locales;
  return supported.find((l) => l !== def)!;
};

/** The consent cookie pair when the fixture gates experiments on consent, else nothing. */
export const consentPairs = (name: FixtureName): string[] => {
  const c = fixture(name).config.experiments.consentCookieName;
  return c === undefined ? [] : [`${c}=yes`];
};

export const BROWSER = { 'Sec-Fetch-Mode': 'navigate' } as const;

/** The value a `Set-Cookie` line gives a cookie (`name=value; …` → `value`), or undefined. */
export function setCookieValue(r: ViewerResult | OriginResult, name: string): string | undefined {
  for (const h of r.headers?.['set-cookie'] ?? []) {
    const pair = h.value.split(';', 1)[0]!;
    if (pair.slice(0, pair.indexOf('=')) === name) return pair.slice(pair.indexOf('=') + 1);
  }
  return undefined;
}

/**
 * A proof of enrollment in `variant`, issued by the fixture's shipped viewer-request bundle to a new
 * browser visiting the experiment's page (the issuing 302), and the `Enrollments` line it logged.
 */
export async function enrollAs(name: FixtureName, e: ExperimentConfig, variant = treatmentOf(e)) {
  const { config } = fixture(name);
  const uri = `/${config.locales.default}${pageOf(e)}`;
  const cookie = consentPairs(name).join('; ');
  for (let i = 0; i < 500; i++) {
    const { result, log } = await runViewer(name, { uri, headers: { ...BROWSER, Cookie: cookie } });
    const value = setCookieValue(result, e.cookieName);
    if (value === undefined) throw new Error(`no proof issued for ${e.id} on ${uri}: ${result.status}`);
    if (value.startsWith(`${variant}.`)) return { pair: `${e.cookieName}=${value}`, value, log };
  }
  throw new Error(`no ${variant} drawn for ${e.id} in 500 enrollments`);
}

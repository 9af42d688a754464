/**
 * The same viewer request for both runtimes, and what a decision is once randomness is set aside. A request
 * is drawn once (the fuzz arbitraries, `bench/fuzz/`), then delivered as CloudFront delivers it to each
 * runtime: a Lambda@Edge event, and a CloudFront Functions event as the local CloudFront makes it
 * (`emulator/function-events.ts`: headers as `{value, multiValue}`, the `Cookie` line parsed into `cookies`,
 * the raw query string beside the parsed one).
 * https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/functions-event-structure.html
 */
import type { CloudFrontRequest } from '../../edge-functions/cloudfront/types';
import type { FunctionEventData, FunctionResult } from '../../edge-functions/cloudfront-functions/types';
import { toFunctionEvent } from '../../emulator/function-events';
import type { SiteConfig } from '../../edge-functions/config/schema';
import { parseLogLine } from '../../edge-functions/shared/log-parse';
import { readProof } from '../../edge-functions/shared/proof';
import { createHmac } from 'node:crypto';
import { TEST_SIGNING_KEYS } from './keys';
import type { ViewerResult } from './bundles';

/** The CloudFront Functions event for a request Lambda@Edge would see as `request`: the local CloudFront's. */
export const functionEvent = (r: CloudFrontRequest, requestId: string): FunctionEventData =>
  toFunctionEvent(r, { requestId });

/** A decision as both runtimes must agree on it. */
export interface Outcome {
  readonly status?: number;
  readonly headers?: Record<string, string>;
  readonly setCookies?: string[];
  readonly body?: string;
  readonly uri?: string;
  /** The experiment cookies forwarded (the cache key), name=value. */
  readonly forwarded?: string[];
  readonly lines: string[];
}

const hmac = (key: string, data: string) => createHmac('sha256', key).update(data).digest('base64url');

/**
 * A `Set-Cookie` line with its randomness set aside: a proof the edge issued (it verifies with the keys) reads
 * as its kind, and a new enrollment's variant as `?` (each runtime draws its own).
 */
function setCookieOf(config: SiteConfig, line: string): string {
  const eq = line.indexOf('=');
  const semi = line.indexOf(';');
  const name = line.slice(0, eq);
  const value = line.slice(eq + 1, semi === -1 ? undefined : semi);
  const e = config.experiments.list.find((x) => x.cookieName === name);
  const proof = e && readProof(e, value, { keys: TEST_SIGNING_KEYS, hmac });
  const shown = proof ? `<proof ${proof.kind === 'e' ? '?' : proof.variant} ${proof.kind}>` : value;
  return `${name}=${shown}${semi === -1 ? '' : line.slice(semi)}`;
}

/**
 * A log line as what it records, whatever its format (EMF on Lambda@Edge, metric words on CloudFront
 * Functions, read by the one parser), without what each runtime draws itself: a new enrollment's variant and
 * identifier.
 */
function lineOf(line: string): string {
  const entry = parseLogLine(line);
  if (entry.kind === 'records')
    return entry.records
      .map((r) => {
        const drawn = r.metric === 'Enrollments';
        const fields = [r.experiment, drawn ? '?' : r.variant, r.goal, drawn ? '?' : r.enrollment, r.phase];
        return `${r.metric} ${fields.join(' ')}`;
      })
      .join('\n');
  return `${entry.kind} ${line.replace(/=[^=()"]+\(new\)/g, '=?(new)')}`;
}

const marker = (s: string): string => s.replace(/([?&]_xpe=)[0-9a-z]+/, '$1T');

/** The Lambda@Edge bundle's result, normalised. */
export function lambdaOutcome(config: SiteConfig, r: ViewerResult, log: readonly string[]): Outcome {
  const lines = log.map(lineOf);
  if (r.status === undefined) {
    const names = new Set(config.experiments.list.map((e) => e.cookieName));
    const pairs = (r.headers?.cookie ?? []).flatMap((h) => h.value.split(';').map((p) => p.trim()));
    return {
      uri: r.uri,
      forwarded: pairs.filter((p) => names.has(p.slice(0, p.indexOf('=')))).sort(),
      lines,
    };
  }
  const headers: Record<string, string> = {};
  for (const [name, list] of Object.entries(r.headers ?? {}))
    if (name !== 'set-cookie') headers[name] = marker(list[0]!.value);
  const setCookies = (r.headers?.['set-cookie'] ?? []).map((h) => setCookieOf(config, h.value)).sort();
  return { status: Number(r.status), headers, setCookies, body: r.body, lines };
}

/** The CloudFront Function's result, normalised the same way. */
export function functionOutcome(config: SiteConfig, r: FunctionResult, log: readonly string[]): Outcome {
  const lines = log.map(lineOf);
  if (!('statusCode' in r)) {
    const names = new Set(config.experiments.list.map((e) => e.cookieName));
    const pairs = Object.entries(r.cookies ?? {}).map(([n, v]) => `${n}=${v.value}`);
    return {
      uri: r.uri,
      forwarded: pairs.filter((p) => names.has(p.slice(0, p.indexOf('=')))).sort(),
      lines,
    };
  }
  const headers: Record<string, string> = {};
  for (const [name, v] of Object.entries(r.headers ?? {})) headers[name] = marker(v.value);
  const setCookies = Object.entries(r.cookies ?? {})
    .map(([n, c]) => setCookieOf(config, `${n}=${c.value}${c.attributes ? `; ${c.attributes}` : ''}`))
    .sort();
  const body = typeof r.body === 'string' ? r.body : r.body?.data;
  return { status: r.statusCode, headers, setCookies, body, lines };
}

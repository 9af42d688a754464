/**
 * What 1M viewer requests cost on each viewer runtime, line item by line item, each with its price and the
 * page that publishes it (`prices.ts`). Inputs are what the `runtimes` section measured on the same trace:
 * per invocation, the Lambda@Edge bundle under Node and the CloudFront Functions bundles under njs. One
 * invocation per viewer request on either runtime (a beacon runs `edge-endpoints` instead of the page
 * function). Pure, so the sums are tested on known inputs.
 */
import { BYTES_PER_GB, PRICES, type Price } from '../prices';
import type { Row } from '../sections/section';
import {
  functionIngestedBytes,
  functionPlatformBytes,
  ingestedBytes,
  platformBytesPerInvocation,
} from './platform';

/** The Lambda@Edge viewer-request function, per invocation on the trace. */
export interface LambdaEdgeCall {
  /** Mean billed ms (each call's measured time rounded up, 1 ms minimum). */
  readonly billedMs: number;
  /** Mean bytes our lines took as printed (each with its newline), and mean lines. */
  readonly printedBytes: number;
  readonly lines: number;
  readonly memoryMb: number;
}

/** The CloudFront Functions, per invocation on the trace. */
export interface FunctionCall {
  /** Mean KeyValueStore reads (`get` and `exists` calls). */
  readonly kvsReads: number;
  readonly printedBytes: number;
  readonly lines: number;
  /** Share of invocations that printed at least one line: those CloudFront writes START and END for. */
  readonly loggedShare: number;
}

export interface PricedLine {
  readonly runtime: 'Lambda@Edge' | 'CloudFront Functions';
  readonly item: string;
  /** What one request uses of the priced unit, as shown. */
  readonly quantity: string;
  readonly usd: number;
  readonly price?: Price;
}

const MILLION = 1e6;
const fixed = (n: number, digits = 2): string => n.toFixed(digits);

export function lambdaEdgeLines(c: LambdaEdgeCall, prices = PRICES): PricedLine[] {
  const gb = c.memoryMb / 1024;
  const ours = ingestedBytes(c.printedBytes, c.lines);
  const logs = (bytes: number) => (bytes / BYTES_PER_GB) * prices.cloudWatchLogsIngestionGb.usd;
  const lines: PricedLine[] = [
    {
      runtime: 'Lambda@Edge',
      item: 'requests',
      quantity: '1 per viewer request',
      usd: MILLION * prices.lambdaEdgeRequest.usd,
      price: prices.lambdaEdgeRequest,
    },
    {
      runtime: 'Lambda@Edge',
      item: `duration (${c.memoryMb} MB, billed ms)`,
      quantity: `${fixed(c.billedMs, 3)} ms × ${gb} GB`,
      usd: MILLION * (c.billedMs / 1000) * gb * prices.lambdaEdgeGbSecond.usd,
      price: prices.lambdaEdgeGbSecond,
    },
    {
      runtime: 'Lambda@Edge',
      item: 'logs: START/END/REPORT',
      quantity: `${platformBytesPerInvocation()} B ingested`,
      usd: MILLION * logs(platformBytesPerInvocation()),
      price: prices.cloudWatchLogsIngestionGb,
    },
    {
      runtime: 'Lambda@Edge',
      item: 'logs: our lines (EMF)',
      quantity: `${fixed(c.lines, 3)} lines, ${fixed(ours)} B ingested`,
      usd: MILLION * logs(ours),
      price: prices.cloudWatchLogsIngestionGb,
    },
  ];
  return [...lines, totalOf('Lambda@Edge', lines)];
}

export function functionLines(c: FunctionCall, prices = PRICES): PricedLine[] {
  const ours = functionIngestedBytes(c.printedBytes, c.lines);
  const platform = c.loggedShare * functionPlatformBytes();
  const logs = (bytes: number) => (bytes / BYTES_PER_GB) * prices.cloudWatchLogsIngestionGb.usd;
  const lines: PricedLine[] = [
    {
      runtime: 'CloudFront Functions',
      item: 'invocations',
      quantity: '1 per viewer request',
      usd: MILLION * prices.cloudFrontFunctionInvocation.usd,
      price: prices.cloudFrontFunctionInvocation,
    },
    {
      runtime: 'CloudFront Functions',
      item: 'KeyValueStore reads (lt:, xp:)',
      quantity: `${fixed(c.kvsReads, 3)} reads`,
      usd: MILLION * c.kvsReads * prices.keyValueStoreRead.usd,
      price: prices.keyValueStoreRead,
    },
    {
      runtime: 'CloudFront Functions',
      item: 'logs: START/END (logged calls)',
      quantity: `${fixed(c.loggedShare * 100)}% × ${functionPlatformBytes()} B ingested`,
      usd: MILLION * logs(platform),
      price: prices.cloudWatchLogsIngestionGb,
    },
    {
      runtime: 'CloudFront Functions',
      item: 'logs: our lines (metric words)',
      quantity: `${fixed(c.lines, 3)} lines, ${fixed(ours)} B ingested`,
      usd: MILLION * logs(ours),
      price: prices.cloudWatchLogsIngestionGb,
    },
  ];
  return [...lines, totalOf('CloudFront Functions', lines)];
}

function totalOf(runtime: PricedLine['runtime'], lines: readonly PricedLine[]): PricedLine {
  return { runtime, item: 'total', quantity: '', usd: lines.reduce((sum, l) => sum + l.usd, 0) };
}

/** A price as people read it: per 1M of a tiny unit, as published otherwise; "unverified" when it is. */
export function priceLabel(p: Price): string {
  const shown = p.usd < 1e-5 ? `$${Number((p.usd * MILLION).toPrecision(4))} per 1M` : `$${p.usd} per`;
  const unit = p.per.replace(/ \(.*$/, '');
  return `${shown} ${unit}${p.note.startsWith('UNVERIFIED') ? ' (unverified)' : ''}`;
}

export const costRows = (lines: readonly PricedLine[]): Row[] =>
  lines.map((l) => ({
    runtime: l.runtime,
    item: l.item,
    'per request': l.quantity,
    '$ per 1M': Number(l.usd.toFixed(4)),
    price: l.price ? priceLabel(l.price) : '',
    source: l.price?.source ?? '',
  }));

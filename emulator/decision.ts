/**
 * What the local CloudFront shows of each request's decisions: the notes on its access line
 * (`GET /en/ → 302 Generated 1.2 ms  locale=en(path) home-hero=bold(new)`) and, on the response, the
 * `X-Emulator-Decision` header (`locale=en(path); home-hero=bold(new)`) that a tester reads in devtools. Both
 * are read from the function's own lines with the shared parser (`edge-functions/shared/log-parse.ts`); the
 * emulator never re-derives a decision.
 *
 * With `logs.debug` off a deployed viewer-request prints only metric lines, which cannot say the locale, its
 * source, or an assignment that enrolls nobody. Rather than guess from the bundle's output (a locale folder
 * in the URI says nothing of why; a variant cookie does not say whether it came from a proof, a QA session or
 * an older cookie), the emulator offers the bundle a local log channel while loading it (`LOCAL_LOG`,
 * `emulator/lambda.ts`): the bundle then makes its decision lines whatever its `logs.debug`, and the
 * emulator shows them without printing or keeping those the deployed function would not print. Results and
 * what CloudFront receives are the deployed function's; Lambda never offers the channel, so a deployed
 * function pays one global lookup per cold start and nothing per request.
 *
 * The header is the local CloudFront's own, never a function's, and never deployed: `X-Edge-*` and
 * `X-Amz-Cf-*` are CloudFront's reserved prefixes (`edge-functions/cloudfront/rules.ts`), so it is named like
 * `X-Emulator-Error`. It is added to each answer, never to what the cache keeps.
 */
import type { EventType } from '../edge-functions/cloudfront/types';
import type { AssignmentSource } from '../edge-functions/shared/experiments';
import { parseLogLine, type Decision, type LogEntry } from '../edge-functions/shared/log-parse';
import { experimentNote } from '../edge-functions/shared/log-schema';
import type { Outcome, Trace } from './types';

export const DECISION_HEADER = 'X-Emulator-Decision';

/** An `Enrollments` line is written only for an enrollment drawn now. */
const ENROLLED: AssignmentSource = 'new';

export interface FunctionOutput {
  /** Lines the function printed. */
  readonly logs: readonly string[];
  /** Decision lines it handed to the local channel. */
  readonly decisions: readonly string[];
}

export interface ReadLines {
  /** Everything worth a note on the access line, the decision first. */
  readonly notes: string[];
  /** The decision alone: locale with its source, each experiment with its variant and source. */
  readonly decision: string[];
}

/** The decision's parts: a decision line's locale and experiments, then enrollments it does not name. */
function decisionParts(decision: Decision | undefined, entries: readonly LogEntry[]): string[] {
  const parts = decision?.locale ? [`locale=${decision.locale.tag}(${decision.locale.source})`] : [];
  const named = new Set<string>();
  for (const x of decision?.experiments ?? []) {
    parts.push(experimentNote(x.experiment, x.variant, x.source));
    named.add(x.experiment);
  }
  for (const e of entries)
    if (e.kind === 'records')
      for (const r of e.records)
        if (r.metric === 'Enrollments' && !named.has(r.experiment)) {
          parts.push(experimentNote(r.experiment, r.variant, ENROLLED));
          named.add(r.experiment);
        }
  return parts;
}

/** A note for a line that is not the decision: conversions, errors, and whatever else was printed. */
function otherNote(fn: EventType, line: string, entry: LogEntry): string[] {
  switch (entry.kind) {
    case 'records':
      return entry.records
        .filter((r) => r.goal !== undefined)
        .map((r) => `goal=${r.goal}(${r.experiment}=${r.variant})`);
    case 'error':
      return [`${fn}:${entry.error.code}(${entry.error.message})`];
    case 'warn':
      return [`${fn}:${entry.warning.code}(${entry.warning.message})`];
    case 'malformed':
      return [`${fn}: malformed log line (${entry.reason})`];
    case 'ignored':
      return [`${fn}: ${line.slice(0, 200)}`];
    case 'decision':
      return [];
  }
}

/** Read one invocation's lines into its access-line notes and its decision. */
export function readLines(fn: EventType, out: FunctionOutput): ReadLines {
  const printed = out.logs.map((line) => ({ line, entry: parseLogLine(line) }));
  const entries = [...printed.map((p) => p.entry), ...out.decisions.map(parseLogLine)];
  const found = entries.find((e) => e.kind === 'decision');
  const decision = decisionParts(found?.kind === 'decision' ? found.decision : undefined, entries);
  const others = printed.flatMap((p) => otherNote(fn, p.line, p.entry));
  return { notes: [...decision, ...others], decision };
}

/** Header values are visible ASCII (RFC 9110 §5.5); configured names already are, anything else is `?`. */
const headerValue = (parts: readonly string[]): string =>
  parts
    .join('; ')
    .replace(/[^\x20-\x7e]/g, '?')
    .slice(0, 1024);

/** The answer with `X-Emulator-Decision` added (a copy: a cached response is never changed). */
export function withDecision(outcome: Outcome, trace: Trace): Outcome {
  if (outcome.kind === 'error' || !trace.decision || trace.decision.length === 0) return outcome;
  const name = DECISION_HEADER.toLowerCase();
  const headers = {
    ...outcome.response.headers,
    [name]: [{ key: DECISION_HEADER, value: headerValue(trace.decision) }],
  };
  return { ...outcome, response: { ...outcome.response, headers } };
}

/**
 * Turns log lines into counts. Accepted, mixed freely in one input:
 * - raw EMF lines, with or without the Lambda prefix (`<ISO time>\t<request id>\tINFO\t{…}`) or a
 *   CloudWatch export's `<timestamp> {…}`: the JSON object starts at the first `{`;
 * - the CloudFront Functions' metric words, bare or after the request id (and an export's timestamp);
 * - `aws logs filter-log-events` output (`{"events":[{"message":"…"}…]}`), compact or pretty-printed, one
 *   page or several concatenated: each event's message is read as a log line.
 * https://docs.aws.amazon.com/cli/latest/reference/logs/filter-log-events.html
 */
import { Counts } from '../counts';
import type { ReportConfig } from '../types';
import { entryOf, parseLogLine, type LogEntry } from '../../edge-functions/shared/log-parse';
import { JsonSplitter } from './json-splitter';

export interface IngestSummary {
  /** Log entries looked at: lines outside JSON documents, plus each event of a filter-log-events page. */
  entries: number;
  /** Metric values counted (an entry can carry several metrics). */
  records: number;
  /** Entries that count nothing: not ours (no JSON, other namespaces or metrics), or decision and error lines. */
  ignored: number;
  /** Entries that looked like JSON or our EMF but could not be read; reported, never fatal. */
  malformed: number;
  /**
   * Conversion lines that name no enrollment: written before proofs of enrollment, when any client could
   * forge them. Never counted.
   */
  unverified: number;
  /**
   * Lines naming an enrollment (and goal) already counted, counted once: the same export read from several
   * files (`.log`, `.json`, `.gz`), or a replayed beacon.
   */
  duplicates: number;
  /** What could not be read, file by file (a corrupt `.gz`, lines over MAX_LINE_BYTES); never fatal. */
  readonly warnings: string[];
}

/** A pretty-printed document larger than this is abandoned as malformed (filter-log-events pages are ≤ 1 MB). */
const MAX_DOCUMENT_CHARS = 64 * 1024 * 1024;

/** An object whose first member begins (`{"`) or an empty object. */
const LOOKS_LIKE_JSON = /^\{\s*["}]/;

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

export class Ingest {
  readonly counts: Counts;
  readonly summary: IngestSummary = {
    entries: 0,
    records: 0,
    ignored: 0,
    malformed: 0,
    unverified: 0,
    duplicates: 0,
    warnings: [],
  };
  private document: JsonSplitter | null = null;

  /** With `config`, names it does not define are noted, never kept (see Counts). */
  constructor(config?: ReportConfig) {
    this.counts = new Counts(config);
  }

  /** One physical line of input, without its line break. */
  line(text: string): void {
    if (this.document) return this.continueDocument(text);
    const start = text.indexOf('{');
    // A line holding only `{` opens a pretty-printed document (the AWS CLI's default JSON output).
    if (start >= 0 && text.slice(start).trim() === '{') {
      this.document = new JsonSplitter();
      return this.continueDocument(text.slice(start));
    }
    this.entry(text);
  }

  /** A line too long to be read (its bytes were dropped as they came): one malformed entry. */
  oversized(): void {
    this.tally({ kind: 'malformed', reason: 'line too long' });
  }

  warn(text: string): void {
    this.summary.warnings.push(text);
  }

  /** Call at the end of each file or stream: an unclosed document counts as one malformed entry. */
  finish(): IngestSummary {
    if (this.document) this.tally({ kind: 'malformed', reason: 'unterminated JSON document' });
    this.document = null;
    return this.summary;
  }

  private continueDocument(text: string): void {
    const splitter = this.document!;
    // Pretty-printed JSON indents everything between its opening and closing lines; text at column 0
    // means the `{` was a stray line, not a document: give it up rather than swallow the rest of the log.
    if (splitter.open && /^[^\s}\]]/.test(text)) {
      this.tally({ kind: 'malformed', reason: 'unterminated JSON document' });
      this.document = null;
      return this.line(text);
    }
    for (const json of splitter.feed(text)) this.value(json, true);
    if (!splitter.open) this.document = null;
    else if (splitter.size > MAX_DOCUMENT_CHARS) {
      this.tally({ kind: 'malformed', reason: 'JSON document too large' });
      this.document = null;
    }
  }

  /** One log entry: the JSON object from its first `{`, else metric words (CloudFront Functions) or nothing of ours. */
  private entry(text: string): void {
    const start = text.indexOf('{');
    if (start < 0) return this.tally(parseLogLine(text));
    this.value(text.slice(start), false);
  }

  private value(json: string, fromDocument: boolean): void {
    let parsed: unknown;
    try {
      parsed = JSON.parse(json);
    } catch {
      // Two pages glued on one line (`}{`) still split into valid values.
      const parts = fromDocument ? [] : new JsonSplitter().feed(json);
      if (parts.length > 1) return parts.forEach((p) => this.value(p, true));
      // Text that merely contains a brace (a stack trace, util.inspect output) is not ours; a JSON object
      // that fails to parse (a cut or corrupted line) is.
      return this.tally(
        LOOKS_LIKE_JSON.test(json) ? { kind: 'malformed', reason: 'not JSON' } : { kind: 'ignored' },
      );
    }
    if (isObject(parsed) && Array.isArray(parsed.events)) return this.page(parsed.events);
    this.tally(isObject(parsed) ? entryOf(parsed) : { kind: 'ignored' });
  }

  private page(events: readonly unknown[]): void {
    for (const event of events) {
      const message = isObject(event) ? event.message : undefined;
      if (typeof message === 'string') this.entry(message);
      else this.tally({ kind: 'malformed', reason: 'event without message' });
    }
  }

  private tally(result: LogEntry): void {
    this.summary.entries++;
    // Decision, error and warning lines are the edge's, but count nothing.
    if (result.kind === 'decision' || result.kind === 'error' || result.kind === 'warn')
      return void this.summary.ignored++;
    if (result.kind === 'records') {
      for (const r of result.records) {
        // A log line's conversion counts only for the enrollment it names (docs/experiments.md).
        if (r.metric === 'Conversions' && r.enrollment === undefined) this.summary.unverified++;
        else if (this.counts.add(r) === 'duplicate') this.summary.duplicates++;
      }
      this.summary.records += result.records.length;
    } else this.summary[result.kind]++;
  }
}

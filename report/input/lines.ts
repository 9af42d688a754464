/**
 * Splits a byte stream into lines with bounded memory. readline would build any line whole, so a single
 * line of gigabytes (a corrupt file, a whole export on one line) would be held in memory at once; here the
 * bytes of a line past MAX_LINE_BYTES are dropped as they arrive and the line is reported as skipped.
 * Line breaks are `\n` and `\r\n` (what CloudWatch exports and the local CloudFront write).
 */

/**
 * The longest line read: well above any log line of ours (EMF lines are a few hundred bytes) and above the
 * largest CloudWatch Logs event (1 MB, https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/cloudwatch_limits_cwl.html)
 * with its export prefix. An `aws logs filter-log-events` page compacted onto one line can be longer: read
 * those pretty-printed (the AWS CLI's default output).
 */
export const MAX_LINE_BYTES = 1024 * 1024;

const LF = 0x0a;

export class LineSplitter {
  private parts: Buffer[] = [];
  private held = 0;
  private dropping = false;
  /** Lines skipped for being longer than the limit. */
  oversized = 0;

  constructor(private readonly limit = MAX_LINE_BYTES) {}

  /** The lines completed by `chunk`, without their line breaks. */
  push(chunk: Buffer): string[] {
    const lines: string[] = [];
    let start = 0;
    for (let lf = chunk.indexOf(LF); lf >= 0; lf = chunk.indexOf(LF, start)) {
      this.hold(chunk, start, lf);
      const line = this.take();
      if (line !== null) lines.push(line);
      start = lf + 1;
    }
    this.hold(chunk, start, chunk.length);
    return lines;
  }

  /** The last line, when the input does not end with a line break. */
  end(): string[] {
    if (this.held === 0 && !this.dropping) return [];
    const line = this.take();
    return line === null ? [] : [line];
  }

  private hold(chunk: Buffer, from: number, to: number): void {
    if (this.dropping || to === from) return;
    if (this.held + (to - from) > this.limit) {
      this.dropping = true;
      this.parts = [];
      this.held = 0;
      return;
    }
    this.parts.push(chunk.subarray(from, to));
    this.held += to - from;
  }

  /** The line held so far (null when it was too long), and a fresh start for the next. */
  private take(): string | null {
    const parts = this.parts;
    const dropped = this.dropping;
    this.parts = [];
    this.held = 0;
    this.dropping = false;
    if (dropped) {
      this.oversized++;
      return null;
    }
    // Decoded whole, so a character split between two chunks stays one character.
    const text = (parts.length === 1 ? parts[0]! : Buffer.concat(parts)).toString('utf8');
    return text.endsWith('\r') ? text.slice(0, -1) : text;
  }
}

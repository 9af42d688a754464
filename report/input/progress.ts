/**
 * A progress line on stderr while large inputs are read: redrawn in place at most every 250 ms on a
 * terminal, otherwise one plain line per PLAIN_STEP_BYTES so CI logs and pipes stay readable.
 */
export interface ProgressSink {
  readonly isTTY?: boolean;
  write(text: string): unknown;
}

const TTY_INTERVAL_MS = 250;
export const PLAIN_STEP_BYTES = 64 * 1024 * 1024;

export class Progress {
  private bytes = 0;
  private lastDraw = 0;
  private nextPlain = PLAIN_STEP_BYTES;
  private drawn = false;

  constructor(
    private readonly sink: ProgressSink,
    private readonly totalBytes: number | null,
    private readonly now: () => number = Date.now,
  ) {}

  advance(bytes: number): void {
    this.bytes += bytes;
    if (this.sink.isTTY) {
      const t = this.now();
      if (t - this.lastDraw < TTY_INTERVAL_MS) return;
      this.lastDraw = t;
      this.sink.write(`\r${this.text()}`);
      this.drawn = true;
    } else if (this.bytes >= this.nextPlain) {
      while (this.nextPlain <= this.bytes) this.nextPlain += PLAIN_STEP_BYTES;
      this.sink.write(`${this.text()}\n`);
    }
  }

  /** Clears the redrawn line so the report starts on a clean one. */
  done(): void {
    if (this.drawn) this.sink.write('\r\x1b[K');
  }

  private text(): string {
    const mb = (n: number): string => `${(n / 1048576).toFixed(1)} MB`;
    if (this.totalBytes === null || this.totalBytes <= 0) return `reading logs: ${mb(this.bytes)}`;
    const pct = Math.min(100, (100 * this.bytes) / this.totalBytes).toFixed(0);
    return `reading logs: ${mb(this.bytes)} of ${mb(this.totalBytes)} (${pct}%)`;
  }
}

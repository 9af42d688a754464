/**
 * Finds where top-level JSON values end in text that arrives line by line, so a pretty-printed
 * `aws logs filter-log-events` page (one value over thousands of lines), or several pages concatenated,
 * can be parsed without loading the whole input. Only braces and brackets outside strings are counted;
 * JSON.parse still validates each value.
 */
export class JsonSplitter {
  private depth = 0;
  private inString = false;
  private escaped = false;
  private buffer = '';

  /** True while a value has started and not yet closed. */
  get open(): boolean {
    return this.depth > 0;
  }

  /** Characters held for the value in progress (to bound memory on broken input). */
  get size(): number {
    return this.buffer.length;
  }

  /** Feed one line (its newline removed); returns the values completed in it. */
  feed(line: string): string[] {
    const done: string[] = [];
    let start = this.depth > 0 ? 0 : -1;
    for (let i = 0; i < line.length; i++) {
      const c = line.charCodeAt(i);
      if (this.inString) this.stringChar(c);
      else if (c === QUOTE) this.inString = true;
      else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
        if (this.depth++ === 0) start = i;
      } else if ((c === CLOSE_BRACE || c === CLOSE_BRACKET) && this.depth > 0 && --this.depth === 0) {
        done.push(this.buffer + line.slice(start, i + 1));
        this.buffer = '';
        start = -1;
      }
    }
    if (this.depth > 0) this.buffer += `${line.slice(Math.max(start, 0))}\n`;
    return done;
  }

  private stringChar(c: number): void {
    if (this.escaped) this.escaped = false;
    else if (c === BACKSLASH) this.escaped = true;
    else if (c === QUOTE) this.inString = false;
  }
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;

import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import { seeded } from '../../bench/trace';
import { LineSplitter, MAX_LINE_BYTES } from '../../report/input/lines';

/** Every line the splitter yields for `chunks`, the last unterminated one included. */
function split(chunks: readonly Buffer[], splitter = new LineSplitter()): string[] {
  return [...chunks.flatMap((c) => splitter.push(c)), ...splitter.end()];
}

async function readlineLines(text: Buffer): Promise<string[]> {
  const lines: string[] = [];
  for await (const line of createInterface({ input: Readable.from([text]), crlfDelay: Infinity }))
    lines.push(line);
  return lines;
}

/** Cuts `bytes` at random places, inside multi-byte characters and between CR and LF included. */
function cut(bytes: Buffer, random: () => number): Buffer[] {
  const chunks: Buffer[] = [];
  for (let at = 0; at < bytes.length;) {
    const n = 1 + Math.floor(random() * 40);
    chunks.push(bytes.subarray(at, at + n));
    at += n;
  }
  return chunks;
}

const PIECES = ['{"Experiment":"x"}', 'é', 'χ²', '→', '😀', ' ', '\t', '', 'END RequestId: 1'];

describe('LineSplitter', () => {
  it('yields the lines readline yields, however the bytes are cut (LF, CRLF, UTF-8 across chunks)', async () => {
    const random = seeded(7);
    for (let round = 0; round < 200; round++) {
      const parts: string[] = [];
      for (let k = Math.floor(random() * 30); k > 0; k--) {
        parts.push(PIECES[Math.floor(random() * PIECES.length)]!);
        if (random() < 0.4) parts.push(random() < 0.5 ? '\n' : '\r\n');
      }
      const bytes = Buffer.from(parts.join(''));
      expect(split(cut(bytes, random))).toEqual(await readlineLines(bytes));
    }
  });

  it('drops a line longer than its limit as it arrives, keeping the lines around it', () => {
    const splitter = new LineSplitter(8);
    const chunks = ['ok 1\nxxxxx', 'xxxxx', 'xxxxx\r\nok 2\n12345678\n123456789\nlast'].map((s) =>
      Buffer.from(s),
    );
    expect(split(chunks, splitter)).toEqual(['ok 1', 'ok 2', '12345678', 'last']);
    expect(splitter.oversized).toBe(2);
  });

  it('drops a last line longer than its limit that has no line break', () => {
    const splitter = new LineSplitter(4);
    expect(split([Buffer.from('ok\n'), Buffer.from('toolong')], splitter)).toEqual(['ok']);
    expect(splitter.oversized).toBe(1);
  });

  it('skips a line of several MB at the real limit, and reads the next line whole', () => {
    const splitter = new LineSplitter();
    const mb = Buffer.alloc(1024 * 1024, 0x78);
    for (let i = 0; i < 5; i++) expect(splitter.push(mb)).toEqual([]);
    expect(splitter.push(Buffer.from('\nnext\n'))).toEqual(['next']);
    expect(splitter.oversized).toBe(1);
    expect(split([Buffer.alloc(MAX_LINE_BYTES, 0x78)])).toHaveLength(1);
  });
});

/** The local KeyValueStore file: read afresh, the seed while missing, a loud error naming what is wrong. */
import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { KvsFileError, readKvsFile } from '../../emulator/njs';

let dir: string;
beforeEach(() => void (dir = mkdtempSync(path.join(tmpdir(), 'kvs-file-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const SEED = { data: [{ key: 'xp:seed', value: '{"on":true,"w":[1,1],"p":0}' }] };
const fileWith = (text: string) => {
  const file = path.join(dir, 'kvs.json');
  writeFileSync(file, text);
  return file;
};

describe('readKvsFile', () => {
  it('is the seed while the file does not exist', () => {
    expect(readKvsFile(path.join(dir, 'none.json'), () => SEED).store).toEqual(SEED);
  });

  it('reads the file as it is now, and when it last changed', () => {
    const file = fileWith(JSON.stringify({ data: [{ key: 'a', value: '1' }] }));
    const when = new Date('2030-01-02T03:04:05Z');
    utimesSync(file, when, when);
    expect(readKvsFile(file, () => SEED)).toEqual({
      store: { data: [{ key: 'a', value: '1' }] },
      updated: when,
    });
    writeFileSync(file, JSON.stringify({ data: [{ key: 'a', value: '2' }] }));
    expect(readKvsFile(file, () => SEED).store.data).toEqual([{ key: 'a', value: '2' }]);
  });

  it.each<[string, string, RegExp]>([
    ['not JSON', '{"data": [', /not JSON/],
    ['no data list', '{"rows": []}', /expected \{"data"/],
    ['an empty key', '{"data":[{"key":"","value":"x"}]}', /data\[0\]\.key must be a string of 1-512 bytes/],
    [
      'a key over 512 bytes',
      JSON.stringify({ data: [{ key: 'k'.repeat(513), value: 'x' }] }),
      /data\[0\]\.key/,
    ],
    [
      'a value that is not a string',
      '{"data":[{"key":"a","value":{"on":true}}]}',
      /data\[0\]\.value \(key 'a'\)/,
    ],
    [
      'a value over 1 KB',
      JSON.stringify({ data: [{ key: 'a', value: 'v'.repeat(1025) }] }),
      /at most 1024 bytes/,
    ],
    [
      'a key twice',
      '{"data":[{"key":"a","value":"1"},{"key":"a","value":"2"}]}',
      /data\[1\]\.key 'a' appears twice/,
    ],
  ])('refuses a file with %s, naming the file and the fix', (_n, text, problem) => {
    const file = fileWith(text);
    const read = () => readKvsFile(file, () => SEED);
    expect(read).toThrow(KvsFileError);
    expect(read).toThrow(problem);
    expect(read).toThrow(
      new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is not valid: .*Fix or delete`),
    );
  });
});

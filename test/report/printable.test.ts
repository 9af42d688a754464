import { printable, printableJson } from '../../report/format/printable';
import { CONTROLS, CONTROLS_SHOWN } from './fixtures';

describe('printable', () => {
  it.each([
    ['ESC (a colour sequence)', 'a\x1b[31mb', 'a\\u001b[31mb'],
    ['BEL', '\x07', '\\u0007'],
    ['CR', 'a\rb', 'a\\u000db'],
    ['LF', 'a\nb', 'a\\u000ab'],
    ['TAB', '\t', '\\u0009'],
    ['NUL', '\0', '\\u0000'],
    ['DEL', '\x7f', '\\u007f'],
    ['C1 CSI U+009B', '\u009b2J', '\\u009b2J'],
    ['C1 NEL U+0085', '\u0085', '\\u0085'],
    ['right-to-left override U+202E', 'abc\u202edef', 'abc\\u202edef'],
    ['isolate U+2066', '\u2066', '\\u2066'],
    ['line separator U+2028', '\u2028', '\\u2028'],
    ['all of them in one name', CONTROLS, CONTROLS_SHOWN],
  ])('shows %s as a visible escape', (_label, raw, shown) => {
    expect(printable(raw)).toBe(shown);
    expect(printable(shown)).toBe(shown);
  });

  it.each([['plain-name'], ['é χ² → 😀 ü'], ['\\u001b as typed text'], ['']])(
    'leaves %j as it is',
    (text) => {
      expect(printable(text)).toBe(text);
    },
  );
});

describe('printableJson', () => {
  it('escapes what JSON.stringify leaves raw, keeps its line breaks, and means the same values', () => {
    const value = { names: [CONTROLS, 'rtl\u202eevil', 'ok'], n: 1 };
    const json = JSON.stringify(value, null, 2);
    expect(json).toMatch(/[\u009b\u202e]/);
    const safe = printableJson(json);
    expect(safe).not.toMatch(/[\0-\x09\x0b-\x1f\x7f-\x9f\u202e]/);
    expect(safe.split('\n')).toHaveLength(json.split('\n').length);
    expect(JSON.parse(safe)).toEqual(value);
  });
});

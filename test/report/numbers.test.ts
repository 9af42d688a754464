import { formatInterval, formatP, formatPct, formatPP, formatRel } from '../../report/format/numbers';

describe('formatP', () => {
  it.each([
    [null, 'n/a'],
    [1, '1'],
    [0.99951, '1'],
    [0.5, '0.500'],
    [0.049762485167095714, '0.0498'],
    [0.0013, '0.00130'],
    [0.00099, '9.9e-4'],
    [1.2932130410928422e-284, '1.3e-284'],
    [5.7e-300, '5.7e-300'],
    [5e-324, '4.9e-324'],
    [0, '< 5e-324'],
  ])('%p → %p', (p, text) => expect(formatP(p)).toBe(text));
});

describe('rates and differences', () => {
  it.each([
    [formatPct(0.05), '5.00%'],
    [formatPct(null), 'n/a'],
    [formatPP(0.006), '+0.60 pp'],
    [formatPP(-0.0000001), '0.00 pp'],
    [formatPP(-0.075), '-7.50 pp'],
    [formatRel(0.4285714), '+42.9%'],
    [formatRel(-0.00001), '0.0%'],
    [formatRel(null), 'n/a'],
    [formatInterval([0.01, 0.02], (x) => formatPct(x)), '[1.00%, 2.00%]'],
    [formatInterval(null, (x) => formatPct(x)), 'n/a'],
  ])('%p is %p', (actual, expected) => expect(actual).toBe(expected));
});

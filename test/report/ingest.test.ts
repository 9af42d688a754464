import { metricWords } from '../../edge-functions/shared/log';
import { Ingest } from '../../report/input/ingest';
import { conversion, enrollment, enrollmentId, lambdaPrefix, NS } from './fixtures';

function ingest(lines: readonly string[]): Ingest {
  const i = new Ingest();
  lines.forEach((l) => i.line(l));
  i.finish();
  return i;
}

const emf = (extra: object, metrics: object[], namespace = NS): string =>
  JSON.stringify({
    ...extra,
    _aws: { Timestamp: 1, CloudWatchMetrics: [{ Namespace: namespace, Dimensions: [[]], Metrics: metrics }] },
  });

/** AWS's example request id (edge-functions-logs.html#cloudfront-function-logs). */
const CFF_REQUEST = 'U7b4hR_RaxMADupvKAvr8_m9gsGXvioUggLV5Oyq-vmAtH8HADpjhw==';
/** What a CloudFront Function prints for an enrollment, or a conversion when a goal is given. */
const words = (x: string, a: string, goal?: string): string =>
  goal === undefined
    ? metricWords('Enrollments', [x, a], enrollmentId())
    : metricWords('Conversions', [x, a, goal], enrollmentId());

describe('one log entry', () => {
  // [label, line, enrolled in x/a, conversions of x/a for goal g, ignored, malformed]
  it.each([
    ['raw enrollment', enrollment('x', 'a'), 1, 0, 0, 0],
    ['enrollment behind the Lambda prefix', lambdaPrefix(enrollment('x', 'a')), 1, 0, 0, 0],
    ['CloudWatch export "timestamp message"', `2026-11-25T04:00:00.000Z ${enrollment('x', 'a')}`, 1, 0, 0, 0],
    ['conversion', conversion('x', 'a', 'g'), 0, 1, 0, 0],
    ['value as an array of samples', enrollment('x', 'a', [1, 1, 1]), 3, 0, 0, 0],
    ['trailing CR of a CRLF file', `${enrollment('x', 'a')}\r`, 1, 0, 0, 0],
    ['Lambda START line', 'START RequestId: 6f1c Version: 3', 0, 0, 1, 0],
    ['empty line', '', 0, 0, 1, 0],
    ['decision line without EMF', '{"action":"forward","status":302}', 0, 0, 1, 0],
    [
      'error line',
      '{"level":"error","code":"E_INTERNAL","function":"viewer-request","message":"x"}',
      0,
      0,
      1,
      0,
    ],
    [
      'another metric (Exposures)',
      emf({ Experiment: 'x', Variant: 'a', Exposures: 1 }, [{ Name: 'Exposures' }]),
      0,
      0,
      1,
      0,
    ],
    [
      'our metric in another namespace',
      emf({ Experiment: 'x', Variant: 'a', Enrollments: 1 }, [{ Name: 'Enrollments' }], 'Other'),
      0,
      0,
      1,
      0,
    ],
    ['JSON that is not an object', '[1,2,3]', 0, 0, 1, 0],
    ['truncated JSON', enrollment('x', 'a').slice(0, 60), 0, 0, 0, 1],
    ['truncated JSON behind the prefix', lambdaPrefix(enrollment('x', 'a').slice(0, 60)), 0, 0, 0, 1],
    [
      'stack trace with a brace',
      "TypeError: Cannot read properties of undefined (reading '{x}')",
      0,
      0,
      1,
      0,
    ],
    ['util.inspect output', lambdaPrefix("{ errorType: 'TypeError', errorMessage: 'x' }"), 0, 0, 1, 0],
    ['value is a string', enrollment('x', 'a', '1'), 0, 0, 0, 1],
    ['negative value', enrollment('x', 'a', -1), 0, 0, 0, 1],
    ['a fraction', enrollment('x', 'a', 40.5), 0, 0, 0, 1],
    ['an absurd count', enrollment('x', 'a', 1e308), 0, 0, 0, 1],
    ['an absurd sample in an array', enrollment('x', 'a', [1, 1e308]), 0, 0, 0, 1],
    ['NaN-ish value', enrollment('x', 'a', null), 0, 0, 0, 1],
    ['empty sample array', enrollment('x', 'a', []), 0, 0, 0, 1],
    [
      'conversion without Goal',
      emf({ Experiment: 'x', Variant: 'a', Conversions: 1 }, [{ Name: 'Conversions' }]),
      0,
      0,
      0,
      1,
    ],
    [
      'dimension not a string',
      emf({ Experiment: 7, Variant: 'a', Enrollments: 1 }, [{ Name: 'Enrollments' }]),
      0,
      0,
      0,
      1,
    ],
    ['_aws without directives', '{"_aws":{"Timestamp":1}}', 0, 0, 0, 1],
    [
      'directive without Metrics',
      '{"_aws":{"CloudWatchMetrics":[{"Namespace":"EdgePersonalisation"}]}}',
      0,
      0,
      0,
      1,
    ],
    ['__proto__ as a dimension value', enrollment('__proto__', 'constructor'), 0, 0, 0, 0],
    [
      'CloudFront Functions enrollment words after the request id',
      `${CFF_REQUEST} ${words('x', 'a')}`,
      1,
      0,
      0,
      0,
    ],
    [
      'CloudFront Functions conversion words in an export',
      `2026-12-07T04:00:00.000Z ${CFF_REQUEST} ${words('x', 'a', 'g')}`,
      0,
      1,
      0,
      0,
    ],
    ['CloudFront Functions START line', `${CFF_REQUEST} START DistributionID: E3E5D42GADAXZZ`, 0, 0, 1, 0],
    ['CloudFront Functions words cut short', `${CFF_REQUEST} Enrollments x`, 0, 0, 0, 1],
  ])('%s', (_label, line, enrolled, converted, ignored, malformed) => {
    const i = ingest([line]);
    expect(i.counts.get('x', 'a').enrolled).toBe(enrolled);
    expect(i.counts.get('x', 'a').conversions('g')).toBe(converted);
    expect(i.summary).toMatchObject({ entries: 1, ignored, malformed });
  });

  it('keeps hostile names as plain keys', () => {
    const i = ingest([
      enrollment('__proto__', 'constructor'),
      conversion('__proto__', 'constructor', 'toString'),
    ]);
    expect(i.counts.get('__proto__', 'constructor').enrolled).toBe(1);
    expect(i.counts.get('__proto__', 'constructor').conversions('toString')).toBe(1);
  });

  it('counts a metric named twice in one line once', () => {
    const line = JSON.stringify({
      Experiment: 'x',
      Variant: 'a',
      Enrollments: 1,
      _aws: {
        CloudWatchMetrics: [
          { Namespace: NS, Dimensions: [['Experiment', 'Variant']], Metrics: [{ Name: 'Enrollments' }] },
          { Namespace: NS, Dimensions: [['Experiment']], Metrics: [{ Name: 'Enrollments' }] },
        ],
      },
    });
    expect(ingest([line]).counts.get('x', 'a').enrolled).toBe(1);
  });
});

describe('aws logs filter-log-events output', () => {
  const page = (messages: string[]): object => ({
    events: messages.map((message, i) => ({
      logStreamName: 's',
      timestamp: i,
      message,
      ingestionTime: i,
      eventId: `${i}`,
    })),
    searchedLogStreams: [],
    nextToken: 'abc',
  });
  const messages = [
    lambdaPrefix(`${enrollment('x', 'a')}\n`),
    lambdaPrefix(conversion('x', 'a', 'g')),
    'END RequestId: 1',
  ];

  it.each([
    ['compact, one line', [JSON.stringify(page(messages))]],
    ['pretty-printed (the CLI default)', JSON.stringify(page(messages), null, 4).split('\n')],
    [
      'pretty-printed with CRLF',
      JSON.stringify(page(messages), null, 4)
        .split('\n')
        .map((l) => `${l}\r`),
    ],
    [
      'two pages glued on one line',
      [JSON.stringify(page(messages.slice(0, 1))) + JSON.stringify(page(messages.slice(1)))],
    ],
  ])('%s', (_label, lines) => {
    const i = ingest(lines);
    expect(i.counts.get('x', 'a').enrolled).toBe(1);
    expect(i.counts.get('x', 'a').conversions('g')).toBe(1);
    expect(i.summary).toEqual({
      entries: 3,
      records: 2,
      ignored: 1,
      malformed: 0,
      unverified: 0,
      duplicates: 0,
      warnings: [],
    });
  });

  it('reads several pretty-printed pages concatenated, between raw lines', () => {
    const pretty = JSON.stringify(page(messages), null, 4).split('\n');
    const i = ingest([enrollment('x', 'a'), ...pretty, ...pretty, enrollment('x', 'a')]);
    expect(i.counts.get('x', 'a').enrolled).toBe(4);
    // The page's conversion names its enrollment: the second copy of the page adds nothing.
    expect(i.counts.get('x', 'a').conversions('g')).toBe(1);
    expect(i.summary).toEqual({
      entries: 8,
      records: 6,
      ignored: 2,
      malformed: 0,
      unverified: 0,
      duplicates: 1,
      warnings: [],
    });
  });

  it('gives up a stray "{" line instead of swallowing the log after it', () => {
    const i = ingest(['{', enrollment('x', 'a'), enrollment('x', 'a')]);
    expect(i.counts.get('x', 'a').enrolled).toBe(2);
    expect(i.summary.malformed).toBe(1);
  });

  it('counts a page cut short at the end of input as one malformed entry', () => {
    const pretty = JSON.stringify(page(messages), null, 4).split('\n');
    const i = ingest(pretty.slice(0, 5));
    expect(i.summary).toEqual({
      entries: 1,
      records: 0,
      ignored: 0,
      malformed: 1,
      unverified: 0,
      duplicates: 0,
      warnings: [],
    });
  });

  it('counts an event without a message as malformed', () => {
    const i = ingest([JSON.stringify({ events: [{ timestamp: 1 }, 'x'] })]);
    expect(i.summary).toMatchObject({ entries: 2, malformed: 2 });
  });
});

describe('counting by enrollment', () => {
  it('counts a replayed conversion once per (enrollment, goal), and each goal of it', () => {
    const i = new Ingest();
    const id = enrollmentId();
    for (let k = 0; k < 5; k++) i.line(conversion('x', 'a', 'g', 1, id));
    i.line(conversion('x', 'a', 'h', 1, id));
    i.line(conversion('x', 'a', 'g'));
    expect(i.counts.get('x', 'a').conversions('g')).toBe(2);
    expect(i.counts.get('x', 'a').conversions('h')).toBe(1);
    expect(i.summary.duplicates).toBe(4);
  });

  it('counts an enrollment line seen twice (two files of one export) once', () => {
    const i = new Ingest();
    const line = JSON.parse(enrollment('x', 'a')) as Record<string, unknown>;
    const named = JSON.stringify({ ...line, Enrollment: enrollmentId() });
    i.line(named);
    i.line(lambdaPrefix(named));
    expect(i.counts.get('x', 'a').enrolled).toBe(1);
  });

  it('never counts a conversion line that names no enrollment (written before proofs)', () => {
    const i = new Ingest();
    i.line(conversion('x', 'a', 'g', 1, null));
    expect(i.counts.get('x', 'a').conversions('g')).toBe(0);
    expect(i.summary.unverified).toBe(1);
  });

  it.each([[''], ['short'], ['x'.repeat(17)], ['bad id with spaces']])(
    'treats the enrollment %j as malformed',
    (id) => {
      const i = new Ingest();
      i.line(conversion('x', 'a', 'g', 1, id));
      expect(i.summary.malformed).toBe(1);
      expect(i.counts.get('x', 'a').conversions('g')).toBe(0);
    },
  );
});

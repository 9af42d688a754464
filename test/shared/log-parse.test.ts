/**
 * The log schema's parser reads back exactly what the writers write (`shared/log.ts`), and is lenient with
 * everything else: a line that is not one of ours is `ignored`, one of our metrics that breaks the format
 * is `malformed`, never a count.
 */
import { decisionLine, errorLine, metricLine, metricWords, warnLine } from '../../edge-functions/shared/log';
import { parseLogLine, type LogEntry } from '../../edge-functions/shared/log-parse';
import { experimentNote } from '../../edge-functions/shared/log-schema';

const ID = 'AAAAAAAAAAAAAAAA';

describe('parseLogLine on what the functions write', () => {
  it('reads an enrollment and a conversion with their enrollment', () => {
    expect(parseLogLine(metricLine('Enrollments', ['hero', 'bold'], 5, ID))).toEqual({
      kind: 'records',
      records: [{ metric: 'Enrollments', experiment: 'hero', variant: 'bold', value: 1, enrollment: ID }],
    });
    expect(parseLogLine(metricLine('Conversions', ['hero', 'bold', 'signup'], 5, ID))).toEqual({
      kind: 'records',
      records: [
        {
          metric: 'Conversions',
          experiment: 'hero',
          variant: 'bold',
          goal: 'signup',
          value: 1,
          enrollment: ID,
        },
      ],
    });
  });

  it('reads a decision: the locale with its source, each experiment with its variant and source', () => {
    const line = decisionLine({
      action: 'respond',
      status: 302,
      locale: 'pt-BR',
      source: 'header',
      experiments: [experimentNote('home-hero', 'bold', 'new'), experimentNote('docs', 'control', 'cookie')],
    });
    expect(parseLogLine(line)).toEqual({
      kind: 'decision',
      decision: {
        action: 'respond',
        status: 302,
        locale: { tag: 'pt-BR', source: 'header' },
        experiments: [
          { experiment: 'home-hero', variant: 'bold', source: 'new' },
          { experiment: 'docs', variant: 'control', source: 'cookie' },
        ],
      },
    });
  });

  it('reads the phase of a later phase, and none (phase 0) from a line of phase 0', () => {
    const records = (line: string) => {
      const entry = parseLogLine(line);
      return entry.kind === 'records' ? entry.records : [];
    };
    expect(records(metricLine('Enrollments', ['hero', 'bold'], 5, ID, 3))).toEqual([
      { metric: 'Enrollments', experiment: 'hero', variant: 'bold', value: 1, enrollment: ID, phase: 3 },
    ]);
    expect(records(metricLine('Conversions', ['hero', 'bold', 'signup'], 5, ID, 12))[0]).toMatchObject({
      goal: 'signup',
      phase: 12,
    });
    expect(records(metricLine('Enrollments', ['hero', 'bold'], 5, ID, 0))[0]).not.toHaveProperty('phase');
    expect(
      records(metricLine('Enrollments', ['hero', 'bold'], 5, ID, Number.MAX_SAFE_INTEGER))[0]!.phase,
    ).toBe(Number.MAX_SAFE_INTEGER);
  });

  it('reads a warning line as a warning, not an error', () => {
    expect(parseLogLine(warnLine('viewer-request', 'xp:hero malformed'))).toEqual({
      kind: 'warn',
      warning: { level: 'warn', code: 'W_KVS', function: 'viewer-request', message: 'xp:hero malformed' },
    });
  });

  it('reads an error line', () => {
    expect(parseLogLine(errorLine('origin-response', new Error('boom'), 'E_EVENT'))).toEqual({
      kind: 'error',
      error: { level: 'error', code: 'E_EVENT', function: 'origin-response', message: 'boom' },
    });
  });
});

describe('parseLogLine on the CloudFront Functions metric words', () => {
  /** AWS's example request id (edge-functions-logs.html#cloudfront-function-logs). */
  const REQUEST = 'U7b4hR_RaxMADupvKAvr8_m9gsGXvioUggLV5Oyq-vmAtH8HADpjhw==';
  const conversion = metricWords('Conversions', ['hero', 'bold', 'signup'], ID);
  const record = {
    metric: 'Conversions',
    experiment: 'hero',
    variant: 'bold',
    goal: 'signup',
    value: 1,
    enrollment: ID,
  };

  it.each([
    ['as printed', conversion],
    ['as CloudWatch keeps it, after the request id', `${REQUEST} ${conversion}`],
    [
      'in an export, after the timestamp and the request id',
      `2026-12-07T04:00:00.000Z ${REQUEST} ${conversion}`,
    ],
  ])('reads a conversion %s', (_, line) => {
    expect(parseLogLine(line)).toEqual({ kind: 'records', records: [record] });
  });

  it('reads an enrollment written without an enrollment identifier as one without it', () => {
    expect(parseLogLine(`${REQUEST} ${metricWords('Enrollments', ['hero', 'bold'])}`)).toEqual({
      kind: 'records',
      records: [{ metric: 'Enrollments', experiment: 'hero', variant: 'bold', value: 1 }],
    });
  });

  it.each([
    ['the START line', `${REQUEST} START DistributionID: E3E5D42GADAXZZ`],
    ['the END line', `${REQUEST} END`],
    ['text naming a metric late in the line', `${REQUEST} the Enrollments page moved`],
  ])('ignores %s', (_, line) => expect(parseLogLine(line).kind).toBe('ignored'));

  it.each([
    ['a word missing', `${REQUEST} Conversions hero bold ${ID}`],
    ['a word too many', `${REQUEST} ${conversion} extra`],
    ['an absent dimension', `${REQUEST} ${metricWords('Enrollments', ['hero'], ID)}`],
    ['a forged enrollment', `${REQUEST} Enrollments hero bold short`],
  ])('refuses %s as malformed, never a count', (_, line) =>
    expect(parseLogLine(line).kind).toBe('malformed'),
  );
});

describe('parseLogLine on hostile lines', () => {
  const kind = (line: string): LogEntry['kind'] => parseLogLine(line).kind;

  it.each([
    ['plain text', 'START RequestId: 1 Version: 3'],
    ['an array', '[1,2]'],
    ['cut JSON', '{"action":"forward","loc'],
    ['an unknown action', '{"action":"maybe"}'],
    ['an unknown error code', '{"level":"error","code":"E_OTHER","message":"x"}'],
    ['an unknown warning code', '{"level":"warn","code":"W_OTHER","message":"x"}'],
    [
      'EMF of another namespace',
      '{"X":1,"_aws":{"CloudWatchMetrics":[{"Namespace":"Other","Metrics":[{"Name":"X"}]}]}}',
    ],
    ['a developer’s own JSON', '{"event":"one","n":1}'],
  ])('ignores %s', (_, line) => expect(kind(line)).toBe('ignored'));

  const emf = (fields: object) =>
    JSON.stringify({
      ...fields,
      _aws: { CloudWatchMetrics: [{ Namespace: 'EdgePersonalisation', Metrics: [{ Name: 'Enrollments' }] }] },
    });
  it.each([
    ['a directive that is not a list', '{"_aws":{"CloudWatchMetrics":5}}'],
    ['a missing dimension', emf({ Experiment: 'x', Enrollments: 1 })],
    ['a count of 1e308', emf({ Experiment: 'x', Variant: 'y', Enrollments: 1e308 })],
    ['a fractional count', emf({ Experiment: 'x', Variant: 'y', Enrollments: 0.5 })],
    ['a forged enrollment', emf({ Experiment: 'x', Variant: 'y', Enrollments: 1, Enrollment: 'short' })],
    ...['-1', '1.5', '01', '', ' 2', '1e3', '99999999999999999', 'two'].map((p) => [
      `a phase of ${JSON.stringify(p)}`,
      emf({ Experiment: 'x', Variant: 'y', Enrollments: 1, Phase: p }),
    ]),
    ['a phase as a number', emf({ Experiment: 'x', Variant: 'y', Enrollments: 1, Phase: 2 })],
    ['a phase as null', emf({ Experiment: 'x', Variant: 'y', Enrollments: 1, Phase: null })],
  ])('refuses %s as malformed, never a count', (_, line) => expect(kind(line)).toBe('malformed'));

  it('keeps what it can of a decision and drops the rest', () => {
    const line = JSON.stringify({
      action: 'forward',
      status: '302',
      locale: 'en',
      experiments: ['x', 5, 'a=b(new)'],
    });
    expect(parseLogLine(line)).toEqual({
      kind: 'decision',
      decision: {
        action: 'forward',
        locale: { tag: 'en', source: '?' },
        experiments: [{ experiment: 'a', variant: 'b', source: 'new' }],
      },
    });
  });
});

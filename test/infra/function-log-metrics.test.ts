/**
 * The metric filters that count the CloudFront Functions' enrollments and conversions, on lines in the
 * format CloudWatch keeps them (the request id, a space, the line): the pattern strings as CloudFormation
 * gets them, and what they match and extract by CloudWatch's documented space-delimited rules
 * (`filter-pattern.ts`, checked first on the documentation's own example).
 */
import { decisionLine, errorLine, metricLine, metricWords } from '../../edge-functions/shared/log';
import { METRIC_NAMES, METRICS, type MetricName } from '../../edge-functions/shared/log-schema';
import { metricWordsDimensions, metricWordsPattern } from '../../infra/function-log-metrics';
import { matchSpaceDelimited } from './filter-pattern';

/** AWS's example request id and START/END lines (edge-functions-logs.html#cloudfront-function-logs). */
const REQUEST = 'U7b4hR_RaxMADupvKAvr8_m9gsGXvioUggLV5Oyq-vmAtH8HADpjhw==';
const kept = (line: string) => `${REQUEST} ${line}`;
const ENROLLMENT = 'Xk3v9Qm0aB7_cD-e';

const pattern = (metric: MetricName) => metricWordsPattern(metric).logPatternString;

/** The dimensions a filter publishes for an event, or undefined when it does not match. */
function published(metric: MetricName, event: string): Record<string, string> | undefined {
  const fields = matchSpaceDelimited(pattern(metric), event);
  if (fields === undefined) return undefined;
  return Object.fromEntries(
    Object.entries(metricWordsDimensions(metric)).map(([dimension, field]) => [dimension, fields[field]!]),
  );
}

describe('the space-delimited matcher the tests use', () => {
  it('reads the documentation’s own example as documented', () => {
    const event = '127.0.0.1 - frank [10/Oct/2000:13:25:15 -0700] "GET /apache_pb.gif HTTP/1.0" 200 1534';
    expect(
      matchSpaceDelimited('[ip, user, username, timestamp, request, status_code, bytes]', event),
    ).toMatchObject({ $timestamp: '10/Oct/2000:13:25:15 -0700', $request: 'GET /apache_pb.gif HTTP/1.0' });
    expect(matchSpaceDelimited('[ip, user, ..., status_code = 2*, bytes]', event)).toMatchObject({
      $status_code: '200',
      $bytes: '1534',
    });
    expect(
      matchSpaceDelimited('[ip, user, username, timestamp, request, status_code = 4*, bytes]', event),
    ).toBe(undefined);
    expect(matchSpaceDelimited('[ip, user, username]', event)).toBe(undefined);
  });
});

describe('metric filters on the CloudFront Functions’ lines', () => {
  it('name every word, the metric’s by value', () => {
    expect(pattern('Enrollments')).toBe(
      '[request_id, metric = "Enrollments", experiment, variant, enrollment, phase]',
    );
    expect(pattern('Conversions')).toBe(
      '[request_id, metric = "Conversions", experiment, variant, goal, enrollment, phase]',
    );
    expect(metricWordsDimensions('Conversions')).toEqual({
      Experiment: '$experiment',
      Variant: '$variant',
      Goal: '$goal',
    });
  });

  it.each(METRIC_NAMES)('publish every dimension of %s, at most three (CloudWatch’s limit)', (metric) => {
    expect(Object.keys(metricWordsDimensions(metric))).toEqual([...METRICS[metric]]);
    expect(METRICS[metric].length).toBeLessThanOrEqual(3);
  });

  const enrollment = kept(metricWords('Enrollments', ['home-hero', 'bold'], ENROLLMENT));
  const conversion = kept(metricWords('Conversions', ['home-hero', 'bold', 'signup'], ENROLLMENT));

  it('count an enrollment with its experiment and variant, and a conversion with its goal too', () => {
    expect(published('Enrollments', enrollment)).toEqual({ Experiment: 'home-hero', Variant: 'bold' });
    expect(published('Conversions', conversion)).toEqual({
      Experiment: 'home-hero',
      Variant: 'bold',
      Goal: 'signup',
    });
    expect(published('Conversions', enrollment)).toBeUndefined();
    expect(published('Enrollments', conversion)).toBeUndefined();
  });

  it('count a line written without an enrollment identifier (its `-` keeps the fields in place)', () => {
    expect(published('Enrollments', kept(metricWords('Enrollments', ['x', 'y'])))).toEqual({
      Experiment: 'x',
      Variant: 'y',
    });
  });

  it.each([
    ['the START line', kept('START DistributionID: E3E5D42GADAXZZ')],
    ['the END line', kept('END')],
    [
      'an error line (spaces and quotes in it)',
      kept(errorLine('viewer-request', new Error('x is not a function'))),
    ],
    [
      'a decision line',
      kept(decisionLine({ action: 'forward', locale: 'en', source: 'header', experiments: ['a=b(new)'] })),
    ],
    [
      'an EMF line (Lambda@Edge’s form)',
      kept(metricLine('Enrollments', ['home-hero', 'bold'], 1, ENROLLMENT)),
    ],
    ['words cut short', kept('Enrollments home-hero bold')],
    ['words without the request id', metricWords('Enrollments', ['home-hero', 'bold'], ENROLLMENT)],
  ])('count nothing for %s', (_, line) => {
    for (const metric of METRIC_NAMES) expect(published(metric, line)).toBeUndefined();
  });
});

import { decisionLine, errorLine, metricLine, metricWords, warnLine } from '../../edge-functions/shared/log';
import { METRICS, metricWordFields, PHASE_FIELD } from '../../edge-functions/shared/log-schema';

describe('metricLine', () => {
  it('writes an Embedded Metric Format line for an enrollment', () => {
    expect(JSON.parse(metricLine('Enrollments', ['home-hero', 'bold'], 1700000000000))).toEqual({
      Experiment: 'home-hero',
      Variant: 'bold',
      Enrollments: 1,
      _aws: {
        Timestamp: 1700000000000,
        CloudWatchMetrics: [
          {
            Namespace: 'EdgePersonalisation',
            Dimensions: [['Experiment', 'Variant']],
            Metrics: [{ Name: 'Enrollments' }],
          },
        ],
      },
    });
  });

  it('writes a conversion with the goal as a third dimension', () => {
    const line = JSON.parse(metricLine('Conversions', ['pricing-layout', 'cards', 'signup'], 5));
    expect(line).toMatchObject({
      Experiment: 'pricing-layout',
      Variant: 'cards',
      Goal: 'signup',
    });
    expect(line.Conversions).toBe(1);
    expect(line._aws.CloudWatchMetrics[0].Dimensions).toEqual([[...METRICS.Conversions]]);
  });

  it('writes a later phase as a string dimension in a second dimension set, the first unchanged', () => {
    const line = JSON.parse(metricLine('Conversions', ['hero', 'bold', 'signup'], 5, 'AbC-_0123456789xy', 7));
    expect(line[PHASE_FIELD]).toBe('7');
    expect(line._aws.CloudWatchMetrics[0].Dimensions).toEqual([
      [...METRICS.Conversions],
      [...METRICS.Conversions, PHASE_FIELD],
    ]);
  });

  it('writes phase 0 exactly as a line without a phase: old readers and old lines agree', () => {
    const id = 'AbC-_0123456789xy';
    expect(metricLine('Enrollments', ['hero', 'bold'], 5, id, 0)).toBe(
      metricLine('Enrollments', ['hero', 'bold'], 5, id),
    );
    expect(metricLine('Enrollments', ['hero', 'bold'], 5, id)).not.toContain(PHASE_FIELD);
  });

  it.each(['"quoted"', 'back\\slash', 'line\nbreak', '\u2028', '}{'])(
    'stays one valid JSON line for %j',
    (v) => {
      const text = metricLine('Conversions', [v, v, v], 5);
      expect(text).not.toContain('\n');
      expect(JSON.parse(text)).toMatchObject({ Experiment: v, Variant: v, Goal: v });
    },
  );
});

describe('metricWords (CloudFront Functions)', () => {
  const ID = 'Xk3v9Qm0aB7_cD-e';

  it('writes the metric, its dimensions in order and the enrollment, one space apart', () => {
    expect(metricWords('Enrollments', ['home-hero', 'bold'], ID)).toBe(`Enrollments home-hero bold ${ID} -`);
    expect(metricWords('Conversions', ['pricing-layout', 'cards', 'signup'], ID, 3)).toBe(
      `Conversions pricing-layout cards signup ${ID} 3`,
    );
  });

  it.each(Object.keys(METRICS) as (keyof typeof METRICS)[])(
    'writes one word per schema field for %s, `-` for what is absent',
    (metric) => {
      const words = metricWords(metric, [], undefined).split(' ');
      expect(words).toHaveLength(metricWordFields(metric).length);
      expect(words).toEqual([metric, ...METRICS[metric].map(() => '-'), '-', '-']);
    },
  );

  it('is a quarter of the EMF line or less', () => {
    const values = ['home-hero', 'bold'];
    expect(metricWords('Enrollments', values, ID).length * 4).toBeLessThanOrEqual(
      metricLine('Enrollments', values, 1700000000000, ID).length,
    );
  });
});

describe('decisionLine (logs.debug only)', () => {
  it('is plain JSON without a metric', () => {
    const line = JSON.parse(
      decisionLine({ action: 'forward', locale: 'ja', source: 'header', experiments: ['a=b(new)'] }),
    );
    expect(line).toEqual({ action: 'forward', locale: 'ja', source: 'header', experiments: ['a=b(new)'] });
  });
});

describe('errorLine', () => {
  it('keeps the message short and the code stable', () => {
    const line = JSON.parse(errorLine('viewer-request', new Error('x'.repeat(1000))));
    expect(line).toMatchObject({ level: 'error', code: 'E_INTERNAL', function: 'viewer-request' });
    expect(line.message).toHaveLength(300);
  });
});

describe('warnLine', () => {
  it('is an error-shaped line at level warn with the KeyValueStore code, its message kept short', () => {
    const line = JSON.parse(warnLine('viewer-request', 'x'.repeat(1000)));
    expect(line).toMatchObject({ level: 'warn', code: 'W_KVS', function: 'viewer-request' });
    expect(line.message).toHaveLength(300);
  });
});

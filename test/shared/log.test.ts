import { decisionLine, errorLine } from '../../edge-functions/shared/log';

describe('decisionLine', () => {
  it('writes an Embedded Metric Format line for an exposure', () => {
    const line = JSON.parse(
      decisionLine(
        {
          action: 'forward',
          locale: 'ja',
          localeSource: 'header',
          experiment: 'home-hero',
          variant: 'bold',
          assignment: 'new',
          exposure: true,
        },
        1700000000000,
      ),
    );
    expect(line).toEqual({
      action: 'forward',
      locale: 'ja',
      localeSource: 'header',
      experiment: 'home-hero',
      variant: 'bold',
      assignment: 'new',
      exposure: true,
      Experiment: 'home-hero',
      Variant: 'bold',
      Exposures: 1,
      _aws: {
        Timestamp: 1700000000000,
        CloudWatchMetrics: [
          {
            Namespace: 'EdgePersonalisation',
            Dimensions: [['Experiment', 'Variant']],
            Metrics: [{ Name: 'Exposures', Unit: 'Count' }],
          },
        ],
      },
    });
  });

  it('emits no metric when the decision is not an exposure', () => {
    const line = JSON.parse(
      decisionLine({ action: 'forward', experiment: 'x', variant: 'y', exposure: false }, 1),
    );
    expect(line._aws).toBeUndefined();
    expect(line.Exposures).toBeUndefined();
  });

  it.each(['"quoted"', 'back\\slash', 'line\nbreak', '\u2028', '}{'])(
    'stays one valid JSON line for the value %j',
    (v) => {
      const text = decisionLine(
        { action: v, locale: v, experiment: v, variant: v, exposure: true, status: 302 },
        5,
      );
      expect(text).not.toContain('\n');
      expect(JSON.parse(text)).toMatchObject({ action: v, locale: v, Experiment: v, status: 302 });
    },
  );
});

describe('errorLine', () => {
  it('keeps the message short and the code stable', () => {
    const line = JSON.parse(errorLine('viewer-request', new Error('x'.repeat(1000))));
    expect(line).toMatchObject({ level: 'error', code: 'E_INTERNAL', function: 'viewer-request' });
    expect(line.message).toHaveLength(300);
  });
});

/** Test fixtures: the report's own experiment definitions and EMF lines shaped like the edge's. */
import type { ExperimentConfig } from '../../edge-functions/config/schema';
import type { ReportConfig } from '../../report/types';

export const NS = 'EdgePersonalisation';

/** An enrollment line; naming its enrollment (as the edge writes them) when `enrollmentOf` is given. */
export function enrollment(
  experiment: string,
  variant: string,
  value: unknown = 1,
  ts = 1764043200000,
  enrollmentOf?: string,
): string {
  return JSON.stringify({
    Experiment: experiment,
    Variant: variant,
    ...(enrollmentOf === undefined ? {} : { Enrollment: enrollmentOf }),
    Enrollments: value,
    _aws: {
      Timestamp: ts,
      CloudWatchMetrics: [
        {
          Namespace: NS,
          Dimensions: [['Experiment', 'Variant']],
          Metrics: [{ Name: 'Enrollments' }],
        },
      ],
    },
  });
}

let minted = 0;
/** A new enrollment identifier, shaped like the edge's (16 base64url characters). */
export const enrollmentId = (): string => `t${String(++minted).padStart(15, '0')}`;

/**
 * A conversion line as the edge writes it: naming its enrollment (a new one unless given), or none
 * (`enrollmentOf: null`, a line from before proofs of enrollment).
 */
export function conversion(
  experiment: string,
  variant: string,
  goal: string,
  value: unknown = 1,
  enrollmentOf: string | null = enrollmentId(),
): string {
  return JSON.stringify({
    Experiment: experiment,
    Variant: variant,
    Goal: goal,
    ...(enrollmentOf === null ? {} : { Enrollment: enrollmentOf }),
    Conversions: value,
    _aws: {
      Timestamp: 1764043200000,
      CloudWatchMetrics: [
        {
          Namespace: NS,
          Dimensions: [['Experiment', 'Variant', 'Goal']],
          Metrics: [{ Name: 'Conversions' }],
        },
      ],
    },
  });
}

/** The prefix Lambda's Node.js runtime puts before console.log output. */
export const lambdaPrefix = (line: string): string =>
  `2026-11-25T04:00:00.000Z\t6f1c2b7e-9d1a-4c3e-8f00-0123456789ab\tINFO\t${line}`;

export function experiment(
  id: string,
  variants: readonly [string, number][],
  control = 'control',
): ExperimentConfig {
  return {
    id,
    enabled: true,
    paths: ['/'],
    variants: variants.map(([name, weight]) => ({ name, weight })),
    control,
    cookieName: `xp-${id}`,
    cookieMaxAgeSeconds: 86400,
    overrideParam: `xp-${id}`,
  };
}

/** One 50/50 experiment `hero` (control, bold) and one goal `cta`. */
export const HERO: ReportConfig = {
  experiments: [
    experiment('hero', [
      ['control', 1],
      ['bold', 1],
    ]),
  ],
  goals: [{ id: 'cta' }],
};

/** Lines for `n` enrollments and `c` conversions of one arm (one line per event, as the edge logs them). */
export function armLines(exp: string, variant: string, n: number, goals: Record<string, number>): string[] {
  const lines: string[] = [];
  for (let i = 0; i < n; i++) lines.push(enrollment(exp, variant));
  for (const [goal, c] of Object.entries(goals))
    for (let i = 0; i < c; i++) lines.push(conversion(exp, variant, goal));
  return lines;
}

/** A name as hostile log lines can carry it: ESC (a colour sequence), BEL, CR, NUL and the C1 CSI U+009B. */
export const CONTROLS = 'x\x1b[31mred\x07bell\rcr\0nul\u009b2Jcsi';
/** CONTROLS as the report prints it. */
export const CONTROLS_SHOWN = 'x\\u001b[31mred\\u0007bell\\u000dcr\\u0000nul\\u009b2Jcsi';
/** Any character the report must never print raw (line feeds between lines aside). */
export const RAW_CONTROL = /[\0-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/;

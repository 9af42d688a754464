/**
 * Bundle sizes: the shipped files, split into our code and the configuration baked in, against the same
 * budgets the build reports (`edge-functions/budgets.ts`).
 */
import { FUNCTIONS, reportBundle, type BundleReport } from '../../edge-functions/build';
import {
  BUDGETS_FILE,
  CODE_BUDGET,
  CONFIG_WARN_BYTES,
  PACKAGE_LIMIT_GZIP,
} from '../../edge-functions/budgets';
import { kb, type Row, type Section, type Target } from './section';

export const measureBundles = (outDir: string): Promise<BundleReport[]> =>
  Promise.all(FUNCTIONS.map((name) => reportBundle(name, outDir)));

export function bundleRows(reports: readonly BundleReport[]): Row[] {
  return reports.map((b) => ({
    function: b.name,
    'min KB': kb(b.bytes),
    'gzip KB': kb(b.gzipBytes),
    'code KB': kb(b.codeBytes),
    'code budget KB': kb(CODE_BUDGET[b.name]),
    'config KB': kb(b.configBytes),
  }));
}

/** Code within its budget, the package within Lambda@Edge's quota, the configuration under the warning line. */
export function bundleTargets(reports: readonly BundleReport[]): Target[] {
  return reports.flatMap((b) => [
    {
      target: `${b.name} code ≤ ${kb(CODE_BUDGET[b.name])} KB minified (${BUDGETS_FILE})`,
      value: `${kb(b.codeBytes)} KB`,
      met: b.codeBytes <= CODE_BUDGET[b.name],
    },
    {
      target: `${b.name} package ≤ ${kb(PACKAGE_LIMIT_GZIP[b.name])} KB compressed (Lambda@Edge quota)`,
      value: `${kb(b.gzipBytes)} KB`,
      met: b.gzipBytes <= PACKAGE_LIMIT_GZIP[b.name],
    },
    {
      target: `${b.name} configuration ≤ ${kb(CONFIG_WARN_BYTES)} KB (warning line, ${BUDGETS_FILE})`,
      value: `${kb(b.configBytes)} KB`,
      met: b.configBytes <= CONFIG_WARN_BYTES,
    },
  ]);
}

export const bundles: Section<BundleReport[]> = {
  name: 'bundles',
  async run(ctx) {
    const reports = await measureBundles(ctx.shippedDir);
    return {
      tables: [
        {
          title: 'Bundles (shipped files: our code + the configuration baked in)',
          rows: bundleRows(reports),
        },
      ],
      targets: bundleTargets(reports),
      data: reports,
    };
  },
};

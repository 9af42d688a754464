/**
 * The build as a user meets it: size guards that never punish configuration, and failures that name the
 * file. The code budget is the project's own guard (a test), never a build failure.
 */
import { copyFileSync, cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { buildAll, describeFailure, formatBuild, FUNCTIONS } from '../../edge-functions/build';
import { codeSize, sizeErrors, sizeWarnings, type BundleReport } from '../../edge-functions/build/sizes';
import {
  BUDGETS_FILE,
  CODE_BUDGET,
  CONFIG_WARN_BYTES,
  PACKAGE_LIMIT_GZIP,
} from '../../edge-functions/budgets';
import type { ExperimentConfig, SiteConfig } from '../../edge-functions/config/schema';
import { MAX_CACHE_KEY_COOKIES } from '../../edge-functions/config/validate';
import { inspectSite, SiteCheckError } from '../../site-checks';
import { fixture } from '../support/fixtures';

const kb = (n: number) => `${(n / 1024).toFixed(2)} KB`;

describe('code budgets (the guard on our code)', () => {
  it.each(FUNCTIONS)('%s code fits its budget, whatever the configuration', async (name) => {
    expect(await codeSize(name)).toBeLessThanOrEqual(CODE_BUDGET[name]);
  });
});

describe('size messages', () => {
  const report = (over: Partial<BundleReport>): BundleReport => ({
    name: 'viewer-request',
    bytes: 20_000,
    gzipBytes: 8_000,
    codeBytes: 10_000,
    configBytes: 10_000,
    ...over,
  });

  it('fails only above the Lambda@Edge package quota, saying the size, the limit and where it lives', () => {
    expect(sizeErrors(report({}))).toEqual([]);
    const [message] = sizeErrors(report({ gzipBytes: PACKAGE_LIMIT_GZIP['viewer-request'] + 1 }));
    expect(message).toMatch(
      /^viewer-request is 1024\.00 KB compressed, over Lambda@Edge's 1024\.00 KB package quota/,
    );
    expect(message).toContain(`(limit in ${BUDGETS_FILE})`);
  });

  it('warns about a large baked configuration and about code over budget, never fails on them', () => {
    const warnings = sizeWarnings(
      report({ configBytes: CONFIG_WARN_BYTES + 1, codeBytes: CODE_BUDGET['viewer-request'] + 1 }),
    );
    expect(warnings).toEqual([
      expect.stringMatching(
        /^viewer-request carries 64\.00 KB of configuration \(warning above 64\.00 KB: .*threshold in edge-functions\/budgets\.ts\)$/,
      ),
      `viewer-request code is ${kb(CODE_BUDGET['viewer-request'])}, over its ${kb(CODE_BUDGET['viewer-request'])} budget (a project test fails; budget in edge-functions/budgets.ts)`,
    ]);
  });
});

describe('what the build prints', () => {
  const reports: BundleReport[] = FUNCTIONS.map((name) => ({
    name,
    bytes: 20_000,
    gzipBytes: 8_000,
    codeBytes: 10_000,
    configBytes: 10_000,
  }));

  it('prints one summary line of what the site checks checked, then the sizes; warnings apart, on their own lines', () => {
    const f = fixture('three-locales');
    const site = inspectSite(f.config, f.siteDir);
    const { out, err } = formatBuild({ reports, packages: [], warnings: ['a size warning'], site });
    expect(out.split('\n')[0]).toBe(
      'site checks passed: 15 pages (+15 variant files) in 3 locales, 2 experiments, 2 goals; 39 files ready to upload, 2 warnings',
    );
    expect(out).toContain('viewer-request');
    expect(err).toEqual([
      expect.stringMatching(/^warning: experiments\.goals\[0\] \('signup'\) is fired by no file/),
      expect.stringMatching(/^warning: experiments\.goals\[1\] \('newsletter'\) is fired by no file/),
      'warning: a size warning',
    ]);
  });

  it('prints a failing site check as its problems, then its warnings', () => {
    const message = describeFailure(new SiteCheckError(['a problem'], ['a warning']));
    expect(message).toBe('Site check failed (1 problem):\n  - a problem\nwarning: a warning');
  });
});

/** A copy of the blog, in every locale, as `/<section>/`, with variant `variant` of each of its pages. */
function copyBlog(siteDir: string, locales: readonly string[], section: string, variant: string): void {
  for (const locale of locales) {
    const dir = path.join(siteDir, locale, section);
    cpSync(path.join(siteDir, locale, 'blog'), dir, { recursive: true });
    for (const file of readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) =>
      f.endsWith('.html'),
    ))
      writeFileSync(
        path.join(dir, file),
        readFileSync(path.join(dir, file), 'utf8').replaceAll('/blog/', `/${section}/`),
      );
    for (const page of ['', 'first-post', 'second-post'])
      copyFileSync(path.join(dir, page, 'index.html'), path.join(dir, page, `index.${variant}.html`));
  }
}

/**
 * The three-locales fixture plus `extra` experiments, each over its own copy of the blog (enabled experiments
 * share no page), with every variant file present.
 */
function withExperiments(
  extra: number,
  pathsEach: number,
): { config: SiteConfig; siteDir: string; outDir: string } {
  const f = fixture('three-locales');
  const root = mkdtempSync(path.join(tmpdir(), 'many-xp-'));
  const siteDir = path.join(root, 'site');
  cpSync(f.siteDir, siteDir, { recursive: true });
  const list: ExperimentConfig[] = [...f.config.experiments.list];
  for (let k = 0; k < extra; k++) {
    const [section, variant] = [`blog-${k}`, `v${k}`];
    list.push({
      ...f.config.experiments.list[1]!,
      id: `extra-${k}`,
      cookieName: `xp-extra-${k}`,
      overrideParam: `xp-extra-${k}`,
      // Every page of the section, listed one by one as well as by prefix (lists grow a real configuration).
      paths: [
        `/${section}/*`,
        ...Array.from({ length: pathsEach }, () =>
          ['first-post', 'second-post'].map((p) => `/${section}/${p}/`),
        ).flat(),
      ],
      variants: [
        { name: 'control', weight: 1 },
        { name: variant, weight: 1 },
      ],
    });
    copyBlog(siteDir, f.config.locales.supported, section, variant);
  }
  return {
    config: { ...f.config, experiments: { ...f.config.experiments, list } },
    siteDir,
    outDir: path.join(root, 'dist'),
  };
}

describe('configuration growth', () => {
  it('never breaks the build: as many experiments as the cache key allows', async () => {
    const target = withExperiments(MAX_CACHE_KEY_COOKIES - 2, 40);
    const { reports, warnings } = await buildAll({ ...target, file: 'edge.config.ts' });
    const viewer = reports.find((r) => r.name === 'viewer-request')!;
    // Over 12 KB in all (what used to fail the build with a second experiment), but the code is unchanged.
    expect(viewer.bytes).toBeGreaterThan(CODE_BUDGET['viewer-request']);
    expect(viewer.codeBytes).toBeLessThanOrEqual(CODE_BUDGET['viewer-request']);
    expect(viewer.configBytes).toBeGreaterThan(10 * 1024);
    expect(warnings).toEqual([]);
    rmSync(path.dirname(target.siteDir), { recursive: true, force: true });
  });
});

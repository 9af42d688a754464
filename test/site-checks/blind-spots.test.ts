/**
 * No blind spots: goals fired from scripts are checked like `data-goal`; a declared goal nothing fires, a
 * file no URL reaches and a removed experiment's leftover variant file are warnings (printed, never
 * failing); a leftover is not a page, so it confuses no other check.
 */
import { copyFileSync } from 'node:fs';
import * as path from 'node:path';
import { formatSummary, inspectSite } from '../../site-checks';
import { scriptGoals } from '../../site-checks/scripts';
import { fixture } from '../support/fixtures';
import { broken, inspectChanged } from '../support/sites';

describe('goals fired from scripts', () => {
  it.each([
    ['navigator.sendBeacon', "navigator.sendBeacon('/__edge/goal/signup')", ['signup']],
    ['fetch with options', 'fetch("/__edge/goal/signup?from=nav", { method: "POST" })', ['signup']],
    ['a template literal', 'fetch(`/__edge/goal/signup`)', ['signup']],
    ['a URL built at run time (named by data-goal instead)', "sendBeacon('/__edge/goal/' + id)", []],
    ['an interpolated template', 'fetch(`/__edge/goal/${id}`)', []],
    ['mismatched quotes', `sendBeacon('/__edge/goal/signup")`, []],
  ])('reads %s', (_name, code, goals) => {
    expect(scriptGoals(code)).toEqual(goals);
  });

  it('reports an unknown goal fired by a .js file and by an inline script', () => {
    const problems = broken('four-locales', ({ edit }) => {
      edit('assets/site.9ab49027.js', (t) => `${t}\nnavigator.sendBeacon('/__edge/goal/buy');\n`);
      edit('en/index.html', (t) =>
        t.replace('</main>', `<script>fetch('/__edge/goal/buy', {})</script></main>`),
      );
    });
    expect(problems).toContain(
      `goal 'buy' is fired by 2 files, and experiments.goals does not list it: <site>/assets/site.9ab49027.js, <site>/en/index.html; add { id: 'buy' } to experiments.goals or fix the id`,
    );
  });

  it('counts a goal fired only from a script as fired', () => {
    const report = inspectChanged('three-locales', ({ edit }) =>
      edit('assets/app.9ab49027.js', (t) => `${t}\nnavigator.sendBeacon('/__edge/goal/newsletter');\n`),
    );
    expect(report.problems).toEqual([]);
    expect(report.warnings).toEqual([
      "experiments.goals[0] ('signup') is fired by no file in <site>, so it will count nothing; fire it with data-goal=\"signup\" or navigator.sendBeacon('/__edge/goal/signup'), or remove it",
    ]);
  });
});

describe('warnings', () => {
  it('warns about each declared goal that nothing fires, and fails nothing', () => {
    const f = fixture('three-locales');
    const report = inspectSite(f.config, f.siteDir);
    expect(report.problems).toEqual([]);
    expect(report.warnings.map((w) => w.slice(0, w.indexOf(' is fired')))).toEqual([
      "experiments.goals[0] ('signup')",
      "experiments.goals[1] ('newsletter')",
    ]);
  });

  it('warns about files outside the locale folders and neutral paths, with the setting that reaches them', () => {
    const defaults = "'/robots.txt', '/favicon.ico', '/sitemap.xml', '/assets/*'";
    const report = inspectChanged('four-locales', ({ write }) => {
      write('.well-known/security.txt', 'Contact: mailto:security@example.de\n');
      write('.well-known/change-password.txt', 'x');
      write('humans.txt', 'x');
    });
    expect(report.problems).toEqual([]);
    expect(report.warnings).toEqual([
      `2 files under <site>/.well-known/ are outside the locale folders and locales.neutralPaths, so no URL reaches them: <site>/.well-known/change-password.txt, <site>/.well-known/security.txt; to serve them at /.well-known/*, set locales.neutralPaths: [${defaults}, '/.well-known/*'] in edge.config.ts, or move them into the locale folders`,
      `<site>/humans.txt is outside the locale folders and locales.neutralPaths, so no URL reaches it (a request for /humans.txt is answered from /<locale>/humans.txt, a 404); to serve it at /humans.txt, set locales.neutralPaths: [${defaults}, '/humans.txt'] in edge.config.ts, or move it into the locale folders`,
    ]);
    const reached = inspectChanged('four-locales', ({ write }, c) => {
      write('.well-known/security.txt', 'x');
      c.locales.neutralPaths = [...c.locales.neutralPaths, '/.well-known/*'];
    });
    expect(reached.warnings).toEqual([]);
  });

  it("warns about a removed experiment's leftover variant files, which are not pages", () => {
    const report = inspectChanged('three-locales', ({ dir }) => {
      // `old` is no variant of any experiment; under /blog/* it would otherwise be a page blog-cta covers.
      for (const l of ['en', 'ja', 'fr'])
        copyFileSync(path.join(dir, l, 'blog/index.html'), path.join(dir, l, 'blog/index.old.html'));
    });
    expect(report.problems).toEqual([]);
    expect(report.warnings).toContain(
      "3 files look like variant 'old' of the page beside them, but no experiment in experiments.list has a variant 'old' (a removed experiment's leftover?), so no check reads it as a page, though it is uploaded and public: <site>/en/blog/index.old.html, <site>/fr/blog/index.old.html, <site>/ja/blog/index.old.html; delete them, or give a page of its own a name without '.old.html'",
    );
  });
});

describe('the summary of a green build', () => {
  it('says what was checked', () => {
    const f = fixture('four-locales');
    const { summary, warnings } = inspectSite(f.config, f.siteDir);
    expect(formatSummary(summary, warnings.length)).toBe(
      'site checks passed: 16 pages (+8 variant files) in 4 locales, 1 experiment, 1 goal; 32 files ready to upload',
    );
  });
});

/// <reference lib="dom" />
/**
 * The numbers `/__cloudfront/experiments` shows, read from the rendered page the way a person reads it:
 * each experiment's section (titled by its id), each goal's section (`Goal: <id>`), and in its table the
 * cells under the `Variant`, `Enrolled` and `Conversions` headers. Columns are found by header, not
 * position, so adding a column to the report does not break the suite.
 */
import type { Page } from 'playwright-core';
import type { Counts } from './tally';

interface RawGoal {
  readonly title: string;
  readonly head: string[];
  readonly rows: string[][];
  /** Width × height of the section's chart as laid out, or 0 when it has none. */
  readonly chartArea: number;
}

/** The page's sections as text, read in the browser. */
const rawSections = (page: Page) =>
  page.$$eval('section.experiment', (sections) =>
    sections.map((s) => ({
      // The heading is the id followed by a note in a <span>: the id is its first text node.
      id: s.querySelector('h2')?.firstChild?.textContent?.trim() ?? '',
      goals: Array.from(s.querySelectorAll('section.goal')).map((g) => {
        const box = g.querySelector('svg')?.getBoundingClientRect();
        return {
          title: g.querySelector('h3')?.textContent?.trim() ?? '',
          head: Array.from(g.querySelectorAll('thead th')).map((th) => th.textContent?.trim() ?? ''),
          rows: Array.from(g.querySelectorAll('tbody tr')).map((tr) =>
            Array.from(tr.querySelectorAll('td')).map((td) => td.textContent?.trim() ?? ''),
          ),
          chartArea: box ? box.width * box.height : 0,
        };
      }),
    })),
  );

/** `1,234` → 1234; anything that is not a whole count fails the comparison as NaN. */
const count = (text: string | undefined): number =>
  /^[\d,]+$/.test(text ?? '') ? Number(text!.replace(/,/g, '')) : NaN;

function addGoal(into: Counts[string], goal: string, raw: RawGoal): void {
  const column = (name: string) => {
    const i = raw.head.indexOf(name);
    if (i < 0) throw new Error(`the table for goal ${goal} has no '${name}' column: ${raw.head.join(' | ')}`);
    return i;
  };
  const [variant, enrolled, conversions] = ['Variant', 'Enrolled', 'Conversions'].map(column);
  for (const cells of raw.rows) {
    const row = (into[cells[variant!]!] ??= { enrolled: count(cells[enrolled!]), conversions: {} });
    // Every goal's table repeats the enrollments: they must agree.
    if (row.enrolled !== count(cells[enrolled!])) row.enrolled = NaN;
    row.conversions[goal] = count(cells[conversions!]);
  }
}

/** The page's counts for `goals`, and the experiment/goal sections whose chart is missing or not laid out. */
export async function readReportTables(
  page: Page,
  goals: readonly string[],
): Promise<{ counts: Counts; chartsWithoutArea: string[] }> {
  const counts: Counts = {};
  const chartsWithoutArea: string[] = [];
  for (const section of await rawSections(page)) {
    const into = (counts[section.id] = {});
    for (const goal of goals) {
      const raw = section.goals.find((g) => g.title === `Goal: ${goal}`);
      if (!raw) throw new Error(`experiment ${section.id} shows no section for goal ${goal}`);
      addGoal(into, goal, raw);
      if (!(raw.chartArea > 0)) chartsWithoutArea.push(`${section.id}: ${goal}`);
    }
  }
  return { counts, chartsWithoutArea };
}

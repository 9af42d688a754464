/**
 * Broken copies of fixture sites for the site-check suites: a fixture's site in a temp folder and a copy of
 * its configuration, with a change applied to both, inspected, then removed. Paths in messages are shown
 * as `<site>/…`.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { SiteConfig } from '../../edge-functions/config/schema';
import { inspectSite, type SiteReport } from '../../site-checks';
import { fixture, type FixtureName } from './fixtures';

export type Mutable<T> = { -readonly [K in keyof T]: any };

export interface SiteCopy {
  readonly dir: string;
  edit(file: string, f: (text: string) => string): void;
  write(file: string, text: string | Buffer): void;
}

export type Change = (site: SiteCopy, config: Mutable<SiteConfig>) => void;

/** The report on a changed copy of a fixture, with `<site>` for the copy's folder in every message. */
export function inspectChanged(name: FixtureName, change: Change): SiteReport {
  const f = fixture(name);
  const dir = mkdtempSync(path.join(tmpdir(), 'site-'));
  cpSync(f.siteDir, dir, { recursive: true });
  const config = structuredClone(f.config) as Mutable<SiteConfig>;
  const edit = (file: string, fn: (t: string) => string) =>
    writeFileSync(path.join(dir, file), fn(readFileSync(path.join(dir, file), 'utf8')));
  const write = (file: string, text: string | Buffer) => {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  };
  change({ dir, edit, write }, config);
  try {
    const report = inspectSite(config as SiteConfig, dir);
    const relative = path.relative(process.cwd(), dir);
    const clean = (lines: readonly string[]) => lines.map((p) => p.replaceAll(relative, '<site>'));
    return { ...report, problems: clean(report.problems), warnings: clean(report.warnings) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The problems of a changed copy of a fixture. */
export const broken = (name: FixtureName, change: Change): string[] => [
  ...inspectChanged(name, change).problems,
];

/** Aligns a table of strings into fixed-width text columns. */
import { printable } from './printable';

export interface Column<T> {
  readonly header: string;
  readonly align: 'left' | 'right';
  readonly cell: (row: T) => string;
}

export function renderColumns<T>(columns: readonly Column<T>[], rows: readonly T[], indent = ''): string[] {
  // Escaped before measuring, so a name from the logs is as wide as it prints.
  const cells = [columns.map((c) => c.header), ...rows.map((r) => columns.map((c) => printable(c.cell(r))))];
  const widths = columns.map((_, i) => Math.max(...cells.map((row) => [...row[i]!].length)));
  return cells.map((row) =>
    (indent + row.map((text, i) => pad(text, widths[i]!, columns[i]!.align)).join('  ')).trimEnd(),
  );
}

function pad(text: string, width: number, align: 'left' | 'right'): string {
  const fill = ' '.repeat(Math.max(0, width - [...text].length));
  return align === 'left' ? text + fill : fill + text;
}

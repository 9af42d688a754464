/**
 * The report page's stylesheet, served at its own URL: the page runs under
 * `default-src 'none'; style-src 'self'; img-src 'self' data:`, which forbids inline styles.
 */
export const REPORT_CSS = `:root { color-scheme: light dark; --ok: #1a7f37; --bad: #cf222e; --muted: #6e7781; --accent: #0969da; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 0 auto; max-width: 80rem; padding: 1.5rem; }
h1 { font-size: 1.5rem; margin: 0 0 .25rem; }
h2 { font-size: 1.2rem; margin: 2rem 0 .5rem; border-bottom: 1px solid var(--muted); }
h3 { font-size: 1rem; margin: 1.25rem 0 .5rem; }
.meta, .control-name, .note { color: var(--muted); }
.warnings { color: var(--bad); margin: .25rem 0; padding-left: 1.25rem; }
.srm { padding: .5rem .75rem; border-radius: 6px; }
.srm.ok { border-left: 4px solid var(--ok); }
.srm.unchecked { border-left: 4px solid var(--muted); }
.srm.mismatch { border: 2px solid var(--bad); color: var(--bad); font-weight: 700; }
table { border-collapse: collapse; width: 100%; font-size: 13px; font-variant-numeric: tabular-nums; }
th, td { padding: .3rem .4rem; border-bottom: 1px solid color-mix(in srgb, var(--muted) 35%, transparent); text-align: right; white-space: nowrap; }
th:first-child, td:first-child { text-align: left; }
tr.control td { font-style: italic; }
.table-wrap { overflow-x: auto; }
.verdicts { list-style: none; padding: 0; }
.verdicts li { padding: .2rem 0; }
.verdicts .win { color: var(--ok); font-weight: 600; }
.verdicts .loss, .verdicts .blocked { color: var(--bad); }
.chart { width: 100%; max-width: 640px; height: auto; display: block; margin: .5rem 0; }
.chart .label { text-anchor: end; fill: currentColor; font-size: 12px; }
.chart .tick { text-anchor: middle; fill: var(--muted); font-size: 11px; }
.chart .note { fill: var(--muted); font-size: 12px; }
.chart .axis { stroke: var(--muted); }
.chart .baseline { stroke: var(--muted); stroke-dasharray: 4 3; }
.chart .ci { stroke: var(--accent); stroke-width: 3; stroke-linecap: round; }
.chart .rate { fill: var(--accent); stroke: Canvas; stroke-width: 1.5; }
.chart .control .ci { stroke: var(--muted); }
.chart .control .rate { fill: var(--muted); }
`;

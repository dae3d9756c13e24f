import { type DetailedProjectionStatus, type ProjectionStatus, type RebuildReport, type RowDifference, type VerifyReport } from '@keel/projections';
import { formatTable } from '../demo/tables';

const number = (n: number): string => Math.round(n).toLocaleString('en-US');
const seconds = (s: number): string => (s < 10 ? `${Math.round(s * 10) / 10} s` : `${number(s)} s`);

/** `keel projections list`: one row per projection. */
export function listTable(statuses: readonly ProjectionStatus[]): string {
  return formatTable(
    ['NAME', 'STATE', 'VERSION', 'STORED', 'CHECKPOINT', 'LAG EVENTS', 'LAG AGE'],
    statuses.map((s) => [s.name, s.state, s.codeVersion, s.storedVersion ?? '-', s.checkpoint, s.lag.events, seconds(s.lag.seconds)]),
  );
}

/** `keel projections status`: everything known about one projection. */
export function statusLines(status: DetailedProjectionStatus): string[] {
  const rebuilt = status.rebuiltAt ? `, rebuilt ${status.rebuiltAt.toISOString()}` : '';
  const builds = status.builds.map((b) => `${b.targetSchema}: ${b.purpose} by version ${b.version}, ${number(b.events)} events up to ${b.checkpoint}, last chunk ${b.updatedAt.toISOString()}`);
  const rows: [string, string][] = [
    ['state', status.state === 'needs-rebuild' ? 'needs-rebuild (run: keel projections rebuild --changed)' : status.state],
    ['version', `code ${status.codeVersion}, live tables ${status.storedVersion ?? 'unknown'}${rebuilt}`],
    ['subscription', `${status.subscription} (${status.activeInstance ? `active instance ${status.activeInstance}` : 'no active instance'})`],
    ['checkpoint', `${status.checkpoint} (log head ${status.head})`],
    ['lag', `${number(status.lag.events)} events, oldest ${seconds(status.lag.seconds)} old`],
    ['builds', builds.length > 0 ? builds.join('; ') : 'none'],
    ['tables', status.tables.map((t) => `${t.table} ${number(t.rows)}`).join(', ')],
  ];
  return [`${status.name}: ${status.description}`, ...rows.map(([k, v]) => `  ${k.padEnd(13)} ${v}`)];
}

/** One line per finished rebuild. */
export function rebuildLine(report: RebuildReport): string {
  const resumed = report.resumedFrom ? ` (resumed from ${report.resumedFrom})` : '';
  return `${report.projection}: rebuilt ${number(report.events)} events${resumed}, ${number(report.eventsPerSec)} events/s over ${seconds(report.durationMs / 1000)}; ` +
    `version ${report.previousVersion ?? '-'} → ${report.version}; swap held the tables ${Math.round(report.swapLockedMs)} ms; live from checkpoint ${report.checkpoint}`;
}

function cell(value: unknown, present: boolean): string {
  if (!present) return 'missing';
  const text = value === undefined ? 'present' : JSON.stringify(value);
  return text.length > 48 ? `${text.slice(0, 45)}...` : text;
}

function differenceRow(d: RowDifference): string[] {
  const key = Object.entries(d.key).map(([k, v]) => `${k}=${String(v)}`).join(',');
  if (d.column === null) return [d.table, key, '(row)', d.live === undefined ? 'missing' : 'present', d.rebuilt === undefined ? 'missing' : 'present'];
  return [d.table, key, d.column, cell(d.live, true), cell(d.rebuilt, true)];
}

/** `keel projections verify`: a one-line summary when equal, else the differences as a table. */
export function verifyLines(report: VerifyReport): string[] {
  const rows = report.tables.reduce((sum, t) => sum + t.liveRows, 0);
  if (report.equal) {
    return [`${report.projection}: equal — ${number(rows)} rows in ${report.tables.length} tables match a rebuild from ${number(report.events)} events at checkpoint ${report.checkpoint}`];
  }
  const differing = report.tables.filter((t) => t.differentRows > 0);
  const total = differing.reduce((sum, t) => sum + t.differentRows, 0);
  const lines = [
    `${report.projection}: DRIFT — ${number(total)} rows differ at checkpoint ${report.checkpoint} (${differing.map((t) => `${t.table} ${number(t.differentRows)}`).join(', ')})`,
    formatTable(['TABLE', 'KEY', 'COLUMN', 'LIVE', 'REBUILT'], report.differences.map(differenceRow)),
  ];
  const shown = new Set(report.differences.map((d) => `${d.table}\u0000${JSON.stringify(d.key)}`)).size;
  if (shown < total) lines.push(`(${number(total - shown)} more differing rows not shown)`);
  if (report.storedVersion !== report.codeVersion) {
    lines.push(`hint: the live tables were built by version ${report.storedVersion ?? 'unknown'} of the projection, the code is version ${report.codeVersion}: run keel projections rebuild --changed`);
  }
  return lines;
}

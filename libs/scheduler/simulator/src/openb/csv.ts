import { invalid } from '@keel/kernel';

/** A parsed CSV: header names and rows of raw cells. */
export interface CsvTable {
  readonly header: readonly string[];
  readonly rows: readonly (readonly string[])[];
}

/** Parse simple comma-separated text (the openb files have no quoting). */
export function parseCsv(text: string, source: string): CsvTable {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  const headerLine = lines[0];
  if (headerLine === undefined) throw invalid(source, 'empty CSV');
  return { header: headerLine.split(',').map((h) => h.trim()), rows: lines.slice(1).map((l) => l.split(',')) };
}

/** Column accessor by header name that reports the offending field on bad data. */
export function columnReader(table: CsvTable, source: string, required: readonly string[]): (row: readonly string[], line: number, name: string) => string {
  const index = new Map(table.header.map((h, i) => [h, i]));
  for (const name of required) if (!index.has(name)) throw invalid(`${source}.${name}`, 'missing column');
  return (row, line, name) => {
    const i = index.get(name);
    return i === undefined ? '' : (row[i] ?? '').trim();
  };
}

/** A non-negative integer cell, or a validation error naming row and column. */
export function intCell(value: string, field: string): number {
  if (!/^\d+$/.test(value)) throw invalid(field, `expected a non-negative integer, got "${value}"`);
  return Number(value);
}

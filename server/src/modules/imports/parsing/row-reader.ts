import { cleanText } from '@dealer/shared/domain';
import { buildColumnMap, type CanonicalField, type ColumnMap } from './headers';
import type { CellValue } from './raw-rows';
import type { TableRow } from './read-table';
import type { RowIssue, RowIssueReason } from './row-issues';

/** Cell contents DMS exports use for "nothing here". */
const BLANK_PLACEHOLDERS = new Set([
  '-',
  '--',
  '—',
  '/',
  '\\',
  '无',
  '暂无',
  '未知',
  '不详',
  'null',
  'n/a',
  'na',
  '#n/a'
]);

export interface FieldCell {
  column: string;
  value: Exclude<CellValue, null>;
  /** Cleaned text form of the value, never empty. */
  text: string;
}

function cellText(value: Exclude<CellValue, null>): string {
  return cleanText(value instanceof Date ? value.toISOString().slice(0, 10) : String(value));
}

let cachedKey = '';
let cachedColumns: ColumnMap = { fields: {}, unrecognised: [] };

/** Recognises the row's own headers; pass the Table's `columns` instead when a mapping was used. */
export function columnsOfRow(row: TableRow): ColumnMap {
  const headers = Object.keys(row.cells);
  const key = headers.join('\u0000');
  if (key !== cachedKey) {
    cachedKey = key;
    cachedColumns = buildColumnMap(headers);
  }
  return cachedColumns;
}

/** Field-oriented view of one row that collects warnings and errors as it is read. */
export class RowReader {
  readonly errors: RowIssue[] = [];
  readonly warnings: RowIssue[] = [];

  constructor(
    private readonly row: TableRow,
    private readonly columns: ColumnMap
  ) {}

  /** The header reported for a field: its first column, or the field name if absent. */
  column(field: CanonicalField): string {
    return this.columns.fields[field]?.[0] ?? field;
  }

  has(field: CanonicalField): boolean {
    return (this.columns.fields[field]?.length ?? 0) > 0;
  }

  /** First non-blank cell among the field's columns (best alias first). */
  cell(field: CanonicalField, extraBlanks: ReadonlySet<string> = new Set()): FieldCell | null {
    for (const column of this.columns.fields[field] ?? []) {
      const value = this.row.cells[column];
      if (value === null || value === undefined) continue;
      const text = cellText(value);
      const lower = text.toLowerCase();
      if (text === '' || BLANK_PLACEHOLDERS.has(lower) || extraBlanks.has(lower)) continue;
      return { column, value, text };
    }
    return null;
  }

  text(field: CanonicalField): string | null {
    return this.cell(field)?.text ?? null;
  }

  error(column: string, reason: RowIssueReason, value?: string): void {
    this.errors.push(value === undefined ? { column, reason } : { column, reason, value });
  }

  warn(column: string, reason: RowIssueReason, value?: string): void {
    this.warnings.push(value === undefined ? { column, reason } : { column, reason, value });
  }

  /** Parses an optional field; an unparseable value becomes null with a warning. */
  optional<T>(field: CanonicalField, parse: (cell: FieldCell) => T | null, reason: RowIssueReason): T | null {
    const cell = this.cell(field);
    if (cell === null) return null;
    const parsed = parse(cell);
    if (parsed === null) this.warn(cell.column, reason, cell.text);
    return parsed;
  }
}

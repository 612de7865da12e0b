import { collapseSpaces } from '@dealer/shared/domain';
import { ImportFileError } from './errors';
import {
  buildColumnMap,
  countRecognisedHeaders,
  detectTableKind,
  parseHeaderMapping,
  type ColumnMap,
  type TableKind
} from './headers';
import { isBlankRow, readHead, type CellValue, type RawRow, type TableInput } from './raw-rows';
import { readCsvRows } from './read-csv';
import { readXlsxRows } from './read-xlsx';
import { SNIFF_BYTES, sniffFormat, type Delimiter, type TextEncoding } from './sniff-file';
import type { XlsxLimits } from './xlsx-parts';

export type { CellValue, TableInput };

/** Title rows, export dates and blank rows often precede the header in DMS exports. */
export const HEADER_SEARCH_ROWS = 10;
/** A row is the header once it names this many known fields. */
export const MIN_RECOGNISED_HEADERS = 2;

export interface TableRow {
  /** 1-based, as the user sees it in Excel / WPS. */
  rowNumber: number;
  /** Keyed by header text as in the file (made unique: '电话', '电话 (2)'). */
  cells: Record<string, CellValue>;
}

export interface Table {
  format: 'csv' | 'xlsx';
  delimiter: Delimiter | null;
  /** CSV only; null until known (all text so far ASCII) and for XLSX. */
  encoding(): TextEncoding | null;
  headerRowNumber: number;
  headers: string[];
  columns: ColumnMap;
  kind: TableKind | null;
  /** Data rows, blank ones skipped. Iterate once; the file is closed when it ends. */
  rows: AsyncIterable<TableRow>;
  /** Releases the file when the rows are not read to the end. */
  close(): Promise<void>;
}

export interface ReadTableOptions {
  /** User mapping `{ header in file: canonical field }`; validated here. */
  mapping?: unknown;
  /** Bounds on what an XLSX may inflate to (defaults: DEFAULT_XLSX_LIMITS). */
  xlsxLimits?: XlsxLimits;
}

function headerText(value: CellValue): string {
  if (value === null) return '';
  return collapseSpaces(value instanceof Date ? value.toISOString().slice(0, 10) : String(value));
}

/** Empty header cells drop their column; repeated ones get ' (2)', ' (3)'. */
function uniqueHeaders(values: readonly CellValue[]): (string | null)[] {
  const seen = new Map<string, number>();
  return values.map((value) => {
    const text = headerText(value);
    if (text === '') return null;
    const count = (seen.get(text) ?? 0) + 1;
    seen.set(text, count);
    return count === 1 ? text : `${text} (${count})`;
  });
}

/** Opens an upload, finds its header row and returns the remaining rows as a stream. */
export async function openTable(
  input: TableInput,
  fileName: string,
  options: ReadTableOptions = {}
): Promise<Table> {
  const mapping = parseHeaderMapping(options.mapping);
  const head = await readHead(input, SNIFF_BYTES);
  const format = sniffFormat(head, fileName);
  const csv =
    format.kind === 'csv'
      ? readCsvRows(input, { bytes: head, wholeFile: head.length < SNIFF_BYTES }, format.bomEncoding)
      : null;
  const raw = csv ? csv.rows : readXlsxRows(input, options.xlsxLimits);

  let header: RawRow | null = null;
  let nonBlankSeen = 0;
  try {
    for (let next = await raw.next(); !next.done; next = await raw.next()) {
      if (isBlankRow(next.value.values)) continue;
      nonBlankSeen += 1;
      if (countRecognisedHeaders(next.value.values.map(headerText), mapping) >= MIN_RECOGNISED_HEADERS) {
        header = next.value;
        break;
      }
      if (nonBlankSeen >= HEADER_SEARCH_ROWS) break;
    }
  } catch (e) {
    await raw.return(undefined);
    throw e;
  }
  if (header === null) {
    await raw.return(undefined);
    if (nonBlankSeen === 0) throw new ImportFileError('EMPTY_FILE', `${fileName} contains no data`);
    throw new ImportFileError(
      'NO_HEADER',
      `No header row found in the first ${HEADER_SEARCH_ROWS} rows of ${fileName}`
    );
  }

  const keys = uniqueHeaders(header.values);
  const headers = keys.filter((k): k is string => k !== null);
  const columns = buildColumnMap(headers, mapping);
  async function* rows(): AsyncGenerator<TableRow> {
    try {
      for await (const { rowNumber, values } of { [Symbol.asyncIterator]: () => raw }) {
        if (isBlankRow(values)) continue;
        const cells: Record<string, CellValue> = {};
        keys.forEach((key, i) => {
          if (key !== null) cells[key] = values[i] ?? null;
        });
        yield { rowNumber, cells };
      }
    } finally {
      await raw.return(undefined);
    }
  }
  return {
    format: format.kind,
    delimiter: csv?.delimiter ?? null,
    encoding: () => csv?.encoding() ?? null,
    headerRowNumber: header.rowNumber,
    headers,
    columns,
    kind: detectTableKind(columns),
    rows: rows(),
    close: async () => {
      await raw.return(undefined);
    }
  };
}

/** Data rows of an upload; the header row and any title rows above it are not included. */
export async function* readTable(
  input: TableInput,
  fileName: string,
  options: ReadTableOptions = {}
): AsyncGenerator<TableRow> {
  const table = await openTable(input, fileName, options);
  try {
    yield* table.rows;
  } finally {
    await table.close();
  }
}

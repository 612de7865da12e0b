import ExcelJS from 'exceljs';
import { ImportFileError } from './errors';
import type { CellValue, RawRow, TableInput } from './raw-rows';
import { openFirstWorksheet, type FirstWorksheet } from './xlsx-workbook';
import type { XlsxLimits } from './xlsx-parts';

/** Rich text → its plain text, formula → its cached result, error cells (#N/A) → null. */
export function plainCellValue(value: ExcelJS.CellValue | ExcelJS.RichText[]): CellValue {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value;
  if (typeof value === 'string') return value.trim() === '' ? null : value.trim();
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (Array.isArray(value)) return plainCellValue(value.map((run) => run.text).join(''));
  if ('richText' in value) return plainCellValue(value.richText);
  if ('result' in value || 'formula' in value || 'sharedFormula' in value) {
    return 'result' in value ? plainCellValue(value.result) : null;
  }
  if ('hyperlink' in value) return plainCellValue(value.text);
  return null; // CellErrorValue
}

function rowValues(values: ExcelJS.Row['values']): CellValue[] {
  if (!Array.isArray(values)) return [];
  // ExcelJS arrays are 1-based (index 0 unused) and sparse.
  return Array.from({ length: Math.max(values.length - 1, 0) }, (_, i) => plainCellValue(values[i + 1]));
}

/** Parser failures mean a damaged file; Node I/O errors (ENOENT, EACCES…) are ours to see. */
function isContentFailure(e: unknown): boolean {
  return e instanceof Error && !('code' in e && typeof e.code === 'string' && e.code.startsWith('E'));
}

/**
 * Rows of the first worksheet, streamed. rowNumber is Excel's row number; ExcelJS does
 * not emit rows absent from the sheet XML, so blank rows simply leave gaps.
 */
export async function* readXlsxRows(input: TableInput, limits?: XlsxLimits): AsyncGenerator<RawRow> {
  let sheet: FirstWorksheet | undefined;
  try {
    sheet = await openFirstWorksheet(input, limits);
    for await (const row of sheet.rows) yield { rowNumber: row.number, values: rowValues(row.values) };
  } catch (e) {
    if (e instanceof ImportFileError || !isContentFailure(e)) throw e;
    const reason = e instanceof Error ? e.message : String(e);
    throw new ImportFileError('MALFORMED_FILE', `The XLSX file could not be read: ${reason}`);
  } finally {
    sheet?.close();
  }
}

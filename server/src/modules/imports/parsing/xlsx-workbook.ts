import type { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { Open, type CentralDirectory, type File } from 'unzipper';
import { ImportFileError } from './errors';
import type { TableInput } from './raw-rows';

/**
 * ExcelJS's streaming WorkbookReader reads the ZIP in one forward pass, and on Node ≥ 18
 * that pass intermittently loses an entry's data (exceljs issue #3064: "Cannot read
 * properties of undefined (reading 'sheets')" when it is xl/workbook.xml, which ExcelJS's
 * own writer stores last; silently missing strings or rows for other entries). We read
 * the archive through its central directory instead and feed ExcelJS's parsers the parts
 * in the order they depend on each other: relationships, workbook, shared strings,
 * styles, then the first sheet, whose rows still stream.
 *
 * The parsers are WorkbookReader's own (not public API); exceljs is pinned to 4.4.x and
 * tests/server/imports-parsing*.test.ts read real XLSX files through this path.
 */
interface WorkbookParts {
  workbookRels?: { Id: string; Target: string }[];
  model?: { sheets?: { id: number; name: string; rId: string }[] };
  _parseRels(entry: Readable): Promise<void>;
  _parseWorkbook(entry: Readable): Promise<void>;
  _parseSharedStrings(entry: Readable): AsyncGenerator<unknown>;
  _parseStyles(entry: Readable): Promise<void>;
  _parseWorksheet(
    chunks: AsyncIterable<Buffer>,
    sheetNo: string
  ): Generator<{ eventType: string; value: ExcelJS.stream.xlsx.WorksheetReader }>;
}

type ZipEntry = File;

function openDirectory(input: TableInput): Promise<CentralDirectory> {
  return typeof input === 'string' ? Open.file(input) : Open.buffer(input);
}

/** Path inside the archive of the workbook's first sheet, from workbook.xml and its rels. */
function firstSheetPath(parts: WorkbookParts): string | undefined {
  const first = parts.model?.sheets?.[0];
  const rel = first && parts.workbookRels?.find((r) => r.Id === first.rId);
  if (!rel) return undefined;
  const target = rel.Target.replace(/^\//, '');
  return target.startsWith('xl/') ? target : `xl/${target}`;
}

export interface FirstWorksheet {
  rows: AsyncIterable<ExcelJS.Row>;
  /** Releases the open entry stream when reading stops early. */
  close(): void;
}

export async function openFirstWorksheet(input: TableInput): Promise<FirstWorksheet> {
  const directory = await openDirectory(input);
  const entries = new Map<string, ZipEntry>(directory.files.map((f) => [f.path.replace(/\\/g, '/'), f]));
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(undefined as unknown as string, {
    sharedStrings: 'cache',
    styles: 'cache', // needed to tell date cells from numbers
    hyperlinks: 'ignore',
    worksheets: 'emit',
    entries: 'ignore'
  });
  const parts = reader as unknown as WorkbookParts;
  const part = (path: string) => entries.get(path)?.stream();

  const rels = part('xl/_rels/workbook.xml.rels');
  const workbook = part('xl/workbook.xml');
  if (rels) await parts._parseRels(rels);
  if (workbook) await parts._parseWorkbook(workbook);
  const strings = part('xl/sharedStrings.xml');
  if (strings) for await (const _ of parts._parseSharedStrings(strings)); // 'cache' mode yields nothing
  const styles = part('xl/styles.xml');
  if (styles) await parts._parseStyles(styles);

  const sheetPath =
    firstSheetPath(parts) ??
    [...entries.keys()].filter((p) => /^xl\/worksheets\/sheet\d+\.xml$/.test(p)).sort(bySheetNumber)[0];
  const sheetEntry = sheetPath ? entries.get(sheetPath) : undefined;
  if (!sheetEntry) throw new ImportFileError('UNSUPPORTED_FILE', 'The ZIP archive contains no worksheet');
  const sheetStream = sheetEntry.stream();
  const sheetNo = /(\d+)\.xml$/.exec(sheetPath!)?.[1] ?? '1';
  const [event] = [...parts._parseWorksheet(sheetStream as AsyncIterable<Buffer>, sheetNo)];
  return { rows: event.value, close: () => sheetStream.destroy() };
}

function bySheetNumber(a: string, b: string): number {
  const n = (p: string) => Number(/(\d+)\.xml$/.exec(p)?.[1] ?? 0);
  return n(a) - n(b);
}

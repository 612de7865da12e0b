import type { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { Open, type CentralDirectory, type File } from 'unzipper';
import { ImportFileError } from './errors';
import type { TableInput } from './raw-rows';
import {
  decodedPart,
  DEFAULT_XLSX_LIMITS,
  SharedStringBudget,
  tooLarge,
  type XlsxLimits
} from './xlsx-parts';

/**
 * ExcelJS's streaming WorkbookReader reads the ZIP in one forward pass, and on Node ≥ 18
 * that pass intermittently loses an entry's data (exceljs issue #3064: "Cannot read
 * properties of undefined (reading 'sheets')" when it is xl/workbook.xml, which ExcelJS's
 * own writer stores last; silently missing strings or rows for other entries). We read
 * the archive through its central directory instead and feed ExcelJS's parsers the parts
 * in the order they depend on each other: relationships, workbook, shared strings,
 * styles, then the first sheet, whose rows still stream.
 *
 * Why WorkbookReader's private `_parse*` methods rather than a public API: the public
 * streaming reader (`new WorkbookReader(stream)`) has the bug above and decodes every
 * inflated chunk of every part on its own (utils/parse-sax.js → bufferToString), which
 * corrupts any CJK character split between two chunks, and it gives no hook to decode the
 * parts or bound their size; the public `Workbook.xlsx.load/read` holds the whole workbook
 * in memory (no streaming). The private parsers take the part streams from us, so we hand
 * them text decoded as one stream (see decodedPart), which they pass through unchanged.
 * exceljs is pinned to 4.4.x and tests/server/imports-parsing*.test.ts and
 * imports-xlsx-*.test.ts read real XLSX files through this path.
 */
interface WorkbookParts {
  workbookRels?: { Id: string; Target: string }[];
  model?: { sheets?: { id: number; name: string; rId: string }[] };
  sharedStrings?: SharedString[];
  _parseRels(entry: Readable): Promise<void>;
  _parseWorkbook(entry: Readable): Promise<void>;
  _parseSharedStrings(entry: Readable): AsyncGenerator<{ index: number; text: SharedString }>;
  _parseStyles(entry: Readable): Promise<void>;
  _parseWorksheet(
    chunks: AsyncIterable<string>,
    sheetNo: string
  ): Generator<{ eventType: string; value: ExcelJS.stream.xlsx.WorksheetReader }>;
}

type ZipEntry = File;
type SharedString = string | { richText: { text: string }[] } | null;

const textOf = (s: SharedString): string =>
  s === null ? '' : typeof s === 'string' ? s : s.richText.map((run) => run.text ?? '').join('');

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

export async function openFirstWorksheet(
  input: TableInput,
  limits: XlsxLimits = DEFAULT_XLSX_LIMITS
): Promise<FirstWorksheet> {
  const directory = await openDirectory(input);
  const entries = new Map<string, ZipEntry>(directory.files.map((f) => [f.path.replace(/\\/g, '/'), f]));
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(undefined as unknown as string, {
    sharedStrings: 'emit', // collected below, within the limits
    styles: 'cache', // needed to tell date cells from numbers
    hyperlinks: 'ignore',
    worksheets: 'emit',
    entries: 'ignore'
  });
  const parts = reader as unknown as WorkbookParts;
  const part = (path: string): Readable | undefined => {
    const entry = entries.get(path);
    if (!entry) return undefined;
    // The declared size refuses most bombs before inflating anything; decodedPart counts
    // what really comes out, for archives that lie.
    if (entry.uncompressedSize > limits.maxPartBytes)
      throw tooLarge('maxPartBytes', path, limits.maxPartBytes);
    return decodedPart(entry.stream(), path, limits.maxPartBytes);
  };

  const rels = part('xl/_rels/workbook.xml.rels');
  const workbook = part('xl/workbook.xml');
  if (rels) await parts._parseRels(rels);
  if (workbook) await parts._parseWorkbook(workbook);
  const strings = part('xl/sharedStrings.xml');
  if (strings) {
    const budget = new SharedStringBudget(limits);
    const cache: SharedString[] = [];
    for await (const { text } of parts._parseSharedStrings(strings)) {
      budget.add(textOf(text));
      cache.push(text);
    }
    parts.sharedStrings = cache;
  }
  const styles = part('xl/styles.xml');
  if (styles) await parts._parseStyles(styles);

  const sheetPath =
    firstSheetPath(parts) ??
    [...entries.keys()].filter((p) => /^xl\/worksheets\/sheet\d+\.xml$/.test(p)).sort(bySheetNumber)[0];
  const sheetStream = sheetPath ? part(sheetPath) : undefined;
  if (!sheetStream) throw new ImportFileError('UNSUPPORTED_FILE', 'The ZIP archive contains no worksheet');
  const sheetNo = /(\d+)\.xml$/.exec(sheetPath!)?.[1] ?? '1';
  const [event] = [...parts._parseWorksheet(sheetStream as AsyncIterable<string>, sheetNo)];
  return { rows: event.value, close: () => sheetStream.destroy() };
}

function bySheetNumber(a: string, b: string): number {
  const n = (p: string) => Number(/(\d+)\.xml$/.exec(p)?.[1] ?? 0);
  return n(a) - n(b);
}

/**
 * Inflates every part once, counting bytes and keeping none, so that an archive whose
 * declared sizes lie is refused at upload rather than part-way through the import.
 */
export async function measureXlsxParts(
  input: TableInput,
  limits: XlsxLimits = DEFAULT_XLSX_LIMITS
): Promise<void> {
  const directory = await openDirectory(input);
  for (const entry of directory.files) {
    if (entry.type !== 'File') continue;
    if (entry.uncompressedSize > limits.maxPartBytes)
      throw tooLarge('maxPartBytes', entry.path, limits.maxPartBytes);
    const stream = entry.stream();
    let bytes = 0;
    try {
      for await (const chunk of stream as AsyncIterable<Buffer>) {
        bytes += chunk.length;
        if (bytes > limits.maxPartBytes) throw tooLarge('maxPartBytes', entry.path, limits.maxPartBytes);
      }
    } catch (e) {
      // A part that does not inflate (zlib's Z_DATA_ERROR…) is a damaged upload; I/O errors are ours.
      const io = e instanceof Error && 'code' in e && typeof e.code === 'string' && e.code.startsWith('E');
      if (e instanceof ImportFileError || io) throw e;
      throw new ImportFileError('MALFORMED_FILE', `${entry.path} could not be inflated: ${String(e)}`);
    } finally {
      stream.destroy();
    }
  }
}

import { ImportFileError } from './errors';

/**
 * Decides from the first bytes what an upload really is. The extension is only a hint:
 * DMS users rename files, and some "Excel exports" are CSV or HTML in disguise.
 */
export type TextEncoding = 'utf-8' | 'gb18030' | 'utf-16le' | 'utf-16be';
export type FileFormat = { kind: 'xlsx' } | { kind: 'csv'; bomEncoding: TextEncoding | null };

/** How much of the file is inspected for format, encoding and delimiter. */
export const SNIFF_BYTES = 64 * 1024;

const startsWith = (head: Buffer, bytes: readonly number[]): boolean =>
  head.length >= bytes.length && bytes.every((b, i) => head[i] === b);

const ZIP = [0x50, 0x4b, 0x03, 0x04];
const OLE2 = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const BOMS: readonly [TextEncoding, readonly number[]][] = [
  ['utf-8', [0xef, 0xbb, 0xbf]],
  ['utf-16le', [0xff, 0xfe]],
  ['utf-16be', [0xfe, 0xff]]
];
const BINARY_SIGNATURES: readonly (readonly number[])[] = [
  [0x89, 0x50, 0x4e, 0x47], // PNG
  [0xff, 0xd8, 0xff], // JPEG
  [0x47, 0x49, 0x46, 0x38], // GIF
  [0x25, 0x50, 0x44, 0x46], // PDF
  [0x1f, 0x8b], // gzip
  [0x52, 0x61, 0x72, 0x21], // RAR
  [0x37, 0x7a, 0xbc, 0xaf] // 7z
];
/** Tolerated share of control characters other than tab/CR/LF/FF before text is "binary". */
const MAX_CONTROL_RATIO = 0.01;

function looksBinary(head: Buffer): boolean {
  let control = 0;
  for (const byte of head) {
    if (byte === 0) return true;
    if (byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d && byte !== 0x0c) control += 1;
  }
  return control > head.length * MAX_CONTROL_RATIO;
}

export function sniffFormat(head: Buffer, fileName: string): FileFormat {
  if (head.length === 0) throw new ImportFileError('EMPTY_FILE', `${fileName} is empty`);
  if (startsWith(head, ZIP)) return { kind: 'xlsx' };
  if (startsWith(head, OLE2)) {
    throw new ImportFileError('LEGACY_XLS', `${fileName} is a legacy .xls workbook; save it as .xlsx or CSV`);
  }
  for (const [encoding, bom] of BOMS)
    if (startsWith(head, bom)) return { kind: 'csv', bomEncoding: encoding };
  if (BINARY_SIGNATURES.some((sig) => startsWith(head, sig)) || looksBinary(head)) {
    throw new ImportFileError('UNSUPPORTED_FILE', `${fileName} is not a CSV or XLSX file`);
  }
  // HTML/XML tables saved with an .xls name by some DMS "Excel" exports.
  if (/^\s*</.test(head.subarray(0, 256).toString('latin1'))) {
    throw new ImportFileError('UNSUPPORTED_FILE', `${fileName} is an HTML/XML page, not a CSV or XLSX file`);
  }
  return { kind: 'csv', bomEncoding: null };
}

/**
 * Without a BOM: strict UTF-8 if the bytes decode as UTF-8, else GB18030 (a superset of
 * GBK/GB2312, which Chinese Excel writes). Pure ASCII gives null: both would read it
 * the same, so the decision waits for the first non-ASCII byte.
 * `complete` says the sample ends at a character boundary (end of file).
 */
export function detectEncoding(sample: Buffer, complete: boolean): TextEncoding | null {
  if (sample.every((byte) => byte < 0x80)) return null;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(sample, { stream: !complete });
    return 'utf-8';
  } catch {
    return 'gb18030';
  }
}

export type Delimiter = ',' | '\t' | ';';
const DELIMITERS: readonly Delimiter[] = [',', '\t', ';'];
const DELIMITER_SAMPLE_LINES = 20;

/**
 * The candidate found on most lines (quoted text excluded) wins, total count breaking ties;
 * this survives amounts like "1,234.50" in a tab-separated file and a title row without any.
 */
export function detectDelimiter(text: string): Delimiter {
  const lines: Record<Delimiter, number>[] = [];
  let counts: Record<Delimiter, number> = { ',': 0, '\t': 0, ';': 0 };
  let inQuotes = false;
  let lineHasContent = false;
  for (const ch of text) {
    if (ch === '"') inQuotes = !inQuotes;
    else if (!inQuotes && (ch === '\n' || ch === '\r')) {
      if (lineHasContent) lines.push(counts);
      if (lines.length >= DELIMITER_SAMPLE_LINES) break;
      counts = { ',': 0, '\t': 0, ';': 0 };
      lineHasContent = false;
      continue;
    } else if (!inQuotes && ch in counts) counts[ch as Delimiter] += 1;
    if (ch.trim() !== '') lineHasContent = true;
  }
  if (lineHasContent) lines.push(counts);
  const score = (d: Delimiter) =>
    lines.filter((c) => c[d] > 0).length * 1_000_000 + lines.reduce((sum, c) => sum + c[d], 0);
  return DELIMITERS.reduce((best, d) => (score(d) > score(best) ? d : best), DELIMITERS[0]);
}

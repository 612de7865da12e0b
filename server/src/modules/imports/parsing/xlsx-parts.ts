import { Readable } from 'node:stream';
import { ImportFileError } from './errors';

/**
 * Guards against ZIP bombs: a 50 MB upload can inflate to gigabytes of XML, and shared
 * strings are held in memory for the whole sheet. Defaults are far above any real DMS
 * export (a 200,000-row export is ~150 MB of sheet XML and a few hundred thousand strings).
 */
export interface XlsxLimits {
  /** Largest uncompressed size of one part (sheet, shared strings, styles…). */
  maxPartBytes: number;
  /** Most entries in xl/sharedStrings.xml. */
  maxSharedStrings: number;
  /** Most characters across all shared strings (UTF-16 units; memory is about twice that). */
  maxSharedStringChars: number;
}

export const DEFAULT_XLSX_LIMITS: XlsxLimits = {
  maxPartBytes: 512 * 1024 * 1024,
  maxSharedStrings: 2_000_000,
  maxSharedStringChars: 100_000_000
};

export type XlsxLimit = keyof XlsxLimits;

export function tooLarge(limit: XlsxLimit, part: string, value: number): ImportFileError {
  return new ImportFileError('XLSX_TOO_LARGE', `${part}: over the ${limit} limit of ${value}`, {
    limit,
    part,
    value
  });
}

/**
 * A part's XML as text: inflated bytes decoded as one UTF-8 stream, so a character whose
 * bytes straddle two chunks comes out whole (decoding chunk by chunk turns it into U+FFFD,
 * which is what ExcelJS does with Buffer chunks; string chunks it passes through as they
 * are). Stops with XLSX_TOO_LARGE once more than `maxBytes` have been inflated, whatever
 * the archive declared.
 */
export function decodedPart(entry: Readable, path: string, maxBytes: number): Readable {
  async function* text(): AsyncGenerator<string> {
    const decoder = new TextDecoder('utf-8');
    let bytes = 0;
    try {
      for await (const chunk of entry as AsyncIterable<Buffer>) {
        bytes += chunk.length;
        if (bytes > maxBytes) throw tooLarge('maxPartBytes', path, maxBytes);
        const decoded = decoder.decode(chunk, { stream: true });
        if (decoded !== '') yield decoded;
      }
      const rest = decoder.decode();
      if (rest !== '') yield rest;
    } finally {
      entry.destroy();
    }
  }
  return Readable.from(text(), { objectMode: true });
}

/** Counts what shared strings hold, refusing beyond the limits before memory runs out. */
export class SharedStringBudget {
  private count = 0;
  private chars = 0;

  constructor(private readonly limits: XlsxLimits) {}

  add(text: string): void {
    this.count += 1;
    this.chars += text.length;
    if (this.count > this.limits.maxSharedStrings)
      throw tooLarge('maxSharedStrings', 'xl/sharedStrings.xml', this.limits.maxSharedStrings);
    if (this.chars > this.limits.maxSharedStringChars)
      throw tooLarge('maxSharedStringChars', 'xl/sharedStrings.xml', this.limits.maxSharedStringChars);
  }
}

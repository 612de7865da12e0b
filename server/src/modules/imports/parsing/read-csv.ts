import { pipeline } from 'node:stream';
import { CsvError, parse } from 'csv-parse';
import iconv from 'iconv-lite';
import { AutoDecoder } from './decode-text';
import { ImportFileError } from './errors';
import { openSource, type RawRow, type TableInput } from './raw-rows';
import { detectDelimiter, detectEncoding, type Delimiter, type TextEncoding } from './sniff-file';

/** Longest record accepted; beyond it the "CSV" is almost certainly not one. */
const MAX_RECORD_BYTES = 1024 * 1024;

export interface CsvSource {
  delimiter: Delimiter;
  /** Known from the BOM or once the first non-ASCII text has been read; null while all ASCII. */
  encoding(): TextEncoding | null;
  rows: AsyncGenerator<RawRow>;
}

/**
 * Streams records; rowNumber counts records, empty lines included, which is the row
 * number Excel shows when the user opens the file (a quoted multi-line cell is one row).
 */
export function readCsvRows(
  input: TableInput,
  head: { bytes: Buffer; wholeFile: boolean },
  bomEncoding: TextEncoding | null
): CsvSource {
  const headEncoding = bomEncoding ?? detectEncoding(head.bytes, head.wholeFile) ?? 'utf-8';
  const delimiter = detectDelimiter(iconv.decode(head.bytes, headEncoding));
  const decoder = new AutoDecoder(bomEncoding);
  return { delimiter, encoding: () => decoder.detectedEncoding, rows: records(input, decoder, delimiter) };
}

async function* records(
  input: TableInput,
  decoder: AutoDecoder,
  delimiter: Delimiter
): AsyncGenerator<RawRow> {
  const parser = parse({
    delimiter,
    relax_column_count: true,
    relax_quotes: true,
    trim: true,
    skip_empty_lines: false,
    max_record_size: MAX_RECORD_BYTES
  });
  const source = openSource(input);
  // pipeline forwards a failure of any stage to the parser, ending the loop below with it.
  pipeline(source, decoder, parser, () => undefined);
  let rowNumber = 0;
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      rowNumber += 1;
      yield { rowNumber, values: record.map((v) => (v === '' ? null : v)) };
    }
  } catch (e) {
    // Only syntax errors are the user's; I/O failures surface unchanged.
    if (!(e instanceof CsvError)) throw e;
    throw new ImportFileError(
      'MALFORMED_FILE',
      `CSV could not be read after row ${rowNumber}: ${e.message}`,
      {
        csvCode: e.code
      }
    );
  } finally {
    source.destroy();
    parser.destroy();
  }
}

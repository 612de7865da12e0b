/**
 * A file the import cannot read at all (as opposed to row errors, which are reported per
 * row). The server maps `code` to a localised message; `message` is for logs.
 */
export const IMPORT_FILE_ERROR_CODES = [
  'EMPTY_FILE',
  'UNSUPPORTED_FILE',
  'LEGACY_XLS',
  'MALFORMED_FILE',
  'NO_HEADER',
  'INVALID_MAPPING',
  'XLSX_TOO_LARGE'
] as const;
export type ImportFileErrorCode = (typeof IMPORT_FILE_ERROR_CODES)[number];

export class ImportFileError extends Error {
  override readonly name = 'ImportFileError';

  constructor(
    readonly code: ImportFileErrorCode,
    message: string,
    readonly details?: Readonly<Record<string, unknown>>
  ) {
    super(message);
  }
}

export function isImportFileError(e: unknown): e is ImportFileError {
  return e instanceof ImportFileError;
}

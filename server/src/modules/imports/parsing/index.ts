/** Pure parsing of DMS uploads: file → rows → normalised records or row errors. */
export {
  ImportFileError,
  isImportFileError,
  IMPORT_FILE_ERROR_CODES,
  type ImportFileErrorCode
} from './errors';
export {
  CANONICAL_FIELDS,
  HEADER_ALIASES,
  buildColumnMap,
  countRecognisedHeaders,
  detectTableKind,
  missingRequiredColumns,
  normalizeHeader,
  parseHeaderMapping,
  recognizeHeader,
  type CanonicalField,
  type ColumnMap,
  type HeaderMapping,
  type TableKind
} from './headers';
export {
  HEADER_SEARCH_ROWS,
  MIN_RECOGNISED_HEADERS,
  openTable,
  readTable,
  type CellValue,
  type ReadTableOptions,
  type Table,
  type TableInput,
  type TableRow
} from './read-table';
export {
  ROW_ISSUE_REASONS,
  describeRowIssue,
  type RowIssue,
  type RowIssueReason,
  type RowResult
} from './row-issues';
export {
  normalizeCustomerRow,
  type CustomerImportRecord,
  type ImportedVehicle,
  type NormalizeOptions
} from './normalize-customer-row';
export { DEFAULT_XLSX_LIMITS, type XlsxLimits } from './xlsx-parts';
export { measureXlsxParts } from './xlsx-workbook';
export { normalizeRepairOrderRow, type RepairOrderImportRecord } from './normalize-repair-order-row';

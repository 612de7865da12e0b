import { AppError, badRequest } from '../../lib/errors';
import {
  DEFAULT_XLSX_LIMITS,
  isImportFileError,
  measureXlsxParts,
  missingRequiredColumns,
  openTable,
  parseHeaderMapping,
  type CanonicalField,
  type HeaderMapping,
  type ImportFileError,
  type TableKind,
  type XlsxLimits
} from './parsing';

export const FIELD_LABELS: Readonly<Record<CanonicalField, string>> = {
  name: '客户姓名',
  mobile: '手机号',
  gender: '性别',
  birthday: '生日',
  address: '地址',
  occupation: '职业',
  regionClass: '区域类别',
  plate: '车牌号',
  vin: 'VIN',
  brand: '品牌',
  series: '车系',
  model: '车型',
  deliveryDate: '购车日期',
  usage: '使用性质',
  mileageKm: '里程',
  mileageDate: '里程日期',
  roNumber: '工单号',
  serviceDate: '进厂日期',
  dateOut: '出厂日期',
  serviceType: '维修类型',
  amountYuan: '金额',
  paid: '是否付费',
  payer: '付费类型',
  advisorName: '服务顾问',
  profitYuan: '毛利'
};

/** User-facing text for a file that cannot be imported; the parser's message is for logs. */
export function fileErrorToAppError(err: ImportFileError): AppError {
  switch (err.code) {
    case 'EMPTY_FILE':
      return badRequest('EMPTY_FILE', '文件是空的，没有可导入的数据');
    case 'UNSUPPORTED_FILE':
      return new AppError(415, 'UNSUPPORTED_FILE', '不支持的文件类型，请上传 CSV 或 XLSX 文件');
    case 'LEGACY_XLS':
      return new AppError(415, 'LEGACY_XLS', '不支持旧版 .xls 文件，请在 Excel 中另存为 .xlsx 或 CSV 后上传');
    case 'MALFORMED_FILE':
      return badRequest('MALFORMED_FILE', '文件内容损坏或格式有误，无法读取');
    case 'NO_HEADER':
      return badRequest(
        'NO_HEADER',
        '文件前几行中没有找到可识别的表头（如 客户姓名、手机号、车牌号、工单号），请检查文件或提供字段映射'
      );
    case 'INVALID_MAPPING':
      return badRequest('INVALID_MAPPING', '字段映射中有无法识别的目标字段', err.details);
    case 'XLSX_TOO_LARGE':
      return new AppError(
        413,
        'XLSX_TOO_LARGE',
        '工作簿解压后过大（或文字条目过多），超出导入上限；请只保留需要导入的工作表和列，或分成几个文件导入',
        err.details
      );
  }
}

/** Validates a user mapping (unknown target fields → 400) before anything is read. */
export function checkMapping(mapping: unknown): HeaderMapping {
  try {
    return parseHeaderMapping(mapping);
  } catch (err) {
    if (isImportFileError(err)) throw fileErrorToAppError(err);
    throw err;
  }
}

/**
 * Reads just enough of the file to know it can be imported (format, encoding, header row,
 * required columns), so the uploader hears about a wrong file at once rather than from a
 * failed job later.
 */
export async function checkImportFile(
  path: string,
  fileName: string,
  kind: TableKind,
  mapping: HeaderMapping,
  xlsxLimits: XlsxLimits = DEFAULT_XLSX_LIMITS
): Promise<void> {
  let table;
  try {
    table = await openTable(path, fileName, { mapping, xlsxLimits });
    if (table.format === 'xlsx') await measureXlsxParts(path, xlsxLimits);
  } catch (err) {
    await table?.close();
    if (isImportFileError(err)) throw fileErrorToAppError(err);
    throw err;
  }
  try {
    const missing = missingRequiredColumns(kind, table.columns);
    if (missing.length > 0) {
      const text = missing.map((anyOf) => anyOf.map((f) => FIELD_LABELS[f]).join('或')).join('、');
      throw badRequest('MISSING_COLUMNS', `文件缺少必需的列：${text}`, { missing, headers: table.headers });
    }
  } finally {
    await table.close();
  }
}

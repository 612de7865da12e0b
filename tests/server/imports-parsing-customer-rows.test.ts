/** The customer normaliser on hand-made rows (CSV text and typed XLSX cells). */
import {
  buildColumnMap,
  describeRowIssue,
  normalizeCustomerRow,
  parseHeaderMapping,
  type CellValue,
  type TableRow
} from '../../server/src/modules/imports/parsing';

const row = (cells: Record<string, CellValue>, rowNumber = 5): TableRow => ({ rowNumber, cells });

describe('normalizeCustomerRow', () => {
  const today = { today: '2024-06-01' };

  it('accepts a spreadsheet row with typed cells', () => {
    const result = normalizeCustomerRow(
      row({
        姓名: '张三',
        手机: 13812345678,
        车牌: '粤B12345',
        购车日期: new Date(Date.UTC(2021, 4, 6)),
        里程: 35000
      }),
      undefined,
      today
    );
    expect(result).toEqual({
      ok: true,
      rowNumber: 5,
      warnings: [],
      record: {
        name: '张三',
        mobile: '13812345678',
        gender: null,
        birthday: null,
        address: null,
        occupation: null,
        regionClass: null,
        vehicle: {
          plate: '粤B12345',
          vin: null,
          brand: null,
          series: null,
          model: null,
          deliveryDate: '2021-05-06',
          usage: null,
          mileageKm: 35000,
          mileageDate: null
        }
      }
    });
  });

  it('requires a name and reports every error of the row', () => {
    const result = normalizeCustomerRow(row({ 姓名: ' - ', 手机: '123', VIN: 'XYZ' }), undefined, today);
    expect(result).toMatchObject({
      ok: false,
      errors: [
        { column: '姓名', reason: 'required' },
        { column: '手机', reason: 'invalid_mobile', value: '123' },
        { column: 'VIN', reason: 'invalid_vin', value: 'XYZ' }
      ]
    });
  });

  it('rejects a row without any identifier, naming the first identifier column present', () => {
    expect(
      normalizeCustomerRow(row({ 姓名: '张三', 车牌: '无', 手机: null }), undefined, today)
    ).toMatchObject({
      ok: false,
      errors: [{ column: '手机', reason: 'no_identifier' }]
    });
    expect(normalizeCustomerRow(row({ 姓名: '张三', 性别: '男' }), undefined, today)).toMatchObject({
      ok: false,
      errors: [{ column: 'mobile', reason: 'no_identifier' }]
    });
  });

  it('drops a malformed plate when the mobile is usable, and fails on it when alone', () => {
    const withMobile = normalizeCustomerRow(
      row({ 姓名: '张三', 手机: '13812345678', 车牌: '粤B1234' }),
      undefined,
      today
    );
    expect(withMobile).toMatchObject({
      ok: true,
      record: { vehicle: null },
      warnings: [{ column: '车牌', reason: 'invalid_plate', value: '粤B1234' }]
    });
    const alone = normalizeCustomerRow(row({ 姓名: '张三', 车牌: '粤B1234' }), undefined, today);
    expect(alone).toMatchObject({ ok: false, errors: [{ column: '车牌', reason: 'invalid_plate' }] });
  });

  it('treats 未上牌 / 新车 in the plate column as no plate yet, silently', () => {
    const result = normalizeCustomerRow(
      row({ 姓名: '张三', 车牌: '未上牌', VIN: 'LSVAU218XN2183294' }),
      undefined,
      today
    );
    expect(result).toMatchObject({
      ok: true,
      warnings: [],
      record: { vehicle: { plate: null, vin: 'LSVAU218XN2183294' } }
    });
  });

  it('keeps a VIN with a wrong check digit, with a warning', () => {
    const result = normalizeCustomerRow(row({ 姓名: '张三', VIN: 'lsvau2180n2183294' }), undefined, today);
    expect(result).toMatchObject({
      ok: true,
      record: { vehicle: { vin: 'LSVAU2180N2183294' } },
      warnings: [{ column: 'VIN', reason: 'vin_check_digit' }]
    });
  });

  it('warns about unreadable optional values and keeps the row', () => {
    const result = normalizeCustomerRow(
      row({
        姓名: '张三',
        手机: '13812345678',
        性别: '?',
        生日: '1990-13-01',
        车牌: '粤B12345',
        使用性质: '特种',
        里程: '很多',
        购车日期: '去年',
        区域类别: '海外'
      }),
      undefined,
      today
    );
    expect(result.ok).toBe(true);
    expect(result.warnings.map((w) => w.reason).sort()).toEqual(
      [
        'invalid_date',
        'invalid_date',
        'invalid_gender',
        'invalid_mileage',
        'invalid_region_class',
        'invalid_usage'
      ].sort()
    );
  });

  it('uses the table columns (with the user mapping) when given', () => {
    const columns = buildColumnMap(['甲', '乙'], parseHeaderMapping({ 甲: 'name', 乙: 'mobile' }));
    expect(normalizeCustomerRow(row({ 甲: '张三', 乙: '13812345678' }), columns, today)).toMatchObject({
      ok: true,
      record: { name: '张三', mobile: '13812345678' }
    });
  });

  it('describes issues in Chinese for the error report', () => {
    expect(describeRowIssue({ column: '手机', reason: 'invalid_mobile', value: '123' })).toBe(
      '手机: 手机号格式不正确，已忽略（123）'
    );
  });
});

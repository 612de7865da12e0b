/** The repair-order normaliser on hand-made rows (CSV text and typed XLSX cells). */
import {
  normalizeRepairOrderRow,
  type CellValue,
  type TableRow
} from '../../server/src/modules/imports/parsing';

const row = (cells: Record<string, CellValue>, rowNumber = 5): TableRow => ({ rowNumber, cells });

describe('normalizeRepairOrderRow', () => {
  const base = { 工单号: 'RO1', 车牌号: '粤B12345', 进厂日期: '2024-05-06' };

  it.each([
    ['定保', 68000, true],
    ['首保', 0, false],
    ['首保', 15000, false],
    ['索赔', 200000, false],
    ['一般维修', 0, false],
    ['钣喷', 350000, true],
    ['其他', 1000, true]
  ])('defaults paid for %s of %d fen to %p', (type, fen, paid) => {
    const result = normalizeRepairOrderRow(row({ ...base, 维修类型: type, 金额: fen / 100 }));
    expect(result).toMatchObject({ ok: true, record: { amountFen: fen, paid } });
  });

  it('lets an explicit paid column win, and falls back with a warning when unreadable', () => {
    expect(
      normalizeRepairOrderRow(row({ ...base, 维修类型: '保修', 金额: 100, 是否付费: '有偿' }))
    ).toMatchObject({
      ok: true,
      record: { paid: true }
    });
    expect(
      normalizeRepairOrderRow(row({ ...base, 维修类型: '定保', 金额: 100, 是否付费: '?' }))
    ).toMatchObject({
      ok: true,
      record: { paid: true },
      warnings: [{ column: '是否付费', reason: 'invalid_paid_flag' }]
    });
  });

  it('reads yuan strings into fen and numeric RO numbers into text', () => {
    const result = normalizeRepairOrderRow(
      row({
        工单号: 20240001,
        VIN: 'LSVAU218XN2183294',
        进厂日期: 45418,
        结算金额: '¥1,234.50',
        毛利: '-12.3',
        维修类型: '机修'
      })
    );
    expect(result).toMatchObject({
      ok: true,
      record: {
        roNumber: '20240001',
        plate: null,
        serviceDate: '2024-05-06',
        amountFen: 123450,
        profitFen: -1230
      }
    });
  });

  it('treats a missing amount as zero, with a warning', () => {
    expect(normalizeRepairOrderRow(row({ ...base, 维修类型: '定保', 金额: null }))).toMatchObject({
      ok: true,
      record: { amountFen: 0, paid: false },
      warnings: [{ column: '金额', reason: 'missing_amount' }]
    });
  });

  it('files an unknown or missing service type under other, with a warning', () => {
    expect(normalizeRepairOrderRow(row({ ...base, 金额: 10 }))).toMatchObject({
      ok: true,
      record: { serviceType: 'other' },
      warnings: [{ column: 'serviceType', reason: 'unknown_service_type' }]
    });
  });

  it('requires RO number and service date, and rejects bad or negative amounts', () => {
    const result = normalizeRepairOrderRow(
      row({ 工单号: '', 车牌号: '粤B12345', 进厂日期: null, 金额: '-5' })
    );
    expect(result).toMatchObject({
      ok: false,
      errors: [
        { column: '工单号', reason: 'required' },
        { column: '进厂日期', reason: 'required' },
        { column: '金额', reason: 'negative_amount' }
      ]
    });
    expect(normalizeRepairOrderRow(row({ ...base, 金额: '一百' }))).toMatchObject({
      ok: false,
      errors: [{ column: '金额', reason: 'invalid_amount' }]
    });
  });

  it('drops a malformed VIN when the plate is usable', () => {
    expect(normalizeRepairOrderRow(row({ ...base, VIN: 'SHORT', 金额: 1, 维修类型: '定保' }))).toMatchObject({
      ok: true,
      record: { vin: null, plate: '粤B12345' },
      warnings: [{ column: 'VIN', reason: 'invalid_vin' }]
    });
  });

  it('keeps an unreadable date out and mileage as null with warnings', () => {
    const result = normalizeRepairOrderRow(
      row({
        ...base,
        出厂日期: '2024-05-32',
        进厂里程: '-5',
        金额: 1,
        维修类型: '定保',
        服务顾问: ' 李 顾问 '
      })
    );
    expect(result).toMatchObject({
      ok: true,
      record: { dateOut: null, mileageKm: null, advisorName: '李 顾问' },
      warnings: [
        { column: '出厂日期', reason: 'invalid_date' },
        { column: '进厂里程', reason: 'invalid_mileage' }
      ]
    });
  });
});

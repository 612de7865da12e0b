/**
 * The DMS fixtures end to end through the parsing layer, checked against the hand-written
 * *.expected.json files that the server's import tests also use.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  normalizeCustomerRow,
  normalizeRepairOrderRow,
  openTable,
  readTable,
  type CustomerImportRecord,
  type RepairOrderImportRecord,
  type RowIssue,
  type RowResult,
  type Table
} from '../../server/src/modules/imports/parsing';
import type { FixtureExpectation } from '../fixtures/dms/fixture-types';

const DIR = join(__dirname, '..', 'fixtures', 'dms');
const expectationOf = (json: string): FixtureExpectation =>
  JSON.parse(readFileSync(join(DIR, json), 'utf8')) as FixtureExpectation;

type AnyRecord = CustomerImportRecord | RepairOrderImportRecord;

async function parseAll(table: Table, today: string): Promise<RowResult<AnyRecord>[]> {
  const results: RowResult<AnyRecord>[] = [];
  for await (const row of table.rows) {
    results.push(
      table.kind === 'customers'
        ? normalizeCustomerRow(row, table.columns, { today })
        : normalizeRepairOrderRow(row, table.columns)
    );
  }
  return results;
}

const issueKeys = (issues: readonly RowIssue[]) => issues.map((i) => `${i.column}|${i.reason}`).sort();
const expectedKeys = (issues: readonly { column: string; reason: string }[]) =>
  issues.map((i) => `${i.column}|${i.reason}`).sort();

function valid(results: RowResult<AnyRecord>[]): { rowNumber: number; record: AnyRecord }[] {
  return results.flatMap((r) => (r.ok ? [{ rowNumber: r.rowNumber, record: r.record }] : []));
}

function totalsOf(kind: string, results: RowResult<AnyRecord>[]): Record<string, number> {
  const records = valid(results).map((v) => v.record);
  if (kind === 'customers') {
    const customers = records as CustomerImportRecord[];
    const vehicles = customers.flatMap((c) => (c.vehicle ? [c.vehicle] : []));
    return {
      distinctMobiles: new Set(customers.flatMap((c) => (c.mobile ? [c.mobile] : []))).size,
      validRowsWithVehicle: vehicles.length,
      distinctVehicles: new Set(vehicles.map((v) => v.vin ?? v.plate)).size
    };
  }
  const orders = records as RepairOrderImportRecord[];
  const paid = orders.filter((o) => o.paid);
  return {
    amountFenOfValidRows: orders.reduce((sum, o) => sum + o.amountFen, 0),
    paidValidRows: paid.length,
    paidAmountFen: paid.reduce((sum, o) => sum + o.amountFen, 0)
  };
}

describe.each([
  ['customers-gbk.expected.json'],
  ['repair-orders.expected.json'],
  ['repair-orders-utf8bom.expected.json']
])('fixture %s', (json) => {
  const expected = expectationOf(json);
  const path = join(DIR, expected.file);

  async function load(input: Buffer | string) {
    const table = await openTable(input, expected.file);
    const results = await parseAll(table, expected.today);
    return { table, results };
  }

  it('is recognised with the expected format, header row and kind', async () => {
    const { table } = await load(path);
    expect(table.format).toBe(expected.format);
    expect(table.encoding()).toBe(expected.encoding);
    expect(table.headerRowNumber).toBe(expected.headerRowNumber);
    expect(table.kind).toBe(expected.kind);
  });

  it('gives exactly the expected valid rows, error rows and warnings', async () => {
    const { results } = await load(path);
    expect(results).toHaveLength(expected.dataRows);
    expect(results.filter((r) => r.ok)).toHaveLength(expected.validRows);
    const errors = results.flatMap((r) =>
      r.ok ? [] : [{ rowNumber: r.rowNumber, issues: issueKeys(r.errors) }]
    );
    expect(errors).toEqual(
      expected.errorRows.map((r) => ({ rowNumber: r.rowNumber, issues: expectedKeys(r.issues) }))
    );
    expect(errors).toHaveLength(expected.errorRowCount);
    const warnings = results.flatMap((r) =>
      r.ok && r.warnings.length > 0 ? [{ rowNumber: r.rowNumber, issues: issueKeys(r.warnings) }] : []
    );
    expect(warnings).toEqual(
      expected.warningRows.map((r) => ({ rowNumber: r.rowNumber, issues: expectedKeys(r.issues) }))
    );
  });

  it('finds the declared duplicates and totals', async () => {
    const { results } = await load(path);
    const firstRowOf = new Map<string, number>();
    const duplicates: { rowNumber: number; duplicateOf: number }[] = [];
    for (const { rowNumber, record } of valid(results)) {
      const key = JSON.stringify(record);
      const first = firstRowOf.get(key);
      if (first === undefined) firstRowOf.set(key, rowNumber);
      else duplicates.push({ rowNumber, duplicateOf: first });
    }
    expect(duplicates).toEqual(expected.duplicateRows);
    expect(firstRowOf.size).toBe(expected.distinctValidRecords);
    expect(totalsOf(expected.kind, results)).toEqual(expected.totals);
  });

  it('reads a Buffer exactly like a path', async () => {
    const fromPath = await load(path);
    const fromBuffer = await load(readFileSync(path));
    expect(fromBuffer.results).toEqual(fromPath.results);
  });
});

describe('fixture records in detail', () => {
  async function rowsOf(file: string): Promise<Map<number, RowResult<AnyRecord>>> {
    const table = await openTable(join(DIR, file), file);
    const results = await parseAll(table, '2024-06-01');
    return new Map(results.map((r) => [r.rowNumber, r]));
  }

  it('normalises the messy GBK customer row 4', async () => {
    const row = (await rowsOf('customers-gbk.csv')).get(4);
    expect(row).toEqual({
      ok: true,
      rowNumber: 4,
      warnings: [],
      record: {
        name: '李娜',
        mobile: '13812345679',
        gender: 'female',
        birthday: '1990-07-08',
        address: '深圳市福田区',
        occupation: 'civil_servant',
        regionClass: 'city',
        vehicle: {
          plate: '粤BD12345',
          vin: 'LGXC76C43N0123456',
          brand: '比亚迪',
          series: '汉',
          model: 'EV 创世版',
          deliveryDate: '2022-03-15',
          usage: 'private',
          mileageKm: 12000,
          mileageDate: null
        }
      }
    });
  });

  it('reads the Excel serial, full-width digits and lower-case plate of customer row 5 and 18', async () => {
    const rows = await rowsOf('customers-gbk.csv');
    const five = rows.get(5);
    const eighteen = rows.get(18);
    expect(five).toMatchObject({ ok: true, record: { name: '王芳' } });
    expect(five?.ok && (five.record as CustomerImportRecord).vehicle).toMatchObject({
      plate: '粤B54321',
      deliveryDate: '2022-01-01',
      usage: 'commercial',
      mileageKm: 88000
    });
    expect(eighteen?.ok && eighteen.record).toMatchObject({
      name: '何军',
      mobile: '15912345678',
      birthday: '1975-05-20'
    });
  });

  it('reads XLSX rich text, formula results, date cells and bare serials', async () => {
    const rows = await rowsOf('repair-orders.xlsx');
    expect(rows.get(10)).toEqual({
      ok: true,
      rowNumber: 10,
      warnings: [],
      record: {
        roNumber: 'RO20240007',
        vin: 'LE4ZG8DB9PL123456',
        plate: '粤B88888',
        serviceDate: '2024-05-06',
        dateOut: null,
        serviceType: 'general_repair',
        amountFen: 123450,
        payer: null, // no payer column in this export
        paid: true,
        mileageKm: 8100,
        advisorName: '赵顾问',
        profitFen: 40000
      }
    });
    expect(rows.get(8)).toMatchObject({ ok: true, record: { serviceDate: '2024-03-03', paid: false } });
    expect(rows.has(9)).toBe(false);
  });

  it('counts a quoted multi-line cell as one row', async () => {
    const rows = await rowsOf('repair-orders-utf8bom.csv');
    expect([...rows.keys()]).toEqual([2, 3, 4, 5, 7, 8, 9, 10, 11]);
    expect(rows.get(4)).toMatchObject({
      ok: true,
      record: { roNumber: 'WO-0003', plate: null, paid: false }
    });
  });

  it('readTable streams the same rows without the header', async () => {
    const numbers: number[] = [];
    for await (const row of readTable(join(DIR, 'customers-gbk.csv'), 'customers-gbk.csv')) {
      numbers.push(row.rowNumber);
      expect(Object.keys(row.cells)).toContain('客户姓名');
    }
    expect(numbers).toEqual([3, 4, 5, 6, 7, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21]);
  });
});

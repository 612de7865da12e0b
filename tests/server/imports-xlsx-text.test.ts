import mongoose from 'mongoose';
import { readTable, type TableRow } from '../../server/src/modules/imports/parsing';
import { startTestApp, type TestContext } from '../support/harness';
import { makeDealership, makeStaff } from '../support/factories';
import { upload, waitForImport } from './imports-support';
import {
  csvOf,
  customerSheet,
  inlineStringsXlsx,
  repairOrderSheet,
  sharedStringsXlsx
} from './imports-xlsx-support';

/**
 * Chinese text in XLSX uploads: the inflated XML of a ZIP entry arrives in chunks that end
 * inside multi-byte characters; it must be decoded as one stream (a U+FFFD in a stored
 * name is the failure this guards against).
 */
let ctx: TestContext;
beforeAll(async () => {
  ctx = await startTestApp();
});
afterAll(() => ctx.close());

async function cellsOf(input: Buffer, name: string): Promise<string[][]> {
  const rows: TableRow[] = [];
  for await (const row of readTable(input, name)) rows.push(row);
  return rows.map((row) => Object.values(row.cells).map((v) => String(v)));
}

describe('tens of thousands of Chinese strings read back exactly', () => {
  const sheet = customerSheet(12_000);

  test('shared strings (every cell a distinct string in xl/sharedStrings.xml)', async () => {
    const cells = await cellsOf(await sharedStringsXlsx(sheet), 'customers.xlsx');
    expect(cells.length).toBe(sheet.rows.length);
    expect(cells.flat().filter((c) => c.includes('\uFFFD'))).toEqual([]);
    expect(cells).toEqual(sheet.rows);
  });

  test('inline strings (<is><t> cells in the sheet itself)', async () => {
    const cells = await cellsOf(await inlineStringsXlsx(sheet), 'customers.xlsx');
    expect(cells.flat().filter((c) => c.includes('\uFFFD'))).toEqual([]);
    expect(cells).toEqual(sheet.rows);
  });
});

type Stored = Record<string, unknown>;
const VOLATILE = new Set([
  '_id',
  'dealershipId',
  'customerId',
  'vehicleId',
  'createdAt',
  'updatedAt',
  'mobileKey'
]);

/** What a dealership holds, without ids and times, keyed so that two imports compare. */
async function archiveOf(dealershipId: string) {
  const db = mongoose.connection.db!;
  const id = new mongoose.Types.ObjectId(dealershipId);
  const strip = (doc: Stored) => Object.fromEntries(Object.entries(doc).filter(([k]) => !VOLATILE.has(k)));
  const customers = await db.collection('customers').find({ dealershipId: id }).sort({ mobile: 1 }).toArray();
  const vehicles = await db.collection('vehicles').find({ dealershipId: id }).sort({ plate: 1 }).toArray();
  const records = await db
    .collection('service_records')
    .find({ dealershipId: id })
    .sort({ roNumber: 1 })
    .toArray();
  const mobileOf = new Map(customers.map((c) => [String(c._id), c.mobile as string]));
  const plateOf = new Map(vehicles.map((v) => [String(v._id), v.plate as string]));
  return JSON.stringify({
    customers: customers.map(strip),
    vehicles: vehicles.map((v) => ({ ...strip(v), owner: mobileOf.get(String(v.customerId)) })),
    records: records.map((r) => ({ ...strip(r), vehicle: plateOf.get(String(r.vehicleId)) }))
  });
}

async function importBytes(auth: Record<string, string>, bytes: Buffer, name: string, kind: string) {
  const res = await upload(ctx, auth, { name, bytes }, { kind });
  expect(res.status).toBe(202);
  const job = await waitForImport(ctx, auth, res.body.id as string, 120_000);
  expect(job.status).toBe('done');
  return job;
}

test('the same rows as CSV and as XLSX give identical archives; re-importing changes nothing', async () => {
  const customers = customerSheet(2_500, 7);
  const orders = repairOrderSheet(customers);
  const files: Record<
    'csv' | 'xlsx',
    Record<'customers' | 'repair_orders', { bytes: Buffer; name: string }>
  > = {
    csv: {
      customers: { bytes: csvOf(customers), name: 'customers.csv' },
      repair_orders: { bytes: csvOf(orders), name: 'orders.csv' }
    },
    xlsx: {
      customers: { bytes: await sharedStringsXlsx(customers), name: 'customers.xlsx' },
      repair_orders: { bytes: await inlineStringsXlsx(orders), name: 'orders.xlsx' }
    }
  };
  const archives: Record<string, string> = {};
  for (const format of ['csv', 'xlsx'] as const) {
    const dealership = await makeDealership();
    const manager = await makeStaff('manager', dealership._id);
    for (const kind of ['customers', 'repair_orders'] as const) {
      const { bytes, name } = files[format][kind];
      const job = await importBytes(manager.auth, bytes, name, kind);
      expect(job.counts).toEqual({ created: customers.rows.length, updated: 0, unchanged: 0, failed: 0 });
    }
    const before = await archiveOf(String(dealership._id));
    expect({ format, replacementCharacters: before.split('\uFFFD').length - 1 }).toEqual({
      format,
      replacementCharacters: 0
    });
    for (const kind of ['customers', 'repair_orders'] as const) {
      const { bytes, name } = files[format][kind];
      const again = await importBytes(manager.auth, bytes, name, kind);
      expect(again.counts).toEqual({ created: 0, updated: 0, unchanged: customers.rows.length, failed: 0 });
    }
    expect((await archiveOf(String(dealership._id))) === before).toBe(true);
    archives[format] = before;
  }
  expect(archives.xlsx === archives.csv).toBe(true);
  const stored = JSON.parse(archives.csv) as { customers: Stored[] };
  expect(stored.customers[0]).toMatchObject({ name: customers.rows[0][0], address: customers.rows[0][2] });
}, 300_000);

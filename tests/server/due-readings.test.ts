import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { normalizeCustomerRow } from '../../server/src/modules/imports/parsing/normalize-customer-row';
import { DueEvent } from '../../server/src/modules/due/due-event.model';
import { refreshDealershipDue, refreshVehicleDue } from '../../server/src/modules/due/due-refresh.service';
import { Vehicle } from '../../server/src/modules/vehicles/vehicle.model';
import { makeCustomer, makeServiceRecord, makeVehicle } from '../support/factories';
import { startTestApp, type TestContext } from '../support/harness';
import { dueFixture, TODAY, useDueClock } from './due-support';
import { importFile } from './imports-support';

/**
 * Mileage readings are dated observations: a customers-file mileage is a reading only with
 * its own day (a 里程日期 column); without one it is a reported figure that is never paired
 * with the day of another reading.
 */
let ctx: TestContext;
beforeAll(async () => {
  ctx = await startTestApp();
});
afterAll(() => ctx.close());
useDueClock();

const VINS = {
  dated: 'LSVAU2180N2000001',
  undated: 'LSVAU2180N2000002',
  servicedUndated: 'LSVAU2180N2000003',
  servicedLower: 'LSVAU2180N2000004'
};

function customersFile(rows: string[][]): string {
  const dir = mkdtempSync(join(tmpdir(), 'due-readings-'));
  const path = join(dir, 'customers.csv');
  const header = ['客户姓名', '手机号', '车牌号', 'VIN', '车系', '购车日期', '行驶里程', '行驶里程日期'];
  writeFileSync(path, [header, ...rows].map((r) => r.join(',')).join('\n'), 'utf8');
  return path;
}

describe('customers-file mileage', () => {
  test('is a reading with its own day, and a reported figure without one', async () => {
    const f = await dueFixture();
    // Two vehicles known from repair orders: 30,000 km read on their 定保 of 2026-06-01.
    const serviced = [];
    for (const vin of [VINS.servicedUndated, VINS.servicedLower]) {
      const customer = await makeCustomer(f.dealership._id);
      const vehicle = await makeVehicle(customer, {
        vin,
        deliveryDate: '2024-03-01',
        mileageKm: 30_000,
        mileageDate: '2026-06-01',
        mileageSource: 'repair_order'
      });
      await makeServiceRecord(vehicle, {
        type: 'regular_maintenance',
        serviceDate: '2026-06-01',
        mileageKm: 30_000
      });
      serviced.push({ customer, vehicle });
    }
    const file = customersFile([
      ['林一', '13900000001', '粤B70001', VINS.dated, '帕萨特', '2025-01-10', '12000', '2026-05-01'],
      ['林二', '13900000002', '粤B70002', VINS.undated, '帕萨特', '2025-01-10', '8000', ''],
      [
        serviced[0].customer.name,
        serviced[0].customer.mobile ?? '',
        '',
        VINS.servicedUndated,
        '',
        '',
        '40000',
        ''
      ],
      [
        serviced[1].customer.name,
        serviced[1].customer.mobile ?? '',
        '',
        VINS.servicedLower,
        '',
        '',
        '25000',
        '2026-11-01'
      ]
    ]);
    const job = await importFile(ctx, f.manager.auth, file, { kind: 'customers' });
    expect(job.status).toBe('done');
    expect(job.errorCount).toBe(0);

    const stored = async (vin: string) =>
      Vehicle.findOne(
        { dealershipId: f.dealership._id, vin },
        { mileageKm: 1, mileageDate: 1, mileageSource: 1, _id: 0 }
      ).lean();
    expect(await stored(VINS.dated)).toEqual({
      mileageKm: 12_000,
      mileageDate: '2026-05-01',
      mileageSource: 'customers_file'
    });
    // Reported, undated: no day is invented for it.
    expect(await stored(VINS.undated)).toEqual({ mileageKm: 8_000, mileageDate: null, mileageSource: null });
    // Not paired with the repair order's day: the dated reading stays as it was.
    expect(await stored(VINS.servicedUndated)).toEqual({
      mileageKm: 30_000,
      mileageDate: '2026-06-01',
      mileageSource: 'repair_order'
    });
    // A later dated reading replaces the stored one, even lower: the due engine judges it.
    expect(await stored(VINS.servicedLower)).toEqual({
      mileageKm: 25_000,
      mileageDate: '2026-11-01',
      mileageSource: 'customers_file'
    });

    const result = await refreshDealershipDue(f.dealershipId, TODAY);
    expect(result.flaggedReadings).toBe(1);
    const lower = await refreshVehicleDue(serviced[1].vehicle._id, TODAY);
    expect(lower.flagged).toEqual([
      {
        reading: { km: 25_000, date: '2026-11-01', source: 'customers_file' },
        reason: 'odometer_rollback',
        previousKm: 30_000
      }
    ]);
    // The undated 40,000 km was no reading: the clock runs from 30,000 km on 2026-06-01.
    const event = await DueEvent.findById(
      `${String(serviced[0].vehicle._id)}:regular_maintenance:2026-06-01`
    ).lean();
    expect(event).toMatchObject({ dueMileage: 35_000, current: true });
  });

  test('a mileage day in the future is dropped with a warning, leaving the km undated', async () => {
    const f = await dueFixture();
    const vin = 'LSVAU2180N2000005';
    const file = customersFile([
      ['林五', '13900000005', '粤B70005', vin, '帕萨特', '2025-01-10', '9000', '2027-01-01']
    ]);
    const job = await importFile(ctx, f.manager.auth, file, { kind: 'customers' });
    expect(job.status).toBe('done');
    // The row's warnings name the dropped day (its VIN's check digit is off as well).
    const row = normalizeCustomerRow({
      rowNumber: 2,
      cells: {
        客户姓名: '林五',
        手机号: '13900000005',
        VIN: vin,
        行驶里程: '9000',
        行驶里程日期: '2027-01-01'
      }
    });
    expect(row.warnings).toContainEqual({
      column: '行驶里程日期',
      reason: 'future_date',
      value: '2027-01-01'
    });
    expect(row.ok && row.record.vehicle).toMatchObject({ mileageKm: 9_000, mileageDate: null });
    expect(
      await Vehicle.findOne(
        { dealershipId: f.dealership._id, vin },
        { mileageKm: 1, mileageDate: 1, _id: 0 }
      ).lean()
    ).toEqual({ mileageKm: 9_000, mileageDate: null });
  });
});

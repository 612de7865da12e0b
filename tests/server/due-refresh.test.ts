import { Types } from 'mongoose';
import { runJobNow } from '../../server/src/lib/jobs';
import { inControlGroup } from '../../server/src/modules/due/control-group';
import { DueEvent } from '../../server/src/modules/due/due-event.model';
import { refreshDealershipDue, refreshVehicleDue } from '../../server/src/modules/due/due-refresh.service';
import { Vehicle } from '../../server/src/modules/vehicles/vehicle.model';
import { makeCustomer, makeDealership, makeServiceRecord, makeVehicle } from '../support/factories';
import { startTestApp, type TestContext } from '../support/harness';
import { dueFixture, storedEvents, TODAY, useDueClock } from './due-support';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await startTestApp();
});
afterAll(() => ctx.close());
useDueClock();

describe('refreshDealershipDue', () => {
  test('writes one current event per type and occurrence, copied from the customer and vehicle', async () => {
    const f = await dueFixture();
    const result = await refreshDealershipDue(f.dealershipId, TODAY);
    expect(result).toEqual({ vehicles: 1, written: 5, superseded: 0, flaggedReadings: 0 });

    const events = await storedEvents(f.vehicle._id);
    const id = String(f.vehicle._id);
    expect(events.map((e) => e._id).sort()).toEqual(
      [
        `${id}:regular_maintenance:2026-06-01`,
        `${id}:insurance:2027-02-28`,
        `${id}:inspection:2028-03-31`,
        `${id}:warranty_end:2027-03-01`,
        `${id}:sanbao_end:2026-03-01`
      ].sort()
    );
    const maintenance = events.find((e) => e.type === 'regular_maintenance');
    // No reading in the last 24 months but the 定保 itself: the default 27 km/day cannot reach
    // 35,000 km before 2026-12-01 (anchor + 6 months), so time decides; 6 days overdue.
    expect(maintenance).toMatchObject({
      dealershipId: f.dealership._id,
      customerId: f.customer._id,
      advisorId: new Types.ObjectId(f.advisor.id),
      tier: 'B',
      customerName: '陈车主',
      plate: f.vehicle.plate,
      vehicleTitle: '帕萨特 2022款 330TSI',
      occurrence: '2026-06-01',
      dueDate: '2026-12-01',
      dueMileage: 35_000,
      basis: 'time',
      status: 'overdue',
      remindFrom: '2026-11-17',
      explanation: '已于 2026-12-01 到期（或 35,000 公里，以先到者为准），已超过 6 天',
      controlGroup: inControlGroup(f.dealershipId, id, 10),
      current: true,
      computedOn: TODAY
    });
    // 三包 ended by time on 2026-03-01 (2 years): shown as ended, still one occurrence.
    expect(events.find((e) => e.type === 'sanbao_end')).toMatchObject({
      status: 'overdue',
      remindFrom: '2025-12-31'
    });
  });

  test('a second refresh writes nothing', async () => {
    const f = await dueFixture();
    await refreshDealershipDue(f.dealershipId, TODAY);
    const before = await storedEvents(f.vehicle._id);
    const again = await refreshDealershipDue(f.dealershipId, TODAY);
    expect(again).toEqual({ vehicles: 1, written: 0, superseded: 0, flaggedReadings: 0 });
    expect(await storedEvents(f.vehicle._id)).toEqual(before);
  });

  test('a new reading moves the due day of the same occurrence; a new visit supersedes it', async () => {
    const f = await dueFixture();
    await refreshDealershipDue(f.dealershipId, TODAY);
    const id = String(f.vehicle._id);
    // 4,900 km in the 122 days since the 定保: 40.2 km/day, so 35,000 km falls on 2026-10-04.
    await Vehicle.updateOne(
      { _id: f.vehicle._id },
      { $set: { mileageKm: 34_900, mileageDate: '2026-10-01', mileageSource: 'staff_edit' } }
    );
    const moved = await refreshVehicleDue(f.vehicle._id, TODAY);
    // The maintenance due day, and the warranty's wording (it now names the car's own 40 km/day).
    expect(moved).toMatchObject({ vehicles: 1, written: 2, superseded: 0 });
    expect((await DueEvent.findById(`${id}:warranty_end:2027-03-01`).lean())?.explanation).toContain(
      '每天约 40 公里'
    );
    const maintenance = await DueEvent.findById(`${id}:regular_maintenance:2026-06-01`).lean();
    expect(maintenance).toMatchObject({ dueDate: '2026-10-04', basis: 'mileage', current: true });

    await makeServiceRecord(f.vehicle, {
      type: 'regular_maintenance',
      serviceDate: '2026-12-05',
      mileageKm: 37_000
    });
    const serviced = await refreshDealershipDue(f.dealershipId, TODAY);
    expect(serviced.superseded).toBe(1);
    expect(await DueEvent.findById(`${id}:regular_maintenance:2026-06-01`).lean()).toMatchObject({
      current: false
    });
    expect(await DueEvent.findById(`${id}:regular_maintenance:2026-12-05`).lean()).toMatchObject({
      current: true,
      status: 'upcoming'
    });
    const current = await storedEvents(f.vehicle._id, true);
    expect(current.filter((e) => e.type === 'regular_maintenance')).toHaveLength(1);
  });

  test('an odometer going backwards is flagged and not applied', async () => {
    const f = await dueFixture();
    await Vehicle.updateOne(
      { _id: f.vehicle._id },
      { $set: { mileageKm: 12_000, mileageDate: '2026-11-01', mileageSource: 'customers_file' } }
    );
    const result = await refreshVehicleDue(f.vehicle._id, TODAY);
    expect(result.flagged).toEqual([
      {
        reading: { km: 12_000, date: '2026-11-01', source: 'customers_file' },
        reason: 'odometer_rollback',
        previousKm: 30_000
      }
    ]);
    expect(result.flaggedReadings).toBe(1);
    // The maintenance due day is the one without that reading.
    const event = await DueEvent.findById(`${String(f.vehicle._id)}:regular_maintenance:2026-06-01`).lean();
    expect(event?.dueDate).toBe('2026-12-01');
  });

  test('only the dealership refreshed is written; the control group is stable by vehicle', async () => {
    const f = await dueFixture();
    const other = await makeDealership();
    const stranger = await makeVehicle(await makeCustomer(other._id), { deliveryDate: '2025-01-10' });
    await refreshDealershipDue(f.dealershipId, TODAY);
    expect(await DueEvent.countDocuments({ vehicleId: stranger._id })).toBe(0);

    const ids = Array.from({ length: 4000 }, () => String(new Types.ObjectId()));
    const share = (percent: number) =>
      ids.filter((v) => inControlGroup(f.dealershipId, v, percent)).length / ids.length;
    expect(share(0)).toBe(0);
    expect(share(10)).toBeGreaterThan(0.08);
    expect(share(10)).toBeLessThan(0.12);
    expect(share(50)).toBeGreaterThan(0.46);
    // Raising the share only adds vehicles.
    expect(
      ids.every((v) => !inControlGroup(f.dealershipId, v, 10) || inControlGroup(f.dealershipId, v, 20))
    ).toBe(true);
  });

  test('the nightly job refreshes every dealership', async () => {
    const f = await dueFixture();
    const run = await runJobNow('due-nightly', { deps: ctx.deps, date: TODAY });
    expect(run.status).toBe('succeeded');
    expect(run.counts.vehicles).toBeGreaterThanOrEqual(1);
    expect(await DueEvent.countDocuments({ vehicleId: f.vehicle._id, current: true })).toBe(5);
  });
});

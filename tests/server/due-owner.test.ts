import { makeServiceRecord, makeStaff, loginOwner } from '../support/factories';
import { startTestApp, type TestContext } from '../support/harness';
import { DueEvent } from '../../server/src/modules/due/due-event.model';
import { refreshDealershipDue } from '../../server/src/modules/due/due-refresh.service';
import { makeArchive, ownerBook, ownerOf, staffBook } from './bookings-support';
import { dueFixture, TODAY, useDueClock } from './due-support';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await startTestApp();
});
afterAll(() => ctx.close());
useDueClock();

describe('GET /api/owner/due', () => {
  test("the owner sees their own vehicles' due events, earliest first, and nobody else's", async () => {
    const f = await dueFixture();
    const mine = await makeArchive(f.dealership._id, f.advisor.id, '林车主');
    await makeServiceRecord(mine.vehicle, {
      type: 'regular_maintenance',
      serviceDate: '2026-09-20',
      mileageKm: 24_000
    });
    const owner = await ownerOf(ctx, { dealership: f.dealership, ...mine });
    // Another customer of the same dealership, with an owner of their own.
    const neighbour = await makeArchive(f.dealership._id, f.advisor.id, '周车主');
    const other = await ownerOf(ctx, { dealership: f.dealership, ...neighbour });

    const res = await ctx.http().get('/api/owner/due').set(owner.auth).expect(200);
    expect(res.body.vehicles.map((v: { vehicleId: string }) => v.vehicleId)).toEqual([
      String(mine.vehicle._id)
    ]);
    const [vehicle] = res.body.vehicles;
    expect(vehicle).toMatchObject({
      dealershipId: f.dealershipId,
      plate: mine.plate,
      title: '帕萨特 2022款 330TSI',
      // The archive's reading (20,000 km on 2026-06-01) and the 定保's (24,000 km on 2026-09-20).
      odometer: { km: 24_000, date: '2026-09-20' }
    });
    const dueDays = vehicle.events.map((e: { dueDate: string }) => e.dueDate);
    expect(dueDays).toEqual([...dueDays].sort());
    const maintenance = vehicle.events.find((e: { type: string }) => e.type === 'regular_maintenance');
    // 4,000 km in 111 days = 36 km/day: 29,000 km 139 days after the 定保, before its 6 months.
    expect(maintenance).toMatchObject({
      bookingServiceType: 'regular_maintenance',
      dueDate: '2027-02-06',
      dueMileage: 29_000,
      status: 'upcoming',
      daysLeft: 61,
      title: '定期保养 · 未到期',
      explanation: '约 2027-02-06 或 29,000 公里，按您近期每天约 36 公里推算'
    });
    expect(
      vehicle.events.find((e: { type: string }) => e.type === 'insurance').bookingServiceType
    ).toBeNull();

    const theirs = await ctx.http().get('/api/owner/due').set(other.auth).expect(200);
    expect(theirs.body.vehicles.map((v: { vehicleId: string }) => v.vehicleId)).toEqual([
      String(neighbour.vehicle._id)
    ]);
  });

  test('an owner with no vehicle sees none; staff and anonymous callers are refused', async () => {
    const f = await dueFixture();
    const stranger = await loginOwner(ctx);
    expect((await ctx.http().get('/api/owner/due').set(stranger.auth).expect(200)).body).toEqual({
      vehicles: []
    });
    const staff = await makeStaff('manager', f.dealership._id);
    await ctx.http().get('/api/owner/due').set(staff.auth).expect(403);
    await ctx.http().get('/api/owner/due').expect(401);
  });

  test('after unbinding, the vehicle is no longer theirs', async () => {
    const f = await dueFixture();
    const mine = await makeArchive(f.dealership._id, f.advisor.id);
    const owner = await ownerOf(ctx, { dealership: f.dealership, ...mine });
    expect((await ctx.http().get('/api/owner/due').set(owner.auth).expect(200)).body.vehicles).toHaveLength(
      1
    );
    await ctx.http().delete(`/api/owner/bindings/${f.dealershipId}`).set(owner.auth).expect(204);
    expect((await ctx.http().get('/api/owner/due').set(owner.auth).expect(200)).body.vehicles).toEqual([]);
  });
});

describe('a booking with mileage', () => {
  test("refreshes the vehicle's stored events at once (owner or staff booking)", async () => {
    const f = await dueFixture();
    const mine = await makeArchive(f.dealership._id, f.advisor.id);
    await makeServiceRecord(mine.vehicle, {
      type: 'regular_maintenance',
      serviceDate: '2026-09-20',
      mileageKm: 24_000
    });
    const owner = await ownerOf(ctx, { dealership: f.dealership, ...mine });
    await refreshDealershipDue(f.dealershipId, TODAY);
    const id = `${String(mine.vehicle._id)}:regular_maintenance:2026-09-20`;
    expect(await DueEvent.findById(id).lean()).toMatchObject({ dueDate: '2027-02-06' });

    // 28,000 km today: 4,000 km in the 78 days since the 定保, so 29,000 km is 20 days away.
    await ownerBook(ctx, owner, mine.vehicle._id, { mileageKm: 28_000 }).expect(201);
    expect(await DueEvent.findById(id).lean()).toMatchObject({
      dueDate: '2026-12-27',
      basis: 'mileage',
      status: 'upcoming'
    });
    // The owner's page says the same.
    const view = await ctx.http().get('/api/owner/due').set(owner.auth).expect(200);
    const event = view.body.vehicles[0].events.find(
      (e: { type: string }) => e.type === 'regular_maintenance'
    );
    expect(event.dueDate).toBe('2026-12-27');

    const other = await makeArchive(f.dealership._id, f.advisor.id);
    await refreshDealershipDue(f.dealershipId, TODAY);
    const before = await DueEvent.find({ vehicleId: other.vehicle._id, current: true }).lean();
    await staffBook(ctx, f.advisor, other.customer._id, other.vehicle._id, { mileageKm: 60_000 }).expect(201);
    const after = await DueEvent.find({ vehicleId: other.vehicle._id, current: true }).lean();
    expect(after).not.toEqual(before);
  });
});

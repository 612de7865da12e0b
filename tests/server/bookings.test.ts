import { Vehicle } from '../../server/src/modules/vehicles/vehicle.model';
import { Booking, BookingClaim } from '../../server/src/modules/bookings/booking.model';
import { startTestApp, type TestContext } from '../support/harness';
import { makeStaff } from '../support/factories';
import {
  errorCode,
  makeArchive,
  ownerBook,
  ownerOf,
  setNow,
  setupDealership,
  shanghai,
  staffBook,
  TODAY,
  TOMORROW,
  useBookingClock
} from './bookings-support';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await startTestApp();
});
afterAll(() => ctx.close());
useBookingClock();

const availability = (
  s: { dealershipId: string },
  owner: { auth: Record<string, string> },
  query: Record<string, string | number> = {}
) =>
  ctx
    .http()
    .get('/api/owner/bookings/availability')
    .set(owner.auth)
    .query({ dealershipId: s.dealershipId, serviceType: 'regular_maintenance', days: 3, ...query });

describe('an owner books maintenance', () => {
  test('free blocks, book with mileage, list mine, reschedule, cancel: seats follow', async () => {
    const s = await setupDealership({
      capacity: { first_maintenance: 2, regular_maintenance: 3, repair: 2, bodywork: 1, other: 1 }
    });
    const owner = await ownerOf(ctx, s);
    const before = await availability(s, owner).expect(200);
    expect(before.body.days.map((d: { day: string }) => d.day)).toEqual([TODAY, TOMORROW, '2026-12-09']);
    // 08:00 now, 2 h lead: today's 08:30 block is not bookable, 10:00 is.
    expect(
      before.body.days[0].blocks.map((b: { blockId: string; bookable: boolean }) => [b.blockId, b.bookable])
    ).toEqual([
      ['0830-1000', false],
      ['1000-1130', true],
      ['1330-1500', true],
      ['1500-1630', true]
    ]);

    const booked = await ownerBook(ctx, owner, s.vehicle._id, {
      mileageKm: 23456,
      note: '顺便检查空调'
    }).expect(201);
    expect(booked.body).toMatchObject({
      day: TOMORROW,
      blockId: '0830-1000',
      start: '08:30',
      end: '10:00',
      status: 'booked',
      statusLabel: '已预约',
      serviceTypeLabel: '定保',
      advisor: { id: s.advisor.id, name: '王顾问' },
      customer: { name: '陈车主' },
      vehicle: { plate: s.plate },
      mileage: { km: 23456, date: TODAY },
      note: '顺便检查空调',
      bookedBy: 'owner'
    });
    expect(booked.body.checkInCode).toMatch(/^[A-Z2-9]{8}$/);
    // The told mileage is a reading dated today on the vehicle.
    expect(await Vehicle.findById(s.vehicle._id).lean()).toMatchObject({
      mileageKm: 23456,
      mileageDate: TODAY
    });

    const seatsAt = async (day: string, blockId: string) =>
      (await availability(s, owner).expect(200)).body.days
        .find((d: { day: string }) => d.day === day)
        .blocks.find((b: { blockId: string }) => b.blockId === blockId).seatsLeft;
    expect(await seatsAt(TOMORROW, '0830-1000')).toBe(2);

    const mine = await ctx.http().get('/api/owner/bookings').set(owner.auth).expect(200);
    expect(mine.body.items.map((b: { id: string }) => b.id)).toEqual([booked.body.id]);

    const moved = await ctx
      .http()
      .post(`/api/owner/bookings/${booked.body.id}/reschedule`)
      .set(owner.auth)
      .send({ day: '2026-12-09', blockId: '1330-1500' })
      .expect(200);
    expect(moved.body).toMatchObject({ day: '2026-12-09', blockId: '1330-1500', status: 'booked' });
    expect(await seatsAt(TOMORROW, '0830-1000')).toBe(3);
    expect(await seatsAt('2026-12-09', '1330-1500')).toBe(2);

    const cancelled = await ctx
      .http()
      .post(`/api/owner/bookings/${booked.body.id}/cancel`)
      .set(owner.auth)
      .send({ reason: '临时出差' })
      .expect(200);
    expect(cancelled.body).toMatchObject({
      status: 'cancelled',
      statusLabel: '已取消',
      cancelReason: '临时出差'
    });
    expect(await seatsAt('2026-12-09', '1330-1500')).toBe(3);
    const history = (await Booking.findById(booked.body.id).lean())?.history.map((h) => [
      h.action,
      h.day,
      h.blockId
    ]);
    expect(history).toEqual([
      ['booked', TOMORROW, '0830-1000'],
      ['rescheduled', TOMORROW, '0830-1000'],
      ['cancelled', '2026-12-09', '1330-1500']
    ]);
    expect(await BookingClaim.countDocuments({ bookingId: booked.body.id })).toBe(0);
    // Cancelled twice: nothing to cancel.
    const again = await ctx
      .http()
      .post(`/api/owner/bookings/${booked.body.id}/cancel`)
      .set(owner.auth)
      .send({ reason: '再取消' });
    expect([again.status, errorCode(again)]).toEqual([409, 'BOOKING_NOT_OPEN']);
  });

  test('closed days, public holidays, past blocks, lead time, horizon, unknown blocks and types not offered: 422 in Chinese, nothing booked', async () => {
    const s = await setupDealership({
      closedDays: ['2026-12-09'],
      capacity: { first_maintenance: 2, regular_maintenance: 3, repair: 2, bodywork: 0, other: 1 },
      maxDaysAhead: 10
    });
    const owner = await ownerOf(ctx, s);
    const refused = async (slot: Record<string, string>, code: string, message: RegExp) => {
      const res = await ownerBook(ctx, owner, s.vehicle._id, slot);
      expect([res.status, errorCode(res)]).toEqual([422, code]);
      expect(res.body.error.message).toMatch(message);
    };
    await refused({ day: '2026-12-09' }, 'DAY_CLOSED', /门店休息/);
    await refused({ day: TODAY, blockId: '0830-1000' }, 'INSIDE_LEAD_TIME', /提前2小时/);
    await refused({ day: '2026-12-06' }, 'BLOCK_PAST', /时段已过/);
    await refused({ day: '2026-12-30' }, 'TOO_FAR_AHEAD', /10天/);
    await refused({ blockId: '0900-1000' }, 'BLOCK_UNKNOWN', /没有这个预约时段/);
    await refused({ serviceType: 'bodywork' }, 'SERVICE_TYPE_NOT_OFFERED', /钣喷/);
    // The advisor chosen must be an advisor of this dealership (a manager is not).
    await refused({ advisorId: s.manager.id }, 'ADVISOR_UNKNOWN', /顾问不在本店/);
    const days = (await availability(s, owner).expect(200)).body.days;
    expect(days[2]).toMatchObject({ day: '2026-12-09', closed: true, closedLabel: '门店休息', blocks: [] });

    // 国庆节 (from the holiday calendar) is closed unless the dealership opts out.
    setNow(shanghai('2026-09-28'));
    await refused({ day: '2026-10-02' }, 'DAY_CLOSED', /国庆节/);
    await ctx
      .http()
      .patch(`/api/dealerships/${s.dealershipId}/booking-settings`)
      .set(s.manager.auth)
      .send({ closedOnPublicHolidays: false })
      .expect(200);
    await ownerBook(ctx, owner, s.vehicle._id, { day: '2026-10-02' }).expect(201);
    expect(await Booking.countDocuments({ dealershipId: s.dealership._id })).toBe(1);
  });

  test('bad input is a 400 naming the field; nothing is booked', async () => {
    const s = await setupDealership();
    const owner = await ownerOf(ctx, s);
    for (const bad of [
      { day: '2026-02-30' },
      { day: 'tomorrow' },
      { blockId: '8:30-10' },
      { serviceType: 'wash' },
      { mileageKm: -1 },
      { vehicleId: 'x' },
      { note: 'x'.repeat(201) },
      { extra: 1 }
    ]) {
      const res = await ownerBook(ctx, owner, s.vehicle._id, bad);
      expect([res.status, errorCode(res)]).toEqual([400, 'VALIDATION_FAILED']);
    }
    const noReason = await ctx
      .http()
      .post(`/api/owner/bookings/${s.vehicle._id}/cancel`)
      .set(owner.auth)
      .send({ reason: ' ' });
    expect(noReason.status).toBe(400);
    expect((await availability(s, owner, { days: 99 })).status).toBe(400);
    expect(await Booking.countDocuments({ dealershipId: s.dealership._id })).toBe(0);
  });

  test('owners reschedule and cancel only before the cutoff; staff on the phone still can', async () => {
    const s = await setupDealership({ cutoffHours: 24 });
    const owner = await ownerOf(ctx, s);
    const booked = await ownerBook(ctx, owner, s.vehicle._id, { day: TOMORROW, blockId: '0830-1000' }).expect(
      201
    );
    setNow(shanghai(TODAY, '09:00')); // 23.5 h before the block
    const late = await ctx
      .http()
      .post(`/api/owner/bookings/${booked.body.id}/cancel`)
      .set(owner.auth)
      .send({ reason: '有事' });
    expect([late.status, errorCode(late)]).toEqual([422, 'AFTER_CUTOFF']);
    expect(late.body.error.message).toMatch(/不足24小时/);
    const lateMove = await ctx
      .http()
      .post(`/api/owner/bookings/${booked.body.id}/reschedule`)
      .set(owner.auth)
      .send({ day: '2026-12-10', blockId: '0830-1000' });
    expect([lateMove.status, errorCode(lateMove)]).toEqual([422, 'AFTER_CUTOFF']);
    expect(await BookingClaim.countDocuments({ bookingId: booked.body.id, kind: 'seat' })).toBe(1);
    await ctx
      .http()
      .post(`/api/bookings/${booked.body.id}/cancel`)
      .set(s.advisor.auth)
      .send({ reason: '客户来电取消' })
      .expect(200);
  });

  test('limits: one open booking per vehicle, two per owner; cancelling frees the slot', async () => {
    const s = await setupDealership();
    const owner = await ownerOf(ctx, s);
    const first = await ownerBook(ctx, owner, s.vehicle._id).expect(201);
    const second = await ownerBook(ctx, owner, s.vehicle._id, { blockId: '1000-1130' });
    expect([second.status, errorCode(second)]).toEqual([422, 'BOOKING_LIMIT']);
    expect(second.body.error.message).toMatch(/这辆车已有1个未完成的预约/);
    await ctx
      .http()
      .post(`/api/owner/bookings/${first.body.id}/cancel`)
      .set(owner.auth)
      .send({ reason: '换时间' })
      .expect(200);
    const chosen = await ownerBook(ctx, owner, s.vehicle._id, {
      blockId: '1000-1130',
      advisorId: s.otherAdvisor.id
    }).expect(201);
    expect(chosen.body.advisor).toEqual({ id: s.otherAdvisor.id, name: '李顾问' });
  });
});

describe('isolation', () => {
  test('other owners, other advisors and other dealerships get 404; marketing cannot book', async () => {
    const s = await setupDealership();
    const other = await setupDealership();
    const owner = await ownerOf(ctx, s);
    const stranger = await ownerOf(ctx, other);
    const booked = await ownerBook(ctx, owner, s.vehicle._id).expect(201);
    const id = booked.body.id as string;

    // Another owner: not their vehicle, not their booking.
    expect((await ownerBook(ctx, stranger, s.vehicle._id)).status).toBe(404);
    expect(
      (await ctx.http().post(`/api/owner/bookings/${id}/cancel`).set(stranger.auth).send({ reason: '捣乱' }))
        .status
    ).toBe(404);
    expect((await ctx.http().get('/api/owner/bookings').set(stranger.auth).expect(200)).body.items).toEqual(
      []
    );

    // Advisor 王 sees it (their customer), 李 does not; the manager does; the other dealership's manager does not.
    const listOf = async (who: { auth: Record<string, string> }) =>
      (await ctx.http().get('/api/bookings').set(who.auth).expect(200)).body.items.map(
        (b: { id: string }) => b.id
      );
    expect(await listOf(s.advisor)).toEqual([id]);
    expect(await listOf(s.otherAdvisor)).toEqual([]);
    expect(await listOf(s.manager)).toEqual([id]);
    expect(await listOf(other.manager)).toEqual([]);
    expect(
      (await ctx.http().post(`/api/bookings/${id}/cancel`).set(s.otherAdvisor.auth).send({ reason: 'x' }))
        .status
    ).toBe(404);
    expect(
      (await ctx.http().post(`/api/bookings/${id}/cancel`).set(other.manager.auth).send({ reason: 'x' }))
        .status
    ).toBe(404);
    expect(
      (await ctx.http().get('/api/bookings').query({ dealershipId: s.dealershipId }).set(other.manager.auth))
        .status
    ).toBe(403);
    // An advisor books only for their own customers.
    expect((await staffBook(ctx, s.otherAdvisor, s.customer._id, s.vehicle._id)).status).toBe(404);
    // Staff never see the check-in code; the owner does.
    expect((await ctx.http().get('/api/bookings').set(s.manager.auth)).body.items[0].checkInCode).toBeNull();
    const marketing = await makeStaff('marketing', s.dealership._id);
    expect((await ctx.http().get('/api/bookings').set(marketing.auth)).status).toBe(403);
    expect((await staffBook(ctx, marketing, s.customer._id, s.vehicle._id)).status).toBe(403);
  });
});

describe('manager settings', () => {
  test('field-level writes, validation, and only managers change them', async () => {
    const s = await setupDealership();
    const path = `/api/dealerships/${s.dealershipId}/booking-settings`;
    const defaults = await ctx.http().get(path).set(s.advisor.auth).expect(200);
    expect(defaults.body).toMatchObject({
      leadTimeHours: 2,
      cutoffHours: 2,
      maxOpenPerVehicle: 1,
      maxOpenPerOwner: 2,
      closedOnPublicHolidays: true
    });
    await Promise.all([
      ctx.http().patch(path).set(s.manager.auth).send({ leadTimeHours: 4 }).expect(200),
      ctx
        .http()
        .patch(path)
        .set(s.manager.auth)
        .send({ closedDays: ['2026-12-25', '2026-12-24'] })
        .expect(200)
    ]);
    const after = await ctx.http().get(path).set(s.manager.auth).expect(200);
    expect(after.body).toMatchObject({
      leadTimeHours: 4,
      closedDays: ['2026-12-24', '2026-12-25'],
      cutoffHours: 2
    });

    for (const bad of [
      { blocks: [{ start: '10:00', end: '09:00' }] },
      {
        blocks: [
          { start: '08:00', end: '10:00' },
          { start: '09:30', end: '11:00' }
        ]
      },
      { capacity: { regular_maintenance: 3 } },
      { closedDays: ['2026-12-25', '2026-12-25'] },
      { leadTimeHours: -1 },
      {},
      { unknown: true }
    ]) {
      const res = await ctx.http().patch(path).set(s.manager.auth).send(bad);
      expect([res.status, errorCode(res)]).toEqual([400, 'VALIDATION_FAILED']);
    }
    expect((await ctx.http().patch(path).set(s.advisor.auth).send({ leadTimeHours: 1 })).status).toBe(403);
    const other = await setupDealership();
    expect((await ctx.http().patch(path).set(other.manager.auth).send({ leadTimeHours: 1 })).status).toBe(
      403
    );
    expect((await ctx.http().get(path).set(s.manager.auth).expect(200)).body).toEqual(after.body);
  });

  test('lowering a block’s bays keeps it full while the bookings already there hold more seats', async () => {
    const s = await setupDealership({
      capacity: { first_maintenance: 1, regular_maintenance: 3, repair: 1, bodywork: 1, other: 1 }
    });
    const archives = await Promise.all([1, 2, 3, 4].map(() => makeArchive(s.dealership._id, null)));
    const ids = [];
    for (const a of archives.slice(0, 3))
      ids.push((await staffBook(ctx, s.manager, a.customer._id, a.vehicle._id).expect(201)).body.id);
    await ctx
      .http()
      .post(`/api/bookings/${ids[0]}/cancel`)
      .set(s.manager.auth)
      .send({ reason: '客户改期' })
      .expect(200);
    await ctx
      .http()
      .patch(`/api/dealerships/${s.dealershipId}/booking-settings`)
      .set(s.manager.auth)
      .send({ capacity: { first_maintenance: 1, regular_maintenance: 2, repair: 1, bodywork: 1, other: 1 } })
      .expect(200);
    const full = await staffBook(ctx, s.manager, archives[3].customer._id, archives[3].vehicle._id);
    expect([full.status, errorCode(full)]).toEqual([409, 'SLOT_FULL']);
    const days = (
      await ctx
        .http()
        .get('/api/bookings/availability')
        .set(s.manager.auth)
        .query({ serviceType: 'regular_maintenance', from: TOMORROW, days: 1 })
        .expect(200)
    ).body.days;
    expect(days[0].blocks[0]).toMatchObject({ capacity: 2, seatsLeft: 0, bookable: false });
  });

  test('/api/openapi.json documents the booking endpoints', async () => {
    const doc = (await ctx.http().get('/api/openapi.json').expect(200)).body;
    for (const [path, method] of [
      ['/api/owner/bookings', 'post'],
      ['/api/owner/bookings', 'get'],
      ['/api/owner/bookings/availability', 'get'],
      ['/api/owner/bookings/{id}/reschedule', 'post'],
      ['/api/owner/bookings/{id}/cancel', 'post'],
      ['/api/bookings', 'get'],
      ['/api/bookings', 'post'],
      ['/api/bookings/today', 'get'],
      ['/api/bookings/check-in', 'post'],
      ['/api/bookings/{id}/arrived', 'post'],
      ['/api/bookings/{id}/no-show', 'post'],
      ['/api/dealerships/{id}/booking-settings', 'patch']
    ]) {
      expect(doc.paths[path]?.[method]).toBeDefined();
    }
    expect(JSON.stringify(doc.paths['/api/owner/bookings'].post)).toContain('checkInCode');
  });
});

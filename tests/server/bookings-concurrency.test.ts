import { Types } from 'mongoose';
import {
  Booking,
  BookingClaim,
  BookingTransition,
  type BookingRecord
} from '../../server/src/modules/bookings/booking.model';
import {
  cancelBooking,
  markArrived,
  markNoShow
} from '../../server/src/modules/bookings/booking-changes.service';
import { startTestApp, type TestContext } from '../support/harness';
import { makeVehicle } from '../support/factories';
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
  useBookingClock,
  type Setup
} from './bookings-support';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await startTestApp();
});
afterAll(() => ctx.close());
useBookingClock();

const capacity = (regular: number) => ({
  first_maintenance: 1,
  regular_maintenance: regular,
  repair: 1,
  bodywork: 1,
  other: 1
});

/**
 * The seat ledger agrees with the bookings: every seat claim belongs to a booking that is
 * booked in that block and points at it, and every booked booking holds exactly one seat.
 */
async function expectSeatsConsistent(s: Setup) {
  const booked = await Booking.find({ dealershipId: s.dealership._id, status: 'booked' }).lean();
  const seats = await BookingClaim.find({ dealershipId: s.dealership._id, kind: 'seat' }).lean();
  expect(seats.map((c) => c._id).sort()).toEqual(booked.map((b) => b.seatClaimId).sort());
  for (const b of booked)
    expect(b.seatClaimId).toMatch(
      new RegExp(`^seat:${s.dealershipId}:${b.day}:${b.blockId}:${b.serviceType}:\\d+$`)
    );
  return booked;
}

describe('capacity under concurrency', () => {
  test('200 customers book a block with 5 seats at once: exactly 5 get it, the rest are told it is full', async () => {
    const s = await setupDealership({ capacity: capacity(5) });
    const archives = [];
    for (let i = 0; i < 200; i += 20)
      archives.push(
        ...(await Promise.all(
          Array.from({ length: 20 }, () => makeArchive(s.dealership._id, null, '并发客户'))
        ))
      );
    const answers = await Promise.all(
      archives.map((a) => staffBook(ctx, s.manager, a.customer._id, a.vehicle._id))
    );
    const statuses = answers.map((r) => r.status);
    expect(statuses.filter((x) => x === 201)).toHaveLength(5);
    expect(
      answers.filter((r) => r.status !== 201).every((r) => r.status === 409 && errorCode(r) === 'SLOT_FULL')
    ).toBe(true);
    const booked = await expectSeatsConsistent(s);
    expect(booked).toHaveLength(5);
    expect(booked.map((b) => b.seatClaimId?.split(':').pop()).sort()).toEqual(['1', '2', '3', '4', '5']);
    // Losers gave back their limit slots: only the 5 bookings hold them (vehicle + owner each).
    expect(await BookingClaim.countDocuments({ dealershipId: s.dealership._id, kind: 'limit' })).toBe(10);
    const days = (
      await ctx
        .http()
        .get('/api/bookings/availability')
        .set(s.manager.auth)
        .query({ serviceType: 'regular_maintenance', from: TOMORROW, days: 1 })
        .expect(200)
    ).body.days;
    expect(days[0].blocks[0]).toMatchObject({ blockId: '0830-1000', seatsLeft: 0, bookable: false });
  });

  test('concurrent reschedules and cancels never lose or double a seat', async () => {
    const s = await setupDealership({ capacity: capacity(3) });
    const archives = await Promise.all(Array.from({ length: 6 }, () => makeArchive(s.dealership._id, null)));
    const ids: string[] = [];
    for (const [i, a] of archives.entries()) {
      const block = i < 3 ? '0830-1000' : '1000-1130';
      ids.push(
        (await staffBook(ctx, s.manager, a.customer._id, a.vehicle._id, { blockId: block }).expect(201)).body
          .id
      );
    }
    // Block 1330 has 3 seats: six bookings race for them, while three of them are also cancelled
    // and two are also moved elsewhere at the same moment.
    const move = (id: string, blockId: string, day = TOMORROW) =>
      ctx.http().post(`/api/bookings/${id}/reschedule`).set(s.manager.auth).send({ day, blockId });
    const cancel = (id: string) =>
      ctx.http().post(`/api/bookings/${id}/cancel`).set(s.manager.auth).send({ reason: '并发取消' });
    const answers = await Promise.all([
      ...ids.map((id) => move(id, '1330-1500')),
      cancel(ids[0]),
      cancel(ids[3]),
      cancel(ids[4]),
      move(ids[1], '1500-1630'),
      move(ids[5], '1500-1630')
    ]);
    expect(answers.every((r) => [200, 409].includes(r.status))).toBe(true);
    const booked = await expectSeatsConsistent(s);
    const inBlock = (blockId: string) => booked.filter((b) => b.blockId === blockId).length;
    expect(inBlock('1330-1500')).toBeLessThanOrEqual(3);
    expect(inBlock('1500-1630')).toBeLessThanOrEqual(2);
    // Every booking is either cancelled or holds one seat somewhere; nothing vanished.
    const all = await Booking.find({ dealershipId: s.dealership._id }).lean();
    expect(all).toHaveLength(6);
    expect(
      all.every((b) => (b.status === 'cancelled' ? b.seatClaimId === null : Boolean(b.seatClaimId)))
    ).toBe(true);
    expect(booked.length + all.filter((b) => b.status === 'cancelled').length).toBe(6);
    // The answers tell the truth: each 200 reschedule that was not undone by a later win matches the booking.
    const cancelled = all.filter((b) => b.status === 'cancelled').map((b) => String(b._id));
    const cancelWins = answers
      .slice(6, 9)
      .filter((r) => r.status === 200)
      .map((r) => r.body.id as string);
    expect(cancelled.sort()).toEqual(cancelWins.sort());
  });
});

describe('claims left by an interrupted request', () => {
  test('an orphaned seat or limit slot is freed once it is older than any request; a fresh one is kept', async () => {
    const s = await setupDealership({ capacity: capacity(2) });
    const b = await makeArchive(s.dealership._id, null, '孙车主');
    await staffBook(ctx, s.manager, s.customer._id, s.vehicle._id).expect(201);
    const orphan = (id: string, kind: 'seat' | 'limit', at: Date) =>
      BookingClaim.create({
        _id: id,
        kind,
        bookingId: new Types.ObjectId(),
        dealershipId: s.dealership._id,
        day: kind === 'seat' ? TOMORROW : '',
        slotKey: kind === 'seat' ? '0830-1000:regular_maintenance' : '',
        at
      });
    // A crash long ago left B's vehicle slot taken; a request in flight right now holds seat 2.
    await orphan(`vehicle:${b.vehicle._id}:slot1`, 'limit', new Date(shanghai(TODAY).getTime() - 600_000));
    await orphan(
      `seat:${s.dealershipId}:${TOMORROW}:0830-1000:regular_maintenance:2`,
      'seat',
      shanghai(TODAY)
    );
    const full = await staffBook(ctx, s.manager, b.customer._id, b.vehicle._id);
    expect([full.status, errorCode(full)]).toEqual([409, 'SLOT_FULL']);
    // Three minutes on, seat 2's request has clearly died: its seat goes to B.
    setNow(shanghai(TODAY, '08:03'));
    const booked = await staffBook(ctx, s.manager, b.customer._id, b.vehicle._id).expect(201);
    expect((await Booking.findById(booked.body.id).lean())?.seatClaimId).toMatch(/:2$/);
    await expectSeatsConsistent(s);
  });
});

describe('limits under concurrency', () => {
  test('ten taps on book for one vehicle: one booking; the owner limit holds across vehicles', async () => {
    const s = await setupDealership({ capacity: capacity(10) });
    const owner = await ownerOf(ctx, s);
    const blocks = ['0830-1000', '1000-1130', '1330-1500', '1500-1630'];
    const taps = await Promise.all(
      Array.from({ length: 10 }, (_, i) => ownerBook(ctx, owner, s.vehicle._id, { blockId: blocks[i % 4] }))
    );
    expect(taps.filter((r) => r.status === 201)).toHaveLength(1);
    expect(taps.filter((r) => r.status === 422).every((r) => errorCode(r) === 'BOOKING_LIMIT')).toBe(true);

    // The same customer's three more vehicles booked by staff at once: two open bookings per owner.
    const more = await Promise.all([1, 2, 3].map(() => makeVehicle(s.customer)));
    const staffTaps = await Promise.all(
      more.flatMap((v) => [
        staffBook(ctx, s.advisor, s.customer._id, v._id),
        staffBook(ctx, s.advisor, s.customer._id, v._id, { day: '2026-12-09' })
      ])
    );
    expect(staffTaps.filter((r) => r.status === 201)).toHaveLength(1);
    expect(await Booking.countDocuments({ customerId: s.customer._id, status: 'booked' })).toBe(2);
    expect(staffTaps.filter((r) => r.status === 422).every((r) => errorCode(r) === 'BOOKING_LIMIT')).toBe(
      true
    );
    expect(staffTaps.some((r) => /您已有2个未完成的预约/.test(r.body.error?.message ?? ''))).toBe(true);
  });
});

describe('state transitions happen once', () => {
  test('ten arrivals at once: one wins, the history says arrived once; arrival vs no-show: one wins', async () => {
    const s = await setupDealership();
    const owner = await ownerOf(ctx, s);
    const booked = await ownerBook(ctx, owner, s.vehicle._id, { day: TODAY, blockId: '1000-1130' }).expect(
      201
    );
    setNow(shanghai(TODAY, '10:05'));
    const arrivals = await Promise.all(
      Array.from({ length: 10 }, () =>
        ctx.http().post(`/api/bookings/${booked.body.id}/arrived`).set(s.advisor.auth)
      )
    );
    expect(arrivals.map((r) => r.status).sort()).toEqual([200, ...Array(9).fill(409)]);
    const after = await Booking.findById(booked.body.id).lean();
    expect(after?.status).toBe('arrived');
    expect(after?.history.filter((h) => h.action === 'arrived')).toHaveLength(1);

    const other = await makeArchive(s.dealership._id, s.advisor.id, '周车主');
    setNow(shanghai(TODAY, '08:00'));
    const second = await staffBook(ctx, s.advisor, other.customer._id, other.vehicle._id, {
      day: TODAY,
      blockId: '1330-1500'
    }).expect(201);
    setNow(shanghai(TODAY, '13:40'));
    const race = await Promise.all([
      ...Array.from({ length: 5 }, () =>
        ctx.http().post(`/api/bookings/${second.body.id}/arrived`).set(s.advisor.auth)
      ),
      ...Array.from({ length: 5 }, () =>
        ctx.http().post(`/api/bookings/${second.body.id}/no-show`).set(s.manager.auth)
      ),
      ...Array.from({ length: 5 }, () =>
        ctx.http().post(`/api/bookings/${second.body.id}/cancel`).set(s.manager.auth).send({ reason: '并发' })
      )
    ]);
    expect(race.filter((r) => r.status === 200)).toHaveLength(1);
    expect(race.filter((r) => r.status !== 200).every((r) => r.status === 409)).toBe(true);
    const final = await Booking.findById(second.body.id).lean();
    const winner = race.find((r) => r.status === 200);
    expect(final?.status).toBe(winner?.body.status);
    expect(final?.history.map((h) => h.action)).toEqual(['booked', winner?.body.status]);
    expect(final?.version).toBe(1);
  });

  test('changes computed from the same read: exactly one applies, the others are told it changed', async () => {
    const s = await setupDealership();
    const booked = await staffBook(ctx, s.advisor, s.customer._id, s.vehicle._id, {
      day: TODAY,
      blockId: '1000-1130'
    }).expect(201);
    setNow(shanghai(TODAY, '10:05'));
    // Every caller holds the same snapshot, as concurrent requests that all read before anyone wrote.
    const snapshot = (await Booking.findById(booked.body.id).lean<BookingRecord>()) as BookingRecord;
    const staff = { kind: 'staff' as const, id: s.advisor.id };
    const outcomes = await Promise.allSettled([
      ...Array.from({ length: 4 }, () => markArrived(snapshot, staff)),
      ...Array.from({ length: 4 }, () => markNoShow(snapshot, staff)),
      ...Array.from({ length: 4 }, () => cancelBooking(snapshot, '并发', staff))
    ]);
    const won = outcomes.filter((o): o is PromiseFulfilledResult<BookingRecord> => o.status === 'fulfilled');
    expect(won).toHaveLength(1);
    expect(
      outcomes
        .filter((o) => o.status === 'rejected')
        .every((o) => (o as PromiseRejectedResult).reason.code === 'BOOKING_CHANGED')
    ).toBe(true);
    const final = await Booking.findById(booked.body.id).lean();
    expect(final?.status).toBe(won[0].value.status);
    expect(final?.history.map((h) => h.action)).toEqual(['booked', won[0].value.status]);
  });

  test('a change interrupted after its claim is finished by the next caller', async () => {
    const s = await setupDealership();
    const booked = await staffBook(ctx, s.advisor, s.customer._id, s.vehicle._id).expect(201);
    const before = (await Booking.findById(booked.body.id).lean<BookingRecord>()) as BookingRecord;
    // A cancel that claimed version 1 and then stopped (process crash) before writing the booking.
    await BookingTransition.create({
      _id: `${before._id}:1`,
      bookingId: before._id,
      set: {
        status: 'cancelled',
        cancelReason: '中断的取消',
        seatClaimId: null,
        limitClaimIds: [],
        version: 1,
        history: [...before.history, { action: 'cancelled' }]
      },
      historyEntry: { action: 'cancelled' },
      releaseClaimIds: [before.seatClaimId, ...before.limitClaimIds],
      at: new Date()
    });
    const next = await ctx
      .http()
      .post(`/api/bookings/${booked.body.id}/reschedule`)
      .set(s.advisor.auth)
      .send({ day: TOMORROW, blockId: '1000-1130' });
    expect([next.status, errorCode(next)]).toEqual([409, 'BOOKING_CHANGED']);
    expect(await Booking.findById(booked.body.id).lean()).toMatchObject({
      status: 'cancelled',
      cancelReason: '中断的取消',
      version: 1
    });
    expect(await BookingClaim.countDocuments({ bookingId: before._id })).toBe(0);
  });
});

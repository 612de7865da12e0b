import { Booking, BookingClaim } from '../../server/src/modules/bookings/booking.model';
import { linkServedBookings } from '../../server/src/modules/bookings/booking-served';
import { startTestApp, type TestContext } from '../support/harness';
import { ServiceRecord } from '../../server/src/modules/vehicles/service-record.model';
import { makeServiceRecord } from '../support/factories';
import { upload, waitForImport } from './imports-support';
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
  useBookingClock
} from './bookings-support';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await startTestApp();
});
afterAll(() => ctx.close());
useBookingClock();

describe('arrival, no-show and served', () => {
  test('check-in by code on the day; the advisor’s today list; a code of another dealership is not found', async () => {
    const s = await setupDealership();
    const other = await setupDealership();
    const owner = await ownerOf(ctx, s);
    const booked = await ownerBook(ctx, owner, s.vehicle._id, { day: TODAY, blockId: '1000-1130' }).expect(
      201
    );
    await ownerBook(ctx, await ownerOf(ctx, other), other.vehicle._id, {
      day: TODAY,
      blockId: '1000-1130'
    }).expect(201);
    const code = booked.body.checkInCode as string;

    const today = await ctx.http().get('/api/bookings/today').set(s.advisor.auth).expect(200);
    expect(
      today.body.items.map((b: { id: string; customerNoShows: number }) => [b.id, b.customerNoShows])
    ).toEqual([[booked.body.id, 0]]);
    expect(
      (await ctx.http().get('/api/bookings/today').set(s.otherAdvisor.auth).expect(200)).body.items
    ).toEqual([]);

    const wrongPlace = await ctx.http().post('/api/bookings/check-in').set(other.manager.auth).send({ code });
    expect(wrongPlace.status).toBe(404);
    expect(
      (await ctx.http().post('/api/bookings/check-in').set(s.manager.auth).send({ code: 'short' })).status
    ).toBe(400);
    // Any advisor at the counter takes the code, lower case too.
    const arrived = await ctx
      .http()
      .post('/api/bookings/check-in')
      .set(s.otherAdvisor.auth)
      .send({ code: code.toLowerCase() })
      .expect(200);
    expect(arrived.body).toMatchObject({ id: booked.body.id, status: 'arrived', statusLabel: '已到店' });
    // Arrived: the booking no longer counts against the owner's open limit, the seat stays taken.
    expect(await BookingClaim.find({ bookingId: booked.body.id }).distinct('kind')).toEqual(['seat']);
    const again = await ctx.http().post('/api/bookings/check-in').set(s.manager.auth).send({ code });
    expect([again.status, errorCode(again)]).toEqual([409, 'BOOKING_NOT_OPEN']);
  });

  test('arrival only on the booked day; no-show only once the block started, counted per customer for the advisor', async () => {
    const s = await setupDealership();
    const later = await makeArchive(s.dealership._id, s.advisor.id, '郑车主');
    const tomorrow = await staffBook(ctx, s.advisor, later.customer._id, later.vehicle._id).expect(201);
    const early = await ctx.http().post(`/api/bookings/${tomorrow.body.id}/arrived`).set(s.advisor.auth);
    expect([early.status, errorCode(early)]).toEqual([422, 'NOT_BOOKING_DAY']);

    const afternoon = await staffBook(ctx, s.advisor, s.customer._id, s.vehicle._id, {
      day: TODAY,
      blockId: '1500-1630'
    }).expect(201);
    const noShowEarly = await ctx
      .http()
      .post(`/api/bookings/${afternoon.body.id}/no-show`)
      .set(s.advisor.auth);
    expect([noShowEarly.status, errorCode(noShowEarly)]).toEqual([422, 'BLOCK_NOT_STARTED']);
    setNow(shanghai(TODAY, '15:40'));
    const missed = await ctx
      .http()
      .post(`/api/bookings/${afternoon.body.id}/no-show`)
      .set(s.advisor.auth)
      .expect(200);
    expect(missed.body).toMatchObject({ status: 'no_show', statusLabel: '未到店', customerNoShows: 1 });
    expect(await BookingClaim.countDocuments({ bookingId: afternoon.body.id })).toBe(0);
    expect(
      (await ctx.http().post(`/api/bookings/${afternoon.body.id}/arrived`).set(s.otherAdvisor.auth)).status
    ).toBe(404);
    const late = await ctx.http().post(`/api/bookings/${afternoon.body.id}/arrived`).set(s.advisor.auth);
    expect([late.status, errorCode(late)]).toEqual([409, 'BOOKING_NOT_OPEN']);

    // The next booking shows the advisor this customer's no-show.
    const next = await staffBook(ctx, s.advisor, s.customer._id, s.vehicle._id, { day: '2026-12-10' }).expect(
      201
    );
    expect(next.body.customerNoShows).toBe(1);
  });

  test('linkServedBookings: a repair order of the vehicle and day serves its booking, once; others are left alone', async () => {
    const s = await setupDealership();
    const other = await makeArchive(s.dealership._id, s.advisor.id, '吴车主');
    const arrivedToday = await staffBook(ctx, s.advisor, s.customer._id, s.vehicle._id, {
      day: TODAY,
      blockId: '1000-1130'
    }).expect(201);
    const otherToday = await staffBook(ctx, s.advisor, other.customer._id, other.vehicle._id, {
      day: TODAY,
      blockId: '1330-1500'
    }).expect(201);
    setNow(shanghai(TODAY, '10:10'));
    await ctx.http().post(`/api/bookings/${arrivedToday.body.id}/arrived`).set(s.advisor.auth).expect(200);

    const ro = await makeServiceRecord(s.vehicle, { serviceDate: TODAY, type: 'regular_maintenance' });
    const otherDay = await makeServiceRecord(other.vehicle, { serviceDate: '2026-12-01' });
    const records = [
      { _id: ro._id, vehicleId: s.vehicle._id, serviceDate: TODAY },
      { _id: otherDay._id, vehicleId: other.vehicle._id, serviceDate: '2026-12-01' }
    ];
    const [first, second] = await Promise.all([
      linkServedBookings(s.dealership._id, records),
      linkServedBookings(s.dealership._id, records)
    ]);
    expect(first + second).toBe(1);
    expect(await linkServedBookings(s.dealership._id, records)).toBe(0);
    // Another dealership's import never touches these bookings.
    const elsewhere = await setupDealership();
    expect(
      await linkServedBookings(elsewhere.dealership._id, [
        { _id: ro._id, vehicleId: s.vehicle._id, serviceDate: TODAY }
      ])
    ).toBe(0);

    const served = await Booking.findById(arrivedToday.body.id).lean();
    expect(served).toMatchObject({ status: 'served', serviceRecordId: ro._id });
    expect(served?.history.map((h) => h.action)).toEqual(['booked', 'arrived', 'served']);
    expect((await Booking.findById(otherToday.body.id).lean())?.status).toBe('booked');
    const listed = await ctx
      .http()
      .get('/api/bookings')
      .query({ status: 'served' })
      .set(s.manager.auth)
      .expect(200);
    expect(listed.body.items.map((b: { id: string; statusLabel: string }) => [b.id, b.statusLabel])).toEqual([
      [arrivedToday.body.id, '已完工']
    ]);
  });

  test('the DMS import of a repair order for a booked vehicle and day serves its booking; a dry run and other days do not', async () => {
    const s = await setupDealership();
    const other = await makeArchive(s.dealership._id, s.advisor.id, '孙车主');
    const today = await staffBook(ctx, s.advisor, s.customer._id, s.vehicle._id, {
      day: TODAY,
      blockId: '1000-1130'
    }).expect(201);
    const tomorrow = await staffBook(ctx, s.advisor, other.customer._id, other.vehicle._id).expect(201);
    const csv = (rows: string[]) => ({
      name: 'ro.csv',
      bytes: Buffer.from(['工单号,车牌号,进厂日期,维修类型,结算金额', ...rows].join('\n') + '\n', 'utf8')
    });
    const rows = [
      `RO-B1-${s.plate},${s.plate},${TODAY},定期保养,480`,
      // The other vehicle came in today, but its booking is for tomorrow: not served.
      `RO-B2-${other.plate},${other.plate},${TODAY},一般维修,300`
    ];
    const run = async (dryRun: boolean) => {
      const res = await upload(ctx, s.manager.auth, csv(rows), {
        kind: 'repair_orders',
        ...(dryRun ? { dryRun: 'true' } : {})
      }).expect(202);
      const job = await waitForImport(ctx, s.manager.auth, res.body.id as string);
      expect(job.status).toBe('done');
      return job;
    };

    await run(true);
    expect((await Booking.findById(today.body.id).lean())?.status).toBe('booked');

    expect((await run(false)).counts).toMatchObject({ created: 2, failed: 0 });
    const ro = await ServiceRecord.findOne({ roNumber: `RO-B1-${s.plate}` }).lean();
    const served = await Booking.findById(today.body.id).lean();
    expect(served).toMatchObject({ status: 'served', serviceRecordId: ro?._id });
    expect(served?.history.map((h) => [h.action, h.by])).toEqual([
      ['booked', `staff:${s.advisor.id}`],
      ['served', 'import']
    ]);
    // Served gives the open-booking slots back.
    expect(await BookingClaim.find({ bookingId: today.body.id }).distinct('kind')).toEqual(['seat']);
    expect((await Booking.findById(tomorrow.body.id).lean())?.status).toBe('booked');

    // The advisor's today list shows it served.
    const list = await ctx.http().get('/api/bookings/today').set(s.advisor.auth).expect(200);
    expect(list.body.items.map((b: { id: string; statusLabel: string }) => [b.id, b.statusLabel])).toEqual([
      [today.body.id, '已完工']
    ]);
  });
});

/**
 * GET /api/bookings/targets/:id — whose vehicle staff are about to book for (the booking page
 * opened from the workbench with a vehicle id only): only inside the caller's customer scope.
 */
import { Types } from 'mongoose';
import { startTestApp, type TestContext } from '../support/harness';
import { makeStaff } from '../support/factories';
import { errorCode, makeArchive, setupDealership, staffBook, useBookingClock } from './bookings-support';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await startTestApp();
});
afterAll(() => ctx.close());
useBookingClock();

test('the customer, vehicle and advisor of a vehicle in scope; another advisor’s or dealership’s vehicle is 404', async () => {
  const s = await setupDealership();
  const target = (who: { auth: Record<string, string> }, vehicleId: string) =>
    ctx.http().get(`/api/bookings/targets/${vehicleId}`).set(who.auth);

  const mine = await target(s.advisor, String(s.vehicle._id)).expect(200);
  expect(mine.body).toEqual({
    customer: { id: String(s.customer._id), name: '陈车主' },
    vehicle: { id: String(s.vehicle._id), plate: s.plate, title: expect.any(String) },
    advisor: { id: s.advisor.id, name: '王顾问' }
  });
  // The manager sees every vehicle of the store; the booking made with the answer works.
  await target(s.manager, String(s.vehicle._id)).expect(200);
  await staffBook(ctx, s.advisor, new Types.ObjectId(mine.body.customer.id), s.vehicle._id).expect(201);

  const notMine = await target(s.otherAdvisor, String(s.vehicle._id));
  expect([notMine.status, errorCode(notMine)]).toEqual([404, 'VEHICLE_NOT_FOUND']);
  const elsewhere = await setupDealership();
  const foreign = await target(elsewhere.manager, String(s.vehicle._id));
  expect([foreign.status, errorCode(foreign)]).toEqual([404, 'VEHICLE_NOT_FOUND']);
  const unknown = await target(s.manager, String(new Types.ObjectId()));
  expect([unknown.status, errorCode(unknown)]).toEqual([404, 'VEHICLE_NOT_FOUND']);
  expect((await target(s.manager, 'not-an-id')).status).toBe(400);

  // Marketing has no booking work; an unassigned archive has no advisor.
  const marketing = await makeStaff('marketing', s.dealership._id);
  expect((await target(marketing, String(s.vehicle._id))).status).toBe(403);
  const unassigned = await makeArchive(s.dealership._id, null, '吕车主');
  expect((await target(s.manager, String(unassigned.vehicle._id)).expect(200)).body.advisor).toBeNull();
});

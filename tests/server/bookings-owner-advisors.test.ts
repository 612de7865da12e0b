import { Types } from 'mongoose';
import { Staff } from '../../server/src/modules/staff/staff.model';
import { Customer } from '../../server/src/modules/customers/customer.model';
import { startTestApp, type TestContext } from '../support/harness';
import { loginOwner, makeStaff } from '../support/factories';
import { errorCode, ownerBook, ownerOf, setupDealership, useBookingClock } from './bookings-support';

/** GET /api/owner/bookings/advisors: who the owner may choose on the booking page. */
let ctx: TestContext;
beforeAll(async () => {
  ctx = await startTestApp();
});
afterAll(() => ctx.close());
useBookingClock();

const advisorsOf = (owner: { auth: Record<string, string> }, vehicleId: unknown) =>
  ctx
    .http()
    .get('/api/owner/bookings/advisors')
    .set(owner.auth)
    .query({ vehicleId: String(vehicleId) });

test("an owner sees the dealership's active advisors with their own as the default, and may book another", async () => {
  const s = await setupDealership();
  const owner = await ownerOf(ctx, s);
  const gone = await makeStaff('advisor', s.dealershipId, '退休顾问');
  await Staff.updateOne({ _id: new Types.ObjectId(gone.id) }, { $set: { disabled: true } });

  const res = await advisorsOf(owner, s.vehicle._id).expect(200);
  expect(res.body.ownAdvisorId).toBe(s.advisor.id);
  expect(res.body.items.map((a: { name: string }) => a.name).sort()).toEqual(['李顾问', '王顾问']);

  const booked = await ownerBook(ctx, owner, s.vehicle._id, { advisorId: s.otherAdvisor.id }).expect(201);
  expect(booked.body.advisor).toEqual({ id: s.otherAdvisor.id, name: '李顾问' });
});

test('without an advisor on the archive there is no default', async () => {
  const s = await setupDealership();
  await Customer.updateOne({ _id: s.customer._id }, { $set: { advisorId: null } });
  const owner = await ownerOf(ctx, s);
  const res = await advisorsOf(owner, s.vehicle._id).expect(200);
  expect(res.body.ownAdvisorId).toBeNull();
  expect(res.body.items).toHaveLength(2);
});

test("another owner's vehicle is 404, a bad id 400, staff 403, anonymous 401", async () => {
  const s = await setupDealership();
  await ownerOf(ctx, s);
  const stranger = await loginOwner(ctx);
  const other = await advisorsOf(stranger, s.vehicle._id);
  expect(other.status).toBe(404);
  expect(errorCode(other)).toBe('VEHICLE_NOT_FOUND');
  const bad = await advisorsOf(stranger, 'nope');
  expect(bad.status).toBe(400);
  expect(errorCode(bad)).toBe('VALIDATION_FAILED');
  expect((await advisorsOf(s.manager, s.vehicle._id)).status).toBe(403);
  expect(
    (
      await ctx
        .http()
        .get('/api/owner/bookings/advisors')
        .query({ vehicleId: String(s.vehicle._id) })
    ).status
  ).toBe(401);
});

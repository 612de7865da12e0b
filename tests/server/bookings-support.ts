import { Types } from 'mongoose';
import type { BookingSettings } from '@dealer/shared';
import { clock } from '../../server/src/lib/clock';
import { updateBookingSettings } from '../../server/src/modules/bookings/booking-settings.service';
import type { TestContext } from '../support/harness';
import {
  boundOwner,
  loginOwner,
  makeCustomer,
  makeDealership,
  makeStaff,
  makeVehicle,
  uniqueMobile,
  uniquePlate,
  uniqueVin
} from '../support/factories';

/** Test clock for booking tests: Monday 2026-12-07 08:00 in Shanghai unless a test moves it. */
export const shanghai = (date: string, time = '08:00') => new Date(`${date}T${time}:00+08:00`);
let now = shanghai('2026-12-07');
export const TODAY = '2026-12-07';
export const TOMORROW = '2026-12-08';
export function setNow(at: Date): void {
  now = at;
}
export function useBookingClock(): void {
  beforeAll(() => clock.set(() => now));
  beforeEach(() => setNow(shanghai(TODAY)));
  afterAll(() => clock.set(null));
}

export type Owner = Awaited<ReturnType<typeof loginOwner>>;

/** A dealership with two advisors, a manager, and an archive (advisor 王) with a vehicle. */
export async function setupDealership(settings: Partial<BookingSettings> = {}) {
  const dealership = await makeDealership('深圳预约测试4S店');
  const advisor = await makeStaff('advisor', dealership._id, '王顾问');
  const otherAdvisor = await makeStaff('advisor', dealership._id, '李顾问');
  const manager = await makeStaff('manager', dealership._id, '赵经理');
  if (Object.keys(settings).length) await updateBookingSettings(String(dealership._id), settings);
  const archive = await makeArchive(dealership._id, advisor.id);
  return { dealership, dealershipId: String(dealership._id), advisor, otherAdvisor, manager, ...archive };
}
export type Setup = Awaited<ReturnType<typeof setupDealership>>;

export async function makeArchive(dealershipId: Types.ObjectId, advisorId: string | null, name = '陈车主') {
  const mobile = uniqueMobile();
  const customer = await makeCustomer(dealershipId, {
    name,
    mobile,
    advisorId: advisorId ? new Types.ObjectId(advisorId) : null
  });
  const plate = uniquePlate();
  const vin = uniqueVin();
  const vehicle = await makeVehicle(customer, { plate, vin, mileageKm: 20000, mileageDate: '2026-06-01' });
  return { mobile, customer, vehicle, plate, vinTail: vin.slice(-6) };
}

/** An owner who bound with the archive's mobile and claimed its vehicle, as the mini-program does. */
export async function ownerOf(
  ctx: TestContext,
  s: { dealership: { code: string; _id: Types.ObjectId }; mobile: string; plate: string; vinTail: string }
): Promise<Owner> {
  const owner = await boundOwner(ctx, s.dealership.code, s.mobile);
  const claim = await ctx
    .http()
    .post('/api/owner/vehicles/claim')
    .set(owner.auth)
    .send({ dealershipId: String(s.dealership._id), plate: s.plate, vinLast6: s.vinTail })
    .expect(200);
  expect(claim.body.outcome).toBe('claimed');
  return owner;
}

export interface SlotChoice {
  serviceType?: string;
  day?: string;
  blockId?: string;
}

export const ownerBook = (
  ctx: TestContext,
  owner: Owner,
  vehicleId: Types.ObjectId | string,
  slot: SlotChoice & Record<string, unknown> = {}
) =>
  ctx
    .http()
    .post('/api/owner/bookings')
    .set(owner.auth)
    .send({
      vehicleId: String(vehicleId),
      serviceType: 'regular_maintenance',
      day: TOMORROW,
      blockId: '0830-1000',
      ...slot
    });

export const staffBook = (
  ctx: TestContext,
  who: { auth: Record<string, string> },
  customerId: Types.ObjectId,
  vehicleId: Types.ObjectId,
  slot: SlotChoice & Record<string, unknown> = {}
) =>
  ctx
    .http()
    .post('/api/bookings')
    .set(who.auth)
    .send({
      customerId: String(customerId),
      vehicleId: String(vehicleId),
      serviceType: 'regular_maintenance',
      day: TOMORROW,
      blockId: '0830-1000',
      ...slot
    });

export const errorCode = (res: { body: { error?: { code: string } } }) => res.body.error?.code;

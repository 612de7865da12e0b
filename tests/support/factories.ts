import { Types } from 'mongoose';
import { randomBytes } from 'node:crypto';
import { formatScene, type StaffRole } from '@dealer/shared';
import { clock } from '../../server/src/lib/clock';
import { createDealership } from '../../server/src/modules/dealerships/dealership.service';
import { createStaff } from '../../server/src/modules/staff/staff.service';
import { createSession } from '../../server/src/modules/sessions/session.service';
import { Customer } from '../../server/src/modules/customers/customer.model';
import { Vehicle } from '../../server/src/modules/vehicles/vehicle.model';
import { ServiceRecord } from '../../server/src/modules/vehicles/service-record.model';
import type { TestContext } from './harness';

/** Test data builders: every test makes its own data, nothing depends on order. */
const unique = () => randomBytes(3).toString('hex').toUpperCase();
let mobileSeq = Math.floor(Math.random() * 1e6);
export const uniqueMobile = () => `139${String(++mobileSeq % 1e8).padStart(8, '0')}`;
let plateSeq = Math.floor(Math.random() * 9e4);
export const uniquePlate = () => `粤B${String(10000 + (++plateSeq % 89999))}`;
export const uniqueVin = () => `LSVAU2180N${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`;

export async function makeDealership(name = '测试门店') {
  return createDealership({ code: `T${unique()}`, name });
}

export const TEST_PASSWORD = 'Passw0rd-test';

export interface StaffLogin {
  id: string;
  name: string;
  username: string;
  role: StaffRole;
  dealershipId: string | null;
  advisorCode: string;
  token: string;
  auth: { Authorization: string };
}

export async function makeStaff(
  role: StaffRole,
  dealershipId: string | Types.ObjectId | null,
  name?: string
): Promise<StaffLogin> {
  const dealer = role === 'group_admin' ? null : String(dealershipId);
  const staff = await createStaff({
    username: `u${unique().toLowerCase()}${unique().toLowerCase()}`,
    name: name ?? `${role}-${unique()}`,
    role,
    password: TEST_PASSWORD,
    dealershipId: dealer
  });
  return staffSession(staff);
}

/** A fresh 24-hour session for the staff member as of the clock's now (tests that move the clock by days). */
export async function staffSession(staff: Omit<StaffLogin, 'token' | 'auth'>): Promise<StaffLogin> {
  const token = await createSession(
    {
      kind: 'staff',
      subjectId: staff.id,
      role: staff.role,
      name: staff.name,
      dealershipId: staff.dealershipId
    },
    24
  );
  return { ...staff, token, auth: { Authorization: `Bearer ${token}` } };
}

export async function makeCustomer(
  dealershipId: string | Types.ObjectId,
  fields: Record<string, unknown> = {}
) {
  const now = clock.now();
  const _id = new Types.ObjectId();
  const mobile =
    (fields.mobile as string | null | undefined) === undefined
      ? uniqueMobile()
      : (fields.mobile as string | null);
  return Customer.create({
    _id,
    dealershipId,
    name: '测试客户',
    source: 'manual',
    createdAt: now,
    updatedAt: now,
    ...fields,
    mobile,
    mobileKey: mobile ?? `none:${_id}`
  });
}

export async function makeVehicle(
  customer: { _id: Types.ObjectId; dealershipId: Types.ObjectId },
  fields: Record<string, unknown> = {}
) {
  const now = clock.now();
  const plate = (fields.plate as string | undefined) ?? uniquePlate();
  const vin =
    (fields.vin as string | null | undefined) === undefined ? uniqueVin() : (fields.vin as string | null);
  return Vehicle.create({
    dealershipId: customer.dealershipId,
    customerId: customer._id,
    brand: '大众',
    series: '帕萨特',
    model: '2022款 330TSI',
    deliveryDate: '2024-03-01',
    usage: 'private',
    mileageKm: 20000,
    createdAt: now,
    updatedAt: now,
    ...fields,
    plate,
    vin,
    identityKey: vin ? `VIN:${vin}` : `PLATE:${plate}`
  });
}

export async function makeServiceRecord(
  vehicle: { _id: Types.ObjectId; dealershipId: Types.ObjectId; customerId: Types.ObjectId },
  fields: Record<string, unknown> = {}
) {
  const now = clock.now();
  return ServiceRecord.create({
    dealershipId: vehicle.dealershipId,
    vehicleId: vehicle._id,
    customerId: vehicle.customerId,
    roNumber: `RO${unique()}${unique()}`,
    serviceDate: '2025-06-01',
    type: 'regular_maintenance',
    amountFen: 68000,
    paid: true,
    mileageKm: 15000,
    createdAt: now,
    updatedAt: now,
    ...fields
  });
}

/** An owner logged in through the WeChat sandbox, as the mini-program does. */
export async function loginOwner(ctx: TestContext, openid?: string) {
  const { code, openid: id } = ctx.sandbox.state.mintLoginCode(openid ? { openid } : {});
  const res = await ctx.http().post('/api/auth/owner/login').send({ code }).expect(200);
  return {
    openid: id,
    ownerId: res.body.owner.id as string,
    token: res.body.token as string,
    auth: { Authorization: `Bearer ${res.body.token}` }
  };
}

export type OwnerLogin = Awaited<ReturnType<typeof loginOwner>>;

/**
 * A new owner logged in through the sandbox who scanned the dealership's QR code (with the
 * advisor's code when given) and bound with a phone code for `mobile`, as the mini-program does.
 */
export async function boundOwner(
  ctx: TestContext,
  dealerCode: string,
  mobile: string,
  advisorCode?: string
): Promise<OwnerLogin> {
  const owner = await loginOwner(ctx);
  const { code } = ctx.sandbox.state.mintPhoneCode({ phoneNumber: mobile, openid: owner.openid });
  await ctx
    .http()
    .post('/api/owner/bindings')
    .set(owner.auth)
    .send({ scene: formatScene(dealerCode, advisorCode), phoneCode: code })
    .expect(200);
  return owner;
}

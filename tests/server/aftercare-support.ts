import type { Types } from 'mongoose';
import { clock } from '../../server/src/lib/clock';
import { runJobNow } from '../../server/src/lib/jobs';
import type { TestContext } from '../support/harness';
import {
  makeCustomer,
  makeDealership,
  makeServiceRecord,
  makeStaff,
  makeVehicle
} from '../support/factories';
import { makeBoundCustomer, shanghai } from '../support/care-fixtures';

export { shanghai };

/** Runs the daily aftercare job for one dealership and day. */
export async function runAftercareDay(ctx: TestContext, date: string, dealershipId: Types.ObjectId | string) {
  const result = await runJobNow('aftercare-daily', {
    deps: ctx.deps,
    date,
    options: { dealership: String(dealershipId) }
  });
  expect(result.status).toBe('succeeded');
  return result;
}

export async function runEscalation(ctx: TestContext) {
  const result = await runJobNow('aftercare-escalation', { deps: ctx.deps });
  expect(result.status).toBe('succeeded');
  return result;
}

export const setNow = (at: Date) => clock.set(() => at);

export async function setupAftercare(name = '售后门店') {
  const dealership = await makeDealership(name);
  const manager = await makeStaff('manager', dealership._id, '王经理');
  const advisor = await makeStaff('advisor', dealership._id, '李顾问');
  const otherAdvisor = await makeStaff('advisor', dealership._id, '赵顾问');
  return { dealership, manager, advisor, otherAdvisor };
}

/** A customer with a vehicle and a repair order on `day`. */
export async function customerWithVisit(
  dealershipId: Types.ObjectId,
  day: string,
  fields: Record<string, unknown> = {},
  roFields: Record<string, unknown> = {}
) {
  const customer = await makeCustomer(dealershipId, fields);
  const vehicle = await makeVehicle(customer);
  const ro = await makeServiceRecord(vehicle, { serviceDate: day, advisorName: '李顾问', ...roFields });
  return { customer, vehicle, ro };
}

/** A bound owner (accepted the care template once) with a vehicle and a repair order on `day`. */
export async function ownerWithVisit(
  ctx: TestContext,
  dealershipId: Types.ObjectId,
  day: string,
  fields: Record<string, unknown> = {},
  accept: string[] = ['TPL_CARE']
) {
  const owner = await makeBoundCustomer(ctx, dealershipId, fields, { accept });
  const vehicle = await makeVehicle({ _id: owner.customerId, dealershipId });
  const ro = await makeServiceRecord(vehicle, { serviceDate: day, advisorName: '李顾问' });
  return { owner, vehicle, ro };
}

export const errorOf = (res: { body: { error?: { code: string; message: string } } }) => res.body.error;

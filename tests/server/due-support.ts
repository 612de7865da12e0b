import { Types } from 'mongoose';
import { clock } from '../../server/src/lib/clock';
import { DueEvent, type DueEventRecord } from '../../server/src/modules/due/due-event.model';
import {
  makeCustomer,
  makeDealership,
  makeServiceRecord,
  makeStaff,
  makeVehicle
} from '../support/factories';

/** Due tests judge from Monday 2026-12-07 (Asia/Shanghai) unless a test says otherwise. */
export const TODAY = '2026-12-07';
export const useDueClock = (): void => {
  beforeAll(() => clock.set(() => new Date(`${TODAY}T09:00:00+08:00`)));
  afterAll(() => clock.set(null));
};

/**
 * A dealership with an advisor and a tier-B customer whose 帕萨特 (delivered 2024-03-01) had
 * its 首保 on 2024-06-01 at 5,000 km and a 定保 on 2026-06-01 at 30,000 km. The vehicle's
 * own km (20,000) has no day: it is no reading.
 */
export async function dueFixture() {
  const dealership = await makeDealership('到期测试4S店');
  const dealershipId = String(dealership._id);
  const advisor = await makeStaff('advisor', dealership._id, '王顾问');
  const manager = await makeStaff('manager', dealership._id, '赵经理');
  const customer = await makeCustomer(dealership._id, {
    name: '陈车主',
    advisorId: new Types.ObjectId(advisor.id),
    tier: 'B'
  });
  const vehicle = await makeVehicle(customer, {
    deliveryDate: '2024-03-01',
    mileageKm: 20_000,
    mileageDate: null
  });
  await makeServiceRecord(vehicle, {
    type: 'first_maintenance',
    serviceDate: '2024-06-01',
    mileageKm: 5_000
  });
  await makeServiceRecord(vehicle, {
    type: 'regular_maintenance',
    serviceDate: '2026-06-01',
    mileageKm: 30_000
  });
  return { dealership, dealershipId, advisor, manager, customer, vehicle };
}

export const storedEvents = (vehicleId: Types.ObjectId, current?: boolean) =>
  DueEvent.find(current === undefined ? { vehicleId } : { vehicleId, current })
    .sort({ _id: 1 })
    .lean<DueEventRecord[]>();

import { Types } from 'mongoose';
import { randomBytes } from 'node:crypto';
import type { StaffRole } from '@dealer/shared';
import { createDealership } from '../../server/src/modules/dealerships/dealership.service';
import { createStaff } from '../../server/src/modules/staff/staff.service';
import { Customer } from '../../server/src/modules/customers/customer.model';
import { Vehicle } from '../../server/src/modules/vehicles/vehicle.model';
import { ServiceRecord } from '../../server/src/modules/vehicles/service-record.model';
import { Dealership } from '../../server/src/modules/dealerships/dealership.model';
import { generateDemoData } from './demo-data';

export const DEMO_DEALER_CODE = 'DEMO01';
/** The archive a demo visitor binds to from the H5 app (shown at start-up). */
export const DEMO_OWNER = {
  name: '张伟',
  mobile: '13800138000',
  plate: '粤AD12345',
  vin: 'LSVAU218XN2183294'
};

export interface DemoLogin {
  role: StaffRole;
  username: string;
  password: string;
  name: string;
}

const STAFF: Array<{ role: StaffRole; username: string; name: string }> = [
  { role: 'group_admin', username: 'admin', name: '集团管理员' },
  { role: 'manager', username: 'manager', name: '赵经理' },
  { role: 'marketing', username: 'marketing', name: '钱市场' },
  { role: 'advisor', username: 'advisor1', name: '王顾问' },
  { role: 'advisor', username: 'advisor2', name: '刘顾问' },
  { role: 'advisor', username: 'advisor3', name: '陈顾问' }
];

const newPassword = () => `Demo${randomBytes(6).toString('base64url')}9`;

/** Seeds the demo dealership unless one exists; returns the staff logins when it seeded. */
export async function seedDemo(options: { today: string; customers?: number }): Promise<DemoLogin[] | null> {
  if (await Dealership.exists({ code: DEMO_DEALER_CODE })) return null;
  const dealership = await createDealership({
    code: DEMO_DEALER_CODE,
    name: '广州瑞丰大众4S店',
    address: '广州市天河区黄埔大道西100号',
    phone: '020-88886666'
  });
  const logins: DemoLogin[] = [];
  const advisorIds: Types.ObjectId[] = [];
  for (const s of STAFF) {
    const password = newPassword();
    const staff = await createStaff({
      ...s,
      password,
      dealershipId: s.role === 'group_admin' ? null : String(dealership._id)
    });
    if (s.role === 'advisor') advisorIds.push(new Types.ObjectId(staff.id));
    logins.push({ ...s, password });
  }
  const data = generateDemoData({
    customers: options.customers ?? 300,
    advisors: advisorIds.length,
    today: options.today
  });
  Object.assign(data[0], { name: DEMO_OWNER.name, mobile: DEMO_OWNER.mobile });
  Object.assign(data[0].vehicles[0], { plate: DEMO_OWNER.plate, vin: DEMO_OWNER.vin });

  const now = new Date();
  const customers = [];
  const vehicles = [];
  const orders = [];
  const seenMobiles = new Set<string>();
  const seenVehicles = new Set<string>();
  for (const c of data) {
    if (seenMobiles.has(c.mobile)) continue;
    seenMobiles.add(c.mobile);
    const customerId = new Types.ObjectId();
    customers.push({
      _id: customerId,
      dealershipId: dealership._id,
      name: c.name,
      mobile: c.mobile,
      mobileKey: c.mobile,
      gender: c.gender,
      birthday: c.birthday,
      regionClass: c.regionClass,
      occupationClass: c.occupationClass,
      source: 'dms_import',
      tags: c.tags,
      advisorId: advisorIds[c.advisorIndex],
      consent: { marketing: c.consentMarketing, updatedAt: now },
      createdAt: now,
      updatedAt: now
    });
    for (const v of c.vehicles) {
      if (seenVehicles.has(v.vin) || seenVehicles.has(v.plate)) continue;
      seenVehicles.add(v.vin).add(v.plate);
      const vehicleId = new Types.ObjectId();
      const { orders: vehicleOrders, ...fields } = v;
      vehicles.push({
        _id: vehicleId,
        dealershipId: dealership._id,
        customerId,
        identityKey: `VIN:${v.vin}`,
        ...fields,
        createdAt: now,
        updatedAt: now
      });
      for (const o of vehicleOrders) {
        const advisorId = advisorIds[o.advisorIndex];
        const advisorName = STAFF.filter((s) => s.role === 'advisor')[o.advisorIndex].name;
        orders.push({
          dealershipId: dealership._id,
          vehicleId,
          customerId,
          ...o,
          advisorId,
          advisorName,
          createdAt: now,
          updatedAt: now
        });
      }
    }
  }
  await Customer.insertMany(customers, { ordered: false });
  await Vehicle.insertMany(vehicles, { ordered: false });
  for (let i = 0; i < orders.length; i += 1000)
    await ServiceRecord.insertMany(orders.slice(i, i + 1000), { ordered: false });
  return logins;
}

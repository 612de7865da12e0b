import { Types } from 'mongoose';
import { addDays } from '@dealer/shared/domain';
import { clock } from '../../server/src/lib/clock';
import { Booking } from '../../server/src/modules/bookings/booking.model';
import { DueEvent } from '../../server/src/modules/due/due-event.model';
import { ReminderSend } from '../../server/src/modules/reminders/reminder.model';
import type { TestContext } from '../support/harness';
import {
  makeCustomer,
  makeDealership,
  makeStaff,
  makeVehicle,
  uniquePlate,
  type StaffLogin
} from '../support/factories';
import { upload, waitForImport } from './imports-support';

/**
 * The hand-computed reminder funnel of docs/reminders.md ("Funnel and uplift", worked example):
 * regular-maintenance events due in March 2025 at one dealership, measured on 2025-04-20
 * with the default 30-day return window. Due events and reminders are seeded through their
 * models (to pin every case of the table); bookings go through the staff booking API, repair
 * orders through the DMS import API (whose hook serves the bookings they answer). The same
 * chain with due events from the real refresh and the reminder pushed through the API is
 * tests/server/reminders-funnel-chain.test.ts.
 */

export const TODAY = '2025-04-20';
export const shanghai = (date: string, time = '10:00') => new Date(`${date}T${time}:00+08:00`);
let now = shanghai(TODAY);
export function useFunnelClock(): void {
  beforeAll(() => clock.set(() => now));
  afterAll(() => clock.set(null));
}
const at = (date: string, time?: string) => {
  now = shanghai(date, time);
};

export interface EventSpec {
  dueDate: string;
  control?: boolean;
  current?: boolean;
  type?: 'regular_maintenance' | 'insurance';
  reminder?: 'sent' | 'inbox' | 'failed';
}

export interface FunnelVehicle {
  eventId: string;
  vehicleId: Types.ObjectId;
  customerId: Types.ObjectId;
  plate: string;
}

/** A customer of the advisor with a vehicle, its due event and (optionally) its reminder record. */
export async function seedDueEvent(
  dealershipId: Types.ObjectId,
  advisor: { id: string },
  spec: EventSpec
): Promise<FunnelVehicle> {
  const advisorId = new Types.ObjectId(advisor.id);
  const customer = await makeCustomer(dealershipId, { name: '漏斗车主', advisorId });
  const plate = uniquePlate();
  const vehicle = await makeVehicle(customer, { plate, vin: null, deliveryDate: '2023-03-01' });
  const type = spec.type ?? 'regular_maintenance';
  const occurrence = addDays(spec.dueDate, -181);
  const eventId = `${String(vehicle._id)}:${type}:${occurrence}`;
  await DueEvent.create({
    _id: eventId,
    dealershipId,
    vehicleId: vehicle._id,
    customerId: customer._id,
    advisorId,
    customerName: customer.name,
    plate,
    type,
    occurrence,
    dueDate: spec.dueDate,
    basis: 'time',
    status: 'overdue',
    remindFrom: addDays(spec.dueDate, -14),
    explanation: `约 ${spec.dueDate}`,
    controlGroup: spec.control ?? false,
    current: spec.current ?? true,
    computedOn: spec.dueDate,
    updatedAt: shanghai(spec.dueDate)
  });
  if (spec.reminder)
    await ReminderSend.create({
      _id: eventId,
      dealershipId,
      vehicleId: vehicle._id,
      customerId: customer._id,
      advisorId,
      type,
      dueDate: spec.dueDate,
      by: 'run',
      channel: spec.reminder === 'inbox' ? 'inbox' : 'subscribe',
      outcome: spec.reminder,
      sentAt: shanghai(addDays(spec.dueDate, -14), '09:00')
    });
  return { eventId, vehicleId: vehicle._id, customerId: customer._id, plate };
}

async function staffBooking(
  ctx: TestContext,
  manager: StaffLogin,
  v: FunnelVehicle,
  madeOn: string,
  day: string
): Promise<string> {
  at(madeOn, '10:00');
  const res = await ctx
    .http()
    .post('/api/bookings')
    .set(manager.auth)
    .send({
      customerId: String(v.customerId),
      vehicleId: String(v.vehicleId),
      serviceType: 'regular_maintenance',
      day,
      blockId: '1330-1500'
    })
    .expect(201);
  return res.body.id as string;
}

export interface RepairOrder {
  v: { plate: string };
  date: string;
  kind?: '定期保养' | '一般维修';
  payer?: '客户付费' | '内部';
}

/** Repair orders through the DMS import API (one CSV), all expected to be created. */
export async function importRepairOrders(ctx: TestContext, manager: StaffLogin, orders: RepairOrder[]) {
  const lines = ['工单号,车牌号,进厂日期,维修类型,结算金额,付费类型'];
  orders.forEach((o, i) =>
    lines.push(
      [
        `RO-F${i + 1}-${o.date.replaceAll('-', '')}-${o.v.plate}`,
        o.v.plate,
        o.date,
        o.kind ?? '定期保养',
        '680',
        o.payer ?? '客户付费'
      ].join(',')
    )
  );
  const res = await upload(
    ctx,
    manager.auth,
    { name: 'repair-orders.csv', bytes: Buffer.from(lines.join('\r\n'), 'utf8') },
    {
      kind: 'repair_orders'
    }
  );
  expect(res.status).toBe(202);
  const job = await waitForImport(ctx, manager.auth, res.body.id as string);
  expect(job.counts).toEqual({ created: orders.length, updated: 0, unchanged: 0, failed: 0 });
}

/** Builds the worked example; see docs/reminders.md for the table of expected stages. */
export async function buildFunnelExample(ctx: TestContext) {
  const dealership = await makeDealership('漏斗测试4S店');
  const dealershipId = dealership._id;
  const wang = await makeStaff('advisor', dealershipId, '王顾问');
  const li = await makeStaff('advisor', dealershipId, '李顾问');
  const manager = await makeStaff('manager', dealershipId, '赵经理');
  const marketing = await makeStaff('marketing', dealershipId, '钱市场');
  const advisors = { wang, li };
  const seed = ({ advisor, ...spec }: EventSpec & { advisor: 'wang' | 'li' }) =>
    seedDueEvent(dealershipId, advisors[advisor], spec);

  // Reminded group (not in the control group).
  const e1 = await seed({ advisor: 'wang', dueDate: '2025-03-10', reminder: 'sent', current: false });
  const e2 = await seed({ advisor: 'wang', dueDate: '2025-03-12', reminder: 'inbox' });
  const e3 = await seed({ advisor: 'wang', dueDate: '2025-03-15', reminder: 'sent' });
  const e4 = await seed({ advisor: 'wang', dueDate: '2025-03-20', reminder: 'sent' });
  await seed({ advisor: 'li', dueDate: '2025-03-25', reminder: 'failed' }); // E5
  const e6 = await seed({ advisor: 'li', dueDate: '2025-03-28', reminder: 'sent' });
  await seed({ advisor: 'li', dueDate: '2025-03-31', reminder: 'sent' }); // E7
  const e8 = await seed({ advisor: 'wang', dueDate: '2025-03-05', current: false });
  // Not in March's cohort: due in April; an insurance renewal.
  const e9 = await seed({ advisor: 'li', dueDate: '2025-04-02', reminder: 'sent' });
  await seed({ advisor: 'li', dueDate: '2025-03-15', type: 'insurance', reminder: 'sent' });
  // Control group.
  const c1 = await seed({ advisor: 'wang', dueDate: '2025-03-10', control: true });
  await seed({ advisor: 'wang', dueDate: '2025-03-12', control: true }); // C2
  const c3 = await seed({ advisor: 'li', dueDate: '2025-03-18', control: true });
  await seed({ advisor: 'li', dueDate: '2025-03-30', control: true }); // C4
  const c5 = await seed({ advisor: 'li', dueDate: '2025-03-08', control: true });
  await seed({ advisor: 'wang', dueDate: '2025-03-20', control: true }); // C6: window to 04-19, missed

  // Bookings through the staff API, each made on its own day.
  await staffBooking(ctx, manager, e2, '2025-03-01', '2025-03-13'); // booked, never came
  const e1Booking = await staffBooking(ctx, manager, e1, '2025-03-05', '2025-03-08');
  await staffBooking(ctx, manager, e6, '2025-03-20', '2025-03-28');
  at('2025-03-08', '13:40');
  await ctx.http().post(`/api/bookings/${e1Booking}/arrived`).set(manager.auth).send({}).expect(200);

  // Repair orders imported from the DMS, as of today.
  at(TODAY);
  await importRepairOrders(ctx, manager, [
    { v: e1, date: '2025-03-08' }, // before its due day, after remindFrom (02-24): returned
    { v: e3, date: '2025-04-14' }, // walk-in on day 30: returned
    { v: e4, date: '2025-03-25', kind: '一般维修' }, // a repair is not maintenance
    { v: e4, date: '2025-04-20' }, // day 31: too late
    { v: e6, date: '2025-03-28' }, // the booked day: served and returned
    { v: e8, date: '2025-02-01' }, // before remindFrom (02-19): left out
    { v: e9, date: '2025-04-03' },
    { v: c1, date: '2025-03-20' },
    { v: c3, date: '2025-03-19', payer: '内部' }, // unpaid: not a return
    { v: c5, date: '2025-02-25' } // after remindFrom (02-22): returned
  ]);
  // The import's hook served the bookings its repair orders answer: E1 (arrived) and E6.
  const served = await Booking.find({ dealershipId, status: 'served' }, { vehicleId: 1 }).lean();
  expect(served.map((b) => String(b.vehicleId)).sort()).toEqual(
    [String(e1.vehicleId), String(e6.vehicleId)].sort()
  );

  return { dealership, dealershipId: String(dealershipId), wang, li, manager, marketing };
}

import { Types } from 'mongoose';
import { clock } from '../../server/src/lib/clock';
import { Booking } from '../../server/src/modules/bookings/booking.model';
import { DueEvent } from '../../server/src/modules/due/due-event.model';
import { refreshDealershipDue } from '../../server/src/modules/due/due-refresh.service';
import { loadDueSettings, replaceDueSettings } from '../../server/src/modules/due/due-settings.service';
import {
  makeCustomer,
  makeDealership,
  makeStaff,
  staffSession,
  makeVehicle,
  uniqueMobile,
  uniquePlate,
  uniqueVin
} from '../support/factories';
import { startTestApp, type TestContext } from '../support/harness';
import { ownerOf } from './bookings-support';
import { importRepairOrders, shanghai } from './reminders-funnel.fixture';
import { reminderPath } from './reminders-support';

/**
 * Attribution with every real part (docs/reminders.md "Funnel and uplift"): repair orders
 * through the DMS import API, due events from the real refresh, the reminder pushed by the
 * advisor through the API, the booking made by the owner through the owner API, the advisor
 * marking the arrival, the repair order of the visit imported (the import hook marks the
 * booking served and refreshes the vehicle's due events), then the funnel API.
 *
 * Hand-computed: 定保 2024-09-14 → due 2025-03-14 (6 months, by time: no odometer figures),
 * reminder window from 02-28, return window to 04-13; 定保 2024-09-12 → due 03-12, window
 * 02-26 … 04-11. Measured on 2025-04-20: 李 came back (reminded, booked, arrived, returned),
 * 周 did not (reminded, missed). Return rate 1 / 2.
 */

let ctx: TestContext;
let now = shanghai('2025-03-01');
const at = (date: string, time = '10:00') => {
  now = shanghai(date, time);
};
beforeAll(async () => {
  ctx = await startTestApp();
  clock.set(() => now);
});
afterAll(() => {
  clock.set(null);
  return ctx.close();
});

async function archive(dealershipId: Types.ObjectId, advisorId: string, name: string) {
  const mobile = uniqueMobile();
  const customer = await makeCustomer(dealershipId, {
    name,
    mobile,
    advisorId: new Types.ObjectId(advisorId)
  });
  const plate = uniquePlate();
  const vin = uniqueVin();
  // No delivery day and no odometer: maintenance falls due by time alone.
  const vehicle = await makeVehicle(customer, { plate, vin, deliveryDate: null, mileageKm: null });
  return { mobile, customer, vehicle, plate, vinTail: vin.slice(-6) };
}

test('due → reminded → booked → arrived → repair order imported → returned, in the funnel', async () => {
  at('2025-03-01', '09:00');
  const dealership = await makeDealership('归因测试4S店');
  const dealershipId = String(dealership._id);
  let advisor = await makeStaff('advisor', dealership._id, '王顾问');
  let manager = await makeStaff('manager', dealership._id, '赵经理');
  // No control group here: both vehicles are in the reminded column.
  await replaceDueSettings(dealershipId, {
    ...(await loadDueSettings(dealershipId)),
    controlGroupPercent: 0
  });
  const li = await archive(dealership._id, advisor.id, '李车主');
  const zhou = await archive(dealership._id, advisor.id, '周车主');
  const liOwner = await ownerOf(ctx, { dealership, ...li });
  await ownerOf(ctx, { dealership, ...zhou });

  await importRepairOrders(ctx, manager, [
    { v: li, date: '2024-09-14' },
    { v: zhou, date: '2024-09-12' }
  ]);
  await refreshDealershipDue(dealershipId, '2025-03-01');
  const events = await DueEvent.find({ dealershipId: dealership._id, current: true })
    .sort({ dueDate: 1 })
    .lean();
  expect(events.map((e) => [String(e.vehicleId), e.type, e.dueDate, e.remindFrom])).toEqual([
    [String(zhou.vehicle._id), 'regular_maintenance', '2025-03-12', '2025-02-26'],
    [String(li.vehicle._id), 'regular_maintenance', '2025-03-14', '2025-02-28']
  ]);

  // The advisor reminds both from the workbench (bound owners without a subscribe consent: inbox).
  const bench = await ctx.http().get('/api/reminders/workbench').set(advisor.auth).expect(200);
  expect(bench.body.items.map((i: { dueEventId: string }) => i.dueEventId)).toEqual(events.map((e) => e._id));
  for (const e of events) {
    const pushed = await ctx
      .http()
      .post(reminderPath(e._id, 'remind'))
      .set(advisor.auth)
      .send({})
      .expect(200);
    expect(pushed.body).toMatchObject({ outcome: 'inbox' });
  }

  // 李 books from the reminder on 03-02 for 03-05, arrives, is served.
  at('2025-03-02');
  const booked = await ctx
    .http()
    .post('/api/owner/bookings')
    .set(liOwner.auth)
    .send({
      vehicleId: String(li.vehicle._id),
      serviceType: 'regular_maintenance',
      day: '2025-03-05',
      blockId: '0830-1000'
    })
    .expect(201);
  at('2025-03-05', '08:40');
  advisor = await staffSession(advisor);
  await ctx.http().post(`/api/bookings/${booked.body.id}/arrived`).set(advisor.auth).send({}).expect(200);
  at('2025-03-06');
  manager = await staffSession(manager);
  await importRepairOrders(ctx, manager, [{ v: li, date: '2025-03-05' }]);
  expect(await Booking.findById(booked.body.id, { status: 1 }).lean()).toMatchObject({ status: 'served' });
  // The visit restarted 李's maintenance clock: the reminded event is superseded, not deleted.
  expect(await DueEvent.findById(events[1]._id, { current: 1 }).lean()).toMatchObject({ current: false });

  at('2025-04-20');
  manager = await staffSession(manager);
  const res = await ctx
    .http()
    .get('/api/reminders/funnel?from=2025-03-01&to=2025-03-31')
    .set(manager.auth)
    .expect(200);
  expect(res.body.funnel).toEqual({
    due: 2,
    reminded: 2,
    booked: 1,
    arrived: 1,
    returned: 1,
    missed: 1,
    pending: 0,
    returnRate: 0.5
  });
  expect(res.body.control).toMatchObject({ due: 0, returned: 0, missed: 0, pending: 0, returnRate: null });
});

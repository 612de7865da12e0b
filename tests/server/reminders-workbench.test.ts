import { Types } from 'mongoose';
import type { WorkbenchItem } from '@dealer/shared';
import { startTestApp, type TestContext } from '../support/harness';
import { makeDealership, makeServiceRecord, makeStaff, type StaffLogin } from '../support/factories';
import { customerWithVehicle, dayFrom, reminderPath, seedBooking, seedDueEvent } from './reminders-support';

/** The workbench: which events it lists, their states (docs/reminders.md "Workbench"), order, filters, scope. */
let ctx: TestContext;
beforeAll(async () => {
  ctx = await startTestApp();
});
afterAll(() => ctx.close());

interface Fixture {
  dealershipId: Types.ObjectId;
  advisor: StaffLogin;
  other: StaffLogin;
  manager: StaffLogin;
  /** Expected state by due event id. */
  expected: Map<string, string>;
  hidden: string[];
}

async function fixture(): Promise<Fixture> {
  const d = await makeDealership('工作台门店');
  const advisor = await makeStaff('advisor', d._id, '顾问甲');
  const other = await makeStaff('advisor', d._id, '顾问乙');
  const manager = await makeStaff('manager', d._id);
  const expected = new Map<string, string>();
  const hidden: string[] = [];
  const mine = async () => customerWithVehicle(d._id, advisor.id);
  const add = async (state: string, setup: (v: Awaited<ReturnType<typeof mine>>) => Promise<string>) => {
    const v = await mine();
    expected.set(await setup(v), state);
  };

  await add(
    'due_soon',
    async ({ customer, vehicle }) => (await seedDueEvent(vehicle, customer, { dueIn: 5, tier: 'C' }))._id
  );
  await add(
    'overdue',
    async ({ customer, vehicle }) => (await seedDueEvent(vehicle, customer, { dueIn: -3 }))._id
  );
  await add('booked', async ({ customer, vehicle }) => {
    const e = await seedDueEvent(vehicle, customer, { dueIn: 4 });
    await seedBooking(vehicle, dayFrom(2), 'booked');
    // A cancelled booking and a booking of another kind change nothing.
    await seedBooking(vehicle, dayFrom(1), 'cancelled');
    return e._id;
  });
  await add('arrived', async ({ customer, vehicle }) => {
    const e = await seedDueEvent(vehicle, customer, { dueIn: 1 });
    await seedBooking(vehicle, dayFrom(0), 'arrived');
    return e._id;
  });
  await add('returned', async ({ customer, vehicle }) => {
    const e = await seedDueEvent(vehicle, customer, { dueIn: 2, tier: 'B' });
    await makeServiceRecord(vehicle, { serviceDate: dayFrom(-1), type: 'regular_maintenance', paid: true });
    return e._id;
  });
  await add('lost', async ({ customer, vehicle }) => {
    const e = await seedDueEvent(vehicle, customer, { dueIn: -40 });
    // An unpaid visit and a visit of another kind in the window are no return.
    await makeServiceRecord(vehicle, { serviceDate: dayFrom(-35), type: 'regular_maintenance', paid: false });
    await makeServiceRecord(vehicle, { serviceDate: dayFrom(-30), type: 'general_repair', paid: true });
    return e._id;
  });
  await add('returned', async ({ customer, vehicle }) => {
    // Serviced and refreshed: the replaced event stays listed while its window is open.
    const e = await seedDueEvent(vehicle, customer, { dueIn: -5, current: false, tier: 'A' });
    await makeServiceRecord(vehicle, { serviceDate: dayFrom(-6), type: 'regular_maintenance', paid: true });
    await seedDueEvent(vehicle, customer, { dueIn: 170 });
    return e._id;
  });
  await add(
    'due_soon',
    async ({ customer, vehicle }) =>
      (await seedDueEvent(vehicle, customer, { dueIn: 20, type: 'insurance', tier: 'A', controlGroup: true }))
        ._id
  );
  // Not listed: the window has not opened; replaced without a return; another advisor's.
  const later = await mine();
  hidden.push((await seedDueEvent(later.vehicle, later.customer, { dueIn: 40 }))._id);
  const replaced = await mine();
  hidden.push((await seedDueEvent(replaced.vehicle, replaced.customer, { dueIn: -2, current: false }))._id);
  const theirs = await customerWithVehicle(d._id, other.id);
  hidden.push((await seedDueEvent(theirs.vehicle, theirs.customer, { dueIn: 3 }))._id);
  return { dealershipId: d._id, advisor, other, manager, expected, hidden };
}

const list = async (login: StaffLogin, query: Record<string, string | number> = {}) =>
  (await ctx.http().get('/api/reminders/workbench').query(query).set(login.auth).expect(200)).body as {
    items: WorkbenchItem[];
    total: number;
  };

let f: Fixture;
beforeAll(async () => {
  f = await fixture();
});

describe('the advisor workbench', () => {
  test('lists the advisor’s open events with the state each one is in', async () => {
    const { items, total } = await list(f.advisor, { pageSize: 50 });
    expect(total).toBe(f.expected.size);
    expect(new Map(items.map((i) => [i.dueEventId, i.state]))).toEqual(f.expected);
    for (const id of f.hidden) expect(items.map((i) => i.dueEventId)).not.toContain(id);
  });

  test('A/B tiers first, then by due day', async () => {
    const { items } = await list(f.advisor, { pageSize: 50 });
    const tiers = items.map((i) => i.tier);
    const firstOther = tiers.findIndex((t) => t !== 'A' && t !== 'B');
    expect(tiers.slice(0, firstOther).sort()).toEqual(['A', 'A', 'B']);
    expect(tiers.slice(firstOther).every((t) => t !== 'A' && t !== 'B')).toBe(true);
    const rest = items.slice(firstOther).map((i) => i.dueDate);
    expect(rest).toEqual([...rest].sort());
  });

  test('each item tells binding, consents, control group, due status and no-shows', async () => {
    const { items } = await list(f.advisor, { pageSize: 50 });
    const control = items.find((i) => i.controlGroup);
    expect(control).toMatchObject({ type: 'insurance', tier: 'A', dueStatus: 'due_soon', daysLeft: 20 });
    const overdue = items.find((i) => i.state === 'overdue')!;
    expect(overdue).toMatchObject({
      title: '定期保养 · 已逾期',
      daysLeft: -3,
      owner: { bound: false, consentsLeft: 0 },
      reminder: null,
      lastCall: null,
      noShows: 0,
      bookingServiceType: 'regular_maintenance',
      advisor: { id: f.advisor.id, name: '顾问甲' }
    });
    expect(overdue.explanation).toContain('公里');
  });

  test('filters by state and by type', async () => {
    expect((await list(f.advisor, { state: 'lost' })).items.map((i) => i.state)).toEqual(['lost']);
    expect((await list(f.advisor, { state: 'returned' })).total).toBe(2);
    expect((await list(f.advisor, { state: 'reminded' })).total).toBe(0);
    const insurance = await list(f.advisor, { type: 'insurance' });
    expect(insurance.items.map((i) => i.type)).toEqual(['insurance']);
  });

  test('pages keep the order', async () => {
    const all = (await list(f.advisor, { pageSize: 50 })).items.map((i) => i.dueEventId);
    const first = (await list(f.advisor, { pageSize: 3, page: 1 })).items.map((i) => i.dueEventId);
    const second = (await list(f.advisor, { pageSize: 3, page: 2 })).items.map((i) => i.dueEventId);
    expect([...first, ...second]).toEqual(all.slice(0, 6));
  });

  test('a call and a no-show show on the item; a push moves it to reminded', async () => {
    const { items } = await list(f.advisor, { state: 'overdue' });
    const item = items[0];
    await seedBooking(
      {
        _id: new Types.ObjectId(item.vehicle.id),
        dealershipId: f.dealershipId,
        customerId: new Types.ObjectId(item.customer.id)
      },
      dayFrom(-60),
      'no_show'
    );
    await ctx
      .http()
      .post(reminderPath(item.dueEventId, 'calls'))
      .set(f.advisor.auth)
      .send({ outcome: 'no_answer', note: '下午再打' })
      .expect(201);
    await ctx.http().post(reminderPath(item.dueEventId, 'remind')).set(f.advisor.auth).expect(200);
    const after = (await list(f.advisor, { pageSize: 50 })).items.find(
      (i) => i.dueEventId === item.dueEventId
    )!;
    expect(after).toMatchObject({
      state: 'reminded',
      noShows: 1,
      lastCall: { outcome: 'no_answer', note: '下午再打', staff: { id: f.advisor.id } },
      reminder: { by: 'staff', channel: 'task', outcome: 'task' }
    });
    f.expected.set(item.dueEventId, 'reminded');
  });
});

describe('scope', () => {
  test('another advisor sees only their own; the manager sees everyone and filters by advisor', async () => {
    const theirs = await list(f.other);
    expect(theirs.total).toBe(1);
    expect(theirs.items[0].advisor?.id).toBe(f.other.id);
    const all = await list(f.manager, { pageSize: 50 });
    expect(all.total).toBe(f.expected.size + 1);
    const one = await list(f.manager, { advisorId: f.advisor.id, pageSize: 50 });
    expect(one.total).toBe(f.expected.size);
  });

  test('an advisor’s advisorId filter cannot widen their scope', async () => {
    const res = await list(f.advisor, { advisorId: f.other.id, pageSize: 50 });
    expect(res.items.every((i) => i.advisor?.id === f.advisor.id)).toBe(true);
  });

  test('another advisor’s or dealership’s event: 404 for push and call, nothing written', async () => {
    const [id] = [...f.expected.keys()];
    const elsewhere = await makeDealership('别家门店');
    const foreignManager = await makeStaff('manager', elsewhere._id);
    for (const login of [f.other, foreignManager]) {
      const push = await ctx.http().post(reminderPath(id, 'remind')).set(login.auth).expect(404);
      expect(push.body.error.code).toBe('DUE_EVENT_NOT_FOUND');
      await ctx
        .http()
        .post(reminderPath(id, 'calls'))
        .set(login.auth)
        .send({ outcome: 'no_answer' })
        .expect(404);
    }
    const item = (await list(f.advisor, { pageSize: 50 })).items.find((i) => i.dueEventId === id)!;
    expect(item.lastCall).toBeNull();
    // A manager naming another dealership's advisor sees none of that advisor's events.
    const foreignAdvisor = await makeStaff('advisor', elsewhere._id);
    const foreign = await customerWithVehicle(elsewhere._id, foreignAdvisor.id);
    await seedDueEvent(foreign.vehicle, foreign.customer, { dueIn: 1 });
    expect((await list(f.manager, { advisorId: foreignAdvisor.id })).total).toBe(0);
    expect((await list(foreignAdvisor)).total).toBe(1);
    // Another dealership named in the query: refused.
    await ctx
      .http()
      .get('/api/reminders/workbench')
      .query({ dealershipId: String(elsewhere._id) })
      .set(f.manager.auth)
      .expect(403);
  });

  test('a group admin names the dealership', async () => {
    const admin = await makeStaff('group_admin', null);
    const res = await ctx.http().get('/api/reminders/workbench').set(admin.auth).expect(400);
    expect(res.body.error.code).toBe('DEALERSHIP_REQUIRED');
    const ok = await list(admin, { dealershipId: String(f.dealershipId), pageSize: 50 });
    expect(ok.total).toBe(f.expected.size + 1);
  });
});

describe('bad input', () => {
  test('bad filters and ids answer 400', async () => {
    for (const query of [
      { state: 'nope' },
      { type: 'oil' },
      { advisorId: 'x' },
      { page: 0 },
      { pageSize: 1000 }
    ])
      await ctx.http().get('/api/reminders/workbench').query(query).set(f.manager.auth).expect(400);
    await ctx.http().post('/api/reminders/not-an-id/remind').set(f.manager.auth).expect(400);
  });

  test('call log: outcome, note length and callBackOn are checked', async () => {
    const [id] = [...f.expected.keys()];
    const post = (body: object) => ctx.http().post(reminderPath(id, 'calls')).set(f.advisor.auth).send(body);
    await post({ outcome: 'maybe' }).expect(400);
    await post({ outcome: 'no_answer', note: '长'.repeat(501) }).expect(400);
    await post({ outcome: 'call_back' }).expect(400);
    await post({ outcome: 'no_answer', callBackOn: dayFrom(1) }).expect(400);
    await post({ outcome: 'call_back', callBackOn: dayFrom(-1) }).expect(400);
    await post({ outcome: 'no_answer', extra: 1 }).expect(400);
    const ok = await post({ outcome: 'call_back', callBackOn: dayFrom(2), note: '周末再联系' }).expect(201);
    expect(ok.body).toMatchObject({
      outcome: 'call_back',
      callBackOn: dayFrom(2),
      staff: { id: f.advisor.id }
    });
    const calls = await ctx.http().get(reminderPath(id, 'calls')).set(f.manager.auth).expect(200);
    expect(calls.body.items).toHaveLength(1);
  });
});

import { Types } from 'mongoose';
import { clock } from '../../server/src/lib/clock';
import { runJobNow } from '../../server/src/lib/jobs';
import { Contact } from '../../server/src/modules/contacts/contact.model';
import { Customer } from '../../server/src/modules/customers/customer.model';
import { CareDispatch } from '../../server/src/modules/care/care-dispatch.model';
import { dispatchesWithStatus } from '../../server/src/modules/care/care-dispatch.service';
import { startTestApp, type TestContext } from '../support/harness';
import { makeCustomer, makeDealership, makeStaff } from '../support/factories';
import { CARE_SANDBOX_TEMPLATES, onlyRules, shanghai } from '../support/care-fixtures';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await startTestApp({}, { templates: CARE_SANDBOX_TEMPLATES });
});
afterAll(() => ctx.close());
afterEach(() => clock.set(null));

const run = (date: string, dealershipId: Types.ObjectId, time = '08:00') => {
  clock.set(() => shanghai(date, time));
  return runJobNow('care-daily', { deps: ctx.deps, date, options: { dealership: String(dealershipId) } });
};

describe('advisor care tasks', () => {
  test('quarterly calls for A/B customers: the advisor sees their own, the manager all; done logs the contact once', async () => {
    const dealership = await makeDealership();
    await onlyRules(dealership._id, 'quarterly_call');
    const wang = await makeStaff('advisor', dealership._id, '王顾问');
    const li = await makeStaff('advisor', dealership._id, '李顾问');
    const manager = await makeStaff('manager', dealership._id);
    const a = await makeCustomer(dealership._id, {
      name: 'A客户',
      tier: 'A',
      advisorId: new Types.ObjectId(wang.id)
    });
    await makeCustomer(dealership._id, { name: 'B客户', tier: 'B', advisorId: new Types.ObjectId(li.id) });
    await makeCustomer(dealership._id, { name: 'B无顾问', tier: 'B' });
    await makeCustomer(dealership._id, { name: 'C客户', tier: 'C', advisorId: new Types.ObjectId(wang.id) });
    await makeCustomer(dealership._id, { name: '未分级' });

    await run('2025-03-31', dealership._id); // not a quarter start
    expect(await CareDispatch.countDocuments({ dealershipId: dealership._id })).toBe(0);
    await run('2025-04-01', dealership._id);
    await run('2025-04-01', dealership._id);

    const mine = await ctx.http().get('/api/tasks').set(wang.auth).expect(200);
    expect(mine.body.items.map((t: { customer: { name: string } }) => t.customer.name)).toEqual(['A客户']);
    expect(mine.body.items[0]).toMatchObject({
      kind: 'quarterly_call',
      title: '季度回访：A客户',
      status: 'open',
      occasionDate: '2025-04-01',
      dueDate: '2025-05-01'
    });
    const all = await ctx.http().get('/api/tasks').query({ status: 'open' }).set(manager.auth).expect(200);
    expect(all.body.items.map((t: { customer: { name: string } }) => t.customer.name).sort()).toEqual([
      'A客户',
      'B客户',
      'B无顾问'
    ]);
    expect(
      (await dispatchesWithStatus({ dealershipId: dealership._id })).every((d) => d.status === 'task_created')
    ).toBe(true);

    const taskId = mine.body.items[0].id as string;
    // Another advisor can neither see nor close it.
    expect(
      (
        await ctx
          .http()
          .post(`/api/tasks/${taskId}/done`)
          .set(li.auth)
          .send({ outcome: '已联系', channel: 'phone' })
      ).status
    ).toBe(404);
    expect(
      (
        await ctx
          .http()
          .post(`/api/tasks/${taskId}/done`)
          .set(wang.auth)
          .send({ outcome: '', channel: 'phone' })
      ).status
    ).toBe(400);
    const [first, second] = await Promise.all([
      ctx
        .http()
        .post(`/api/tasks/${taskId}/done`)
        .set(wang.auth)
        .send({ outcome: '客户满意，预约下月保养', note: '电话15分钟', channel: 'phone' }),
      ctx
        .http()
        .post(`/api/tasks/${taskId}/done`)
        .set(wang.auth)
        .send({ outcome: '客户满意，预约下月保养', note: '电话15分钟', channel: 'phone' })
    ]);
    expect([first.status, second.status].sort()).toEqual([200, 409]);
    const done = first.status === 200 ? first.body : second.body;
    expect(done).toMatchObject({ status: 'done', outcome: '客户满意，预约下月保养' });
    const contacts = await Contact.find({ customerId: a._id }).lean();
    expect(contacts.map((c) => [c.channel, c.purpose, c.outcome, c.note])).toEqual([
      ['phone', 'care', '客户满意，预约下月保养', '电话15分钟']
    ]);
    expect((await ctx.http().get('/api/tasks').set(wang.auth).expect(200)).body.total).toBe(0);
    expect(
      (await ctx.http().get('/api/tasks').query({ status: 'done' }).set(wang.auth).expect(200)).body.total
    ).toBe(1);
  });

  test('holiday visits come 7 days before 春节, due on the day', async () => {
    const dealership = await makeDealership();
    await onlyRules(dealership._id, 'visit:spring_festival');
    const manager = await makeStaff('manager', dealership._id);
    await makeCustomer(dealership._id, { name: '重点', tier: 'A' });
    await makeCustomer(dealership._id, { name: '普通', tier: 'D' });
    await run('2026-02-09', dealership._id);
    expect((await ctx.http().get('/api/tasks').set(manager.auth).expect(200)).body.total).toBe(0);
    await run('2026-02-10', dealership._id); // 春节 2026 is 17 February
    const tasks = (await ctx.http().get('/api/tasks').set(manager.auth).expect(200)).body.items;
    expect(
      tasks.map((t: { customer: { name: string }; kind: string; dueDate: string; note: string }) => [
        t.customer.name,
        t.kind,
        t.dueDate,
        t.note
      ])
    ).toEqual([['重点', 'holiday_visit', '2026-02-17', '春节前拜访或致电重点客户，送上节日祝福。']]);
  });

  test('an at-risk customer gets one win-back task per at-risk episode', async () => {
    const dealership = await makeDealership();
    await onlyRules(dealership._id, 'winback');
    const manager = await makeStaff('manager', dealership._id);
    const c = await makeCustomer(dealership._id, {
      name: '准流失',
      lifecycle: 'at_risk',
      lastPaidServiceDate: '2024-09-01'
    });
    await makeCustomer(dealership._id, {
      name: '忠诚',
      lifecycle: 'loyal',
      lastPaidServiceDate: '2025-03-01'
    });
    await run('2025-03-10', dealership._id);
    await run('2025-03-11', dealership._id);
    let tasks = (await ctx.http().get('/api/tasks').set(manager.auth).expect(200)).body.items;
    expect(tasks.map((t: { customer: { name: string }; kind: string }) => [t.customer.name, t.kind])).toEqual(
      [['准流失', 'winback_call']]
    );
    // Came back, then at risk again later: a new episode, a new task.
    await Customer.updateOne({ _id: c._id }, { $set: { lastPaidServiceDate: '2025-04-01' } });
    await run('2025-11-01', dealership._id);
    tasks = (await ctx.http().get('/api/tasks').set(manager.auth).expect(200)).body.items;
    expect(tasks.map((t: { occasionDate: string }) => t.occasionDate).sort()).toEqual([
      '2024-09-01',
      '2025-04-01'
    ]);
  });
});

import type { Types } from 'mongoose';
import { op } from '../../server/src/lib/query';
import { Notice } from '../../server/src/modules/notices/notice.model';
import { ReminderSend } from '../../server/src/modules/reminders/reminder.model';
import { SubscriptionSpend } from '../../server/src/modules/subscriptions/subscription.model';
import { Task } from '../../server/src/modules/tasks/task.model';
import { startTestApp, type TestContext } from '../support/harness';
import { makeDealership, makeStaff, makeVehicle, type StaffLogin } from '../support/factories';
import { CARE_SANDBOX_TEMPLATES, makeBoundCustomer } from '../support/care-fixtures';
import { Customer } from '../../server/src/modules/customers/customer.model';
import { customerWithVehicle, reminderPath, seedDueEvent } from './reminders-support';

/** Pushing a reminder from the workbench: once per occurrence, the right channel, never the control group. */
const SEND = '/cgi-bin/message/subscribe/send';
let ctx: TestContext;
let dealershipId: Types.ObjectId;
let advisor: StaffLogin;
beforeAll(async () => {
  ctx = await startTestApp({ CARE_RETRY_BASE_MS: '20' }, { templates: CARE_SANDBOX_TEMPLATES });
  const d = await makeDealership('提醒门店');
  dealershipId = d._id;
  advisor = await makeStaff('advisor', d._id, '顾问丙');
});
afterAll(() => ctx.close());
afterEach(() => ctx.sandbox.state.clearFaults());

/** A bound owner's vehicle with a due event; `accept`: subscribe consents granted (once each). */
async function boundEvent(accept: string[] = ['TPL_CARE'], opts: { controlGroup?: boolean } = {}) {
  const owner = await makeBoundCustomer(ctx, dealershipId, { advisorId: advisor.id }, { accept });
  const customer = await Customer.findById(owner.customerId).lean();
  const vehicle = await makeVehicle(customer!);
  const event = await seedDueEvent(vehicle, customer!, { dueIn: 6, controlGroup: opts.controlGroup });
  return { owner, vehicle, event };
}

const push = (id: string, login = advisor) => ctx.http().post(reminderPath(id, 'remind')).set(login.auth);

describe('pushing a reminder', () => {
  test('20 pushes at once: one reminder, one WeChat message linking the booking page, 19 × 409', async () => {
    const { owner, vehicle, event } = await boundEvent();
    const answers = await Promise.all(Array.from({ length: 20 }, () => push(event._id)));
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses).toEqual([200, ...Array(19).fill(409)]);
    const ok = answers.find((a) => a.status === 200)!;
    expect(ok.body).toMatchObject({ channel: 'subscribe', outcome: 'sent', message: '已推送微信消息' });
    const refused = answers.find((a) => a.status === 409)!;
    expect(refused.body.error).toMatchObject({ code: 'REMINDER_ALREADY_SENT' });
    expect(refused.body.error.message).toContain('同一事项只提醒一次');

    const messages = ctx.sandbox.state.messages({ touser: owner.openid });
    expect(messages).toHaveLength(1);
    expect(messages[0].page).toBe(
      `pages/owner/booking/index?vehicleId=${String(vehicle._id)}&serviceType=regular_maintenance`
    );
    expect(messages[0].data.thing1.value).toBe('定期保养到期提醒');
    expect(await ReminderSend.countDocuments({ _id: event._id })).toBe(1);
    expect(await ReminderSend.findById(event._id).lean()).toMatchObject({
      by: 'staff',
      outcome: 'sent',
      channel: 'subscribe'
    });
    // The consent is used up: the owner's quota shows 0 left.
    expect(await SubscriptionSpend.countDocuments({ dispatchId: `reminder:${event._id}` })).toBe(1);
    const quota = await ctx.http().get('/api/owner/subscriptions').set(owner.auth).expect(200);
    expect(
      quota.body.templates.find((t: { templateId: string }) => t.templateId === 'TPL_CARE').remaining
    ).toBe(0);
    // A later push, hours later, is refused too.
    await push(event._id).expect(409);
    expect(ctx.sandbox.state.messages({ touser: owner.openid })).toHaveLength(1);
  });

  test('43101 from WeChat: the inbox instead, consent spent, no retry', async () => {
    const { owner, event } = await boundEvent();
    ctx.sandbox.state.addFault({ path: SEND, mode: 'errcode', errcode: 43101 });
    const before = ctx.sandbox.state.calls({ path: SEND }).length;
    const res = await push(event._id).expect(200);
    expect(res.body).toMatchObject({ channel: 'inbox', outcome: 'inbox', errcode: 43101 });
    expect(res.body.message).toContain('站内消息');
    expect(ctx.sandbox.state.calls({ path: SEND }).length - before).toBe(1);
    expect(ctx.sandbox.state.messages({ touser: owner.openid })).toHaveLength(0);
    const inbox = await ctx.http().get('/api/owner/notices').set(owner.auth).expect(200);
    expect(inbox.body.items).toHaveLength(1);
    expect(inbox.body.items[0].title).toBe('定期保养到期提醒');
    // The notice opens the booking page of the vehicle, the service type preselected.
    expect(inbox.body.items[0].page).toBe(
      `/pages/owner/booking/index?vehicleId=${String(event.vehicleId)}&serviceType=regular_maintenance`
    );
  });

  test('bound without a consent left: the inbox, no WeChat call', async () => {
    const { owner, event } = await boundEvent([]);
    const before = ctx.sandbox.state.calls({ path: SEND }).length;
    const res = await push(event._id).expect(200);
    expect(res.body).toMatchObject({ channel: 'inbox', outcome: 'inbox', errcode: null });
    expect(ctx.sandbox.state.calls({ path: SEND }).length).toBe(before);
    expect(await Notice.countDocuments({ dedupeKey: `reminder:${event._id}` })).toBe(1);
    expect((await ctx.http().get('/api/owner/notices').set(owner.auth).expect(200)).body.total).toBe(1);
  });

  test('not bound: a call task for the advisor', async () => {
    const { customer, vehicle } = await customerWithVehicle(dealershipId, advisor.id);
    const event = await seedDueEvent(vehicle, customer, { dueIn: -2 });
    const res = await push(event._id).expect(200);
    expect(res.body).toMatchObject({ channel: 'task', outcome: 'task' });
    const tasks = await ctx.http().get('/api/tasks').set(advisor.auth).expect(200);
    const task = tasks.body.items.find(
      (t: { customer: { id: string } }) => t.customer.id === String(customer._id)
    );
    expect(task).toMatchObject({ kind: 'reminder_call', status: 'open' });
    expect(task.title).toContain('致电提醒');
    expect(await Task.countDocuments({ key: `reminder:${event._id}` })).toBe(1);
  });

  test('control group: 422 对照组, nothing recorded or sent', async () => {
    const { owner, event } = await boundEvent(['TPL_CARE'], { controlGroup: true });
    const res = await push(event._id).expect(422);
    expect(res.body.error).toMatchObject({ code: 'REMINDER_CONTROL_GROUP' });
    expect(res.body.error.message).toContain('对照组车辆不发送提醒');
    expect(await ReminderSend.countDocuments({ _id: event._id })).toBe(0);
    expect(ctx.sandbox.state.messages({ touser: owner.openid })).toHaveLength(0);
    expect(await SubscriptionSpend.countDocuments({ dispatchId: `reminder:${event._id}` })).toBe(0);
  });

  test('before the window opens, or a replaced event: 422, nothing recorded', async () => {
    const { customer, vehicle } = await customerWithVehicle(dealershipId, advisor.id);
    const early = await seedDueEvent(vehicle, customer, { dueIn: 45 });
    expect((await push(early._id).expect(422)).body.error.code).toBe('REMINDER_NOT_OPEN');
    const other = await customerWithVehicle(dealershipId, advisor.id);
    const replaced = await seedDueEvent(other.vehicle, other.customer, { dueIn: 3, current: false });
    expect((await push(replaced._id).expect(422)).body.error.code).toBe('DUE_EVENT_REPLACED');
    expect(await ReminderSend.countDocuments({ _id: op.in([early._id, replaced._id]) })).toBe(0);
  });

  test('an unknown due event: 404', async () => {
    const res = await push(`${'a'.repeat(24)}:regular_maintenance:2026-01-01`).expect(404);
    expect(res.body.error.code).toBe('DUE_EVENT_NOT_FOUND');
  });
});

import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import type { Types } from 'mongoose';
import { holdInstanceLease, instanceId, runJobNow } from '../../server/src/lib/jobs';
import { op } from '../../server/src/lib/query';
import { Customer } from '../../server/src/modules/customers/customer.model';
import { addDays } from '@dealer/shared/domain/dates';
import { DueEvent, type DueEventRecord } from '../../server/src/modules/due/due-event.model';
import { refreshDealershipDue } from '../../server/src/modules/due/due-refresh.service';
import { Notice } from '../../server/src/modules/notices/notice.model';
import { reminderKey } from '../../server/src/modules/reminders/reminder-delivery';
import { reminderData, reminderPage } from '../../server/src/modules/reminders/reminder-message';
import { ReminderDeliveryClaim, ReminderSend } from '../../server/src/modules/reminders/reminder.model';
import { spendGrants } from '../../server/src/modules/subscriptions/subscription.service';
import { Task } from '../../server/src/modules/tasks/task.model';
import { DEFAULT_CARE_TEMPLATES } from '@dealer/shared';
import { startTestApp, TEST_APPID, TEST_SECRET, type TestContext } from '../support/harness';
import { makeDealership, makeServiceRecord, makeStaff, makeVehicle } from '../support/factories';
import { CARE_SANDBOX_TEMPLATES, makeBoundCustomer, type BoundCustomer } from '../support/care-fixtures';
import { exited } from '../support/care-cli';
import { customerWithVehicle, reminderPath, seedDueEvent, today } from './reminders-support';

/**
 * The daily reminder run: who gets a reminder, once per occurrence with two scheduler
 * instances at once (real processes) and after a crash left reminders pending.
 */
jest.setTimeout(180_000);
const ROOT = resolve(__dirname, '../..');
let ctx: TestContext;
beforeAll(async () => {
  ctx = await startTestApp({ CARE_RETRY_BASE_MS: '20' }, { templates: CARE_SANDBOX_TEMPLATES });
});
afterAll(() => ctx.close());

/** Another instance: `npx tsx scripts/reminders-run.ts` on this test's database and sandbox. */
function otherInstance(dealershipId: Types.ObjectId) {
  const child = spawn('npx', ['tsx', 'scripts/reminders-run.ts', '--dealership', String(dealershipId)], {
    cwd: ROOT,
    env: {
      ...process.env,
      MONGODB_URI: ctx.deps.config.MONGODB_URI,
      WECHAT_API_BASE: ctx.sandbox.url,
      WECHAT_APPID: TEST_APPID,
      WECHAT_SECRET: TEST_SECRET,
      LOG_LEVEL: 'warn'
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true
  });
  return exited(child);
}

const runHere = (dealershipId: Types.ObjectId) =>
  runJobNow('reminders-daily', { deps: ctx.deps, options: { dealership: String(dealershipId) } });

interface Bound {
  owner: BoundCustomer;
  event: DueEventRecord;
}

async function boundEvents(
  dealershipId: Types.ObjectId,
  advisorId: string,
  n: number,
  accept: string[],
  controlGroup = false
) {
  return Promise.all(
    Array.from({ length: n }, async (): Promise<Bound> => {
      const owner = await makeBoundCustomer(ctx, dealershipId, { advisorId }, { accept });
      const customer = (await Customer.findById(owner.customerId).lean())!;
      const vehicle = await makeVehicle(customer);
      return { owner, event: await seedDueEvent(vehicle, customer, { dueIn: 3, controlGroup }) };
    })
  );
}

describe('the daily reminder run', () => {
  test('two instances at once: every eligible event reminded once, one message per consenting owner', async () => {
    const d = await makeDealership('自动提醒门店');
    const advisor = await makeStaff('advisor', d._id);
    const consenting = await boundEvents(d._id, advisor.id, 12, ['TPL_CARE']);
    const noConsent = await boundEvents(d._id, advisor.id, 3, []);
    const unbound = await Promise.all(
      Array.from({ length: 3 }, async () => {
        const { customer, vehicle } = await customerWithVehicle(d._id, advisor.id);
        return seedDueEvent(vehicle, customer, { dueIn: -4 });
      })
    );
    // Not reminded: control group, window not open, window over (lost), pushed already.
    const control = await boundEvents(d._id, advisor.id, 1, ['TPL_CARE'], true);
    const { customer: c1, vehicle: v1 } = await customerWithVehicle(d._id, advisor.id);
    const notOpen = await seedDueEvent(v1, c1, { dueIn: 30 });
    const { customer: c2, vehicle: v2 } = await customerWithVehicle(d._id, advisor.id);
    const lost = await seedDueEvent(v2, c2, { dueIn: -45 });
    const controlEvent = control[0].event;
    const pushed = await boundEvents(d._id, advisor.id, 1, ['TPL_CARE']);
    await ctx.http().post(reminderPath(pushed[0].event._id, 'remind')).set(advisor.auth).expect(200);

    const [a, b, here] = await Promise.all([otherInstance(d._id), otherInstance(d._id), runHere(d._id)]);
    expect({ code: a.code, out: a.code === 0 ? '' : a.out }).toEqual({ code: 0, out: '' });
    expect({ code: b.code, out: b.code === 0 ? '' : b.out }).toEqual({ code: 0, out: '' });
    expect(here.status).toBe('succeeded');

    const eligible = [...consenting, ...noConsent].map((x) => x.event._id).concat(unbound.map((e) => e._id));
    const sends = await ReminderSend.find({ dealershipId: d._id }).lean();
    expect(sends.map((s) => s._id).sort()).toEqual([...eligible, pushed[0].event._id].sort());
    expect(sends.filter((s) => s.outcome === 'pending')).toEqual([]);
    const byId = new Map(sends.map((s) => [s._id, s]));
    for (const x of consenting) {
      expect(ctx.sandbox.state.messages({ touser: x.owner.openid })).toHaveLength(1);
      expect(byId.get(x.event._id)).toMatchObject({ by: 'run', outcome: 'sent', channel: 'subscribe' });
    }
    for (const x of noConsent) {
      expect(byId.get(x.event._id)).toMatchObject({ outcome: 'inbox', channel: 'inbox' });
      expect(await Notice.countDocuments({ dedupeKey: reminderKey(x.event._id) })).toBe(1);
    }
    for (const e of unbound) {
      expect(byId.get(e._id)).toMatchObject({ outcome: 'task', channel: 'task' });
      expect(await Task.countDocuments({ key: reminderKey(e._id) })).toBe(1);
    }
    expect(byId.get(pushed[0].event._id)).toMatchObject({ by: 'staff' });
    expect(ctx.sandbox.state.messages({ touser: pushed[0].owner.openid })).toHaveLength(1);
    expect(ctx.sandbox.state.messages({ touser: control[0].owner.openid })).toHaveLength(0);
    for (const e of [notOpen, lost, controlEvent]) expect(byId.has(e._id)).toBe(false);

    // The next day's run (or a rerun) reminds nobody again.
    const again = await runHere(d._id);
    expect(again.counts.sent ?? 0).toBe(0);
    expect(await ReminderSend.countDocuments({ dealershipId: d._id })).toBe(sends.length);
    for (const x of consenting)
      expect(ctx.sandbox.state.messages({ touser: x.owner.openid })).toHaveLength(1);
  });

  test('over events from the real due refresh: two instances at once, each event reminded once', async () => {
    const d = await makeDealership('刷新提醒门店');
    const advisor = await makeStaff('advisor', d._id);
    // A 定保 about six months ago (no odometer figure): regular maintenance due within days.
    const owners = await Promise.all(
      Array.from({ length: 8 }, async (_, i) => {
        const owner = await makeBoundCustomer(
          ctx,
          d._id,
          { advisorId: advisor.id },
          { accept: ['TPL_CARE'] }
        );
        const customer = (await Customer.findById(owner.customerId).lean())!;
        const vehicle = await makeVehicle(customer);
        await makeServiceRecord(vehicle, {
          type: 'regular_maintenance',
          serviceDate: addDays(today(), -175 - i),
          mileageKm: null
        });
        return owner;
      })
    );
    await refreshDealershipDue(String(d._id), today());
    const events = await DueEvent.find({
      dealershipId: d._id,
      current: true,
      type: 'regular_maintenance'
    }).lean<DueEventRecord[]>();
    expect(events).toHaveLength(owners.length);
    for (const e of events) expect(e.remindFrom <= today() && e.dueDate >= today()).toBe(true);
    const eligible = events.filter((e) => !e.controlGroup).map((e) => e._id);

    const [a, b, here] = await Promise.all([otherInstance(d._id), otherInstance(d._id), runHere(d._id)]);
    expect([a.code, b.code, here.status]).toEqual([0, 0, 'succeeded']);
    const sends = await ReminderSend.find({ dealershipId: d._id, type: 'regular_maintenance' }).lean();
    expect(sends.map((x) => x._id).sort()).toEqual(eligible.sort());
    expect(sends.every((x) => x.outcome === 'sent')).toBe(true);
    const messages = owners.map((o) => ctx.sandbox.state.messages({ touser: o.openid }).length);
    expect(messages.reduce((sum, n) => sum + n, 0)).toBe(eligible.length);
    expect(Math.max(...messages)).toBe(1);
  });

  test('43101 during a run: the inbox instead', async () => {
    const d = await makeDealership();
    const advisor = await makeStaff('advisor', d._id);
    const [x] = await boundEvents(d._id, advisor.id, 1, ['TPL_CARE']);
    ctx.sandbox.state.addFault({ path: '/cgi-bin/message/subscribe/send', mode: 'errcode', errcode: 43101 });
    await runHere(d._id);
    expect(await ReminderSend.findById(x.event._id).lean()).toMatchObject({
      outcome: 'inbox',
      errcode: 43101
    });
    expect((await ctx.http().get('/api/owner/notices').set(x.owner.auth).expect(200)).body.total).toBe(1);
    ctx.sandbox.state.clearFaults();
  });
});

describe('after a crash', () => {
  const DEAD = 'crashed-host:999999:dead00';

  /** What a crashed run leaves: the reminder inserted (pending), maybe claimed by the dead instance. */
  async function leftPending(event: DueEventRecord, claimed: boolean) {
    await ReminderSend.create({
      _id: event._id,
      dealershipId: event.dealershipId,
      vehicleId: event.vehicleId,
      customerId: event.customerId,
      advisorId: event.advisorId,
      type: event.type,
      dueDate: event.dueDate,
      by: 'run',
      outcome: 'pending',
      sentAt: new Date(Date.now() - 60_000)
    });
    if (claimed)
      await ReminderDeliveryClaim.create({
        _id: `${event._id}#1`,
        reminderId: event._id,
        generation: 1,
        instanceId: DEAD,
        claimedAt: new Date(Date.now() - 60_000)
      });
  }

  /** The dead process spent the consent and its WeChat call went through before it died. */
  async function deliveredBeforeDying(x: Bound) {
    await spendGrants([
      {
        dispatchId: reminderKey(x.event._id),
        ownerId: (await ownerIdOf(x)) as Types.ObjectId,
        templateId: 'TPL_CARE'
      }
    ]);
    const template = DEFAULT_CARE_TEMPLATES.find((t) => t.key === 'care')!;
    const r = await ctx.deps.wechat.sendSubscribeMessage({
      touser: x.owner.openid,
      templateId: 'TPL_CARE',
      page: reminderPage(x.event),
      data: reminderData(x.event, template)!
    });
    expect(r.ok).toBe(true);
  }
  const ownerIdOf = async (x: Bound) => (await Customer.findById(x.owner.customerId).lean())!.ownerId;

  test('pending reminders left behind are finished by the next run, never sent twice', async () => {
    const d = await makeDealership('崩溃门店');
    const advisor = await makeStaff('advisor', d._id);
    const [neverCalled, unclaimed, calledLastConsent] = await boundEvents(d._id, advisor.id, 3, ['TPL_CARE']);
    // An owner with two consents whose message went out before the crash: a resend could deliver twice.
    const [calledSpare] = await boundEvents(d._id, advisor.id, 1, ['TPL_CARE']);
    ctx.sandbox.state.grantSubscription(calledSpare.owner.openid, ['TPL_CARE']);
    await ctx
      .http()
      .post('/api/owner/subscriptions')
      .set(calledSpare.owner.auth)
      .send({ results: { TPL_CARE: 'accept' } })
      .expect(200);

    await leftPending(neverCalled.event, true);
    await leftPending(unclaimed.event, false);
    await leftPending(calledLastConsent.event, true);
    await deliveredBeforeDying(calledLastConsent);
    await leftPending(calledSpare.event, true);
    await deliveredBeforeDying(calledSpare);

    const [a, here] = await Promise.all([otherInstance(d._id), runHere(d._id)]);
    expect({ code: a.code, out: a.code === 0 ? '' : a.out }).toEqual({ code: 0, out: '' });
    expect(here.status).toBe('succeeded');

    const outcome = async (x: Bound) => (await ReminderSend.findById(x.event._id).lean())!.outcome;
    // Never called: delivered now, once.
    expect(await outcome(neverCalled)).toBe('sent');
    expect(ctx.sandbox.state.messages({ touser: neverCalled.owner.openid })).toHaveLength(1);
    expect(await outcome(unclaimed)).toBe('sent');
    expect(ctx.sandbox.state.messages({ touser: unclaimed.owner.openid })).toHaveLength(1);
    // Called with the last consent: the resend meets 43101, so it went out before — recorded sent.
    expect(await outcome(calledLastConsent)).toBe('sent');
    expect(ctx.sandbox.state.messages({ touser: calledLastConsent.owner.openid })).toHaveLength(1);
    // Called with a consent to spare: not resent (at most once), recorded failed.
    expect(await outcome(calledSpare)).toBe('failed');
    expect(ctx.sandbox.state.messages({ touser: calledSpare.owner.openid })).toHaveLength(1);
    expect(await ReminderSend.countDocuments({ dealershipId: d._id, outcome: 'pending' })).toBe(0);
    expect(
      await ReminderSend.countDocuments({
        _id: op.in([neverCalled, unclaimed, calledLastConsent, calledSpare].map((x) => x.event._id))
      })
    ).toBe(4);
  });

  test('a reminder being delivered by a live instance is not taken over', async () => {
    const d = await makeDealership();
    const advisor = await makeStaff('advisor', d._id);
    const [x] = await boundEvents(d._id, advisor.id, 1, ['TPL_CARE']);
    await leftPending(x.event, false);
    // Held by a live (beating) process, this one: another run leaves it alone.
    const release = await holdInstanceLease();
    await ReminderDeliveryClaim.create({
      _id: `${x.event._id}#1`,
      reminderId: x.event._id,
      generation: 1,
      instanceId,
      claimedAt: new Date()
    });
    const other = await otherInstance(d._id);
    await release();
    expect(other.code).toBe(0);
    expect(await ReminderSend.findById(x.event._id).lean()).toMatchObject({ outcome: 'pending' });
    expect(ctx.sandbox.state.messages({ touser: x.owner.openid })).toHaveLength(0);
  });
});

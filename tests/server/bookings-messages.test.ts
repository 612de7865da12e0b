/**
 * Booking messages: a confirmation when booked (owner or staff) and a day-before reminder,
 * through the care engine's once-only dispatch and the owner's subscribe consents.
 */
import { runJobNow } from '../../server/src/lib/jobs';
import { op } from '../../server/src/lib/query';
import { dispatchesWithStatus } from '../../server/src/modules/care/care-dispatch.service';
import { Notice } from '../../server/src/modules/notices/notice.model';
import { SubscriptionSpend } from '../../server/src/modules/subscriptions/subscription.model';
import { CARE_SANDBOX_TEMPLATES } from '../support/care-fixtures';
import { startTestApp, type TestContext } from '../support/harness';
import {
  makeArchive,
  ownerBook,
  ownerOf,
  setupDealership,
  staffBook,
  TODAY,
  TOMORROW,
  useBookingClock,
  type Owner
} from './bookings-support';

jest.setTimeout(60_000);
let ctx: TestContext;
beforeAll(async () => {
  ctx = await startTestApp({ CARE_RETRY_BASE_MS: '20' }, { templates: CARE_SANDBOX_TEMPLATES });
});
afterAll(() => ctx.close());
useBookingClock();

const PAGE = 'pages/owner/bookings/index';

/** The owner accepts the care template `times` times (WeChat's side unless told, and ours). */
async function accept(owner: Owner, times: number, onWechat = true): Promise<void> {
  if (onWechat) ctx.sandbox.state.grantSubscription(owner.openid, ['TPL_CARE'], times);
  for (let i = 0; i < times; i++)
    await ctx
      .http()
      .post('/api/owner/subscriptions')
      .set(owner.auth)
      .send({ results: { TPL_CARE: 'accept' } })
      .expect(200);
}

const statusOf = async (key: string) => (await dispatchesWithStatus({ _id: key }))[0];
const careSender = () => runJobNow('care-sender', { deps: ctx.deps });
/**
 * Two sender loops started together (two instances: one may see the other busy and skip,
 * or both), then one more: whatever overlaps, each message goes out once.
 */
async function senderRuns(): Promise<void> {
  await Promise.all([careSender(), careSender()]);
  await careSender();
}

describe('booking confirmation', () => {
  test('owner and staff bookings: one WeChat message to the bound owner with consent, opening their bookings; the inbox without it; none unbound', async () => {
    const s = await setupDealership();
    const owner = await ownerOf(ctx, s);
    await accept(owner, 1);
    const booked = await ownerBook(ctx, owner, s.vehicle._id).expect(201);

    // A bound owner without a subscribe consent, booked for by staff on the phone.
    const quiet = await makeArchive(s.dealership._id, s.advisor.id, '钱车主');
    const quietOwner = await ownerOf(ctx, { ...quiet, dealership: s.dealership });
    const byPhone = await staffBook(ctx, s.advisor, quiet.customer._id, quiet.vehicle._id).expect(201);
    // Nobody bound to this archive.
    const unbound = await makeArchive(s.dealership._id, s.advisor.id, '周车主');
    const forUnbound = await staffBook(ctx, s.advisor, unbound.customer._id, unbound.vehicle._id).expect(201);

    const key = (id: string) => `booking:${id}:confirmation`;
    // Planned with the booking; sent by the care sender loop (two instances at once here).
    expect((await statusOf(key(booked.body.id))).status).toBe('pending');
    await senderRuns();
    await senderRuns();

    const sent = ctx.sandbox.state.messages({ touser: owner.openid });
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({
      template_id: 'TPL_CARE',
      page: PAGE,
      data: { thing1: { value: '定保预约成功' }, date2: { value: '2026年12月8日' } }
    });
    expect(sent[0].data.thing3.value).toBe(`08:30-10:00 ${s.plate}`);
    expect(await statusOf(key(booked.body.id))).toMatchObject({
      status: 'sent',
      occasion: 'booking_confirmation'
    });
    expect(await Notice.countDocuments({ dedupeKey: key(booked.body.id) })).toBe(1);
    const inbox = await ctx.http().get('/api/owner/notices').set(owner.auth).expect(200);
    expect(inbox.body.items[0]).toMatchObject({ title: '保养预约成功' });
    expect(inbox.body.items[0].body).toContain('2026年12月8日 08:30-10:00的定保');

    // No consent: the inbox notice only, nothing sent to WeChat.
    expect(ctx.sandbox.state.messages({ touser: quietOwner.openid })).toEqual([]);
    expect(await statusOf(key(byPhone.body.id))).toMatchObject({ status: 'inbox_only', reason: 'no_quota' });
    expect(await Notice.countDocuments({ dedupeKey: key(byPhone.body.id) })).toBe(1);
    expect(await statusOf(key(forUnbound.body.id))).toMatchObject({
      status: 'skipped',
      reason: 'no_binding'
    });

    // The dispatch log shows them by title (no care rule).
    const log = await ctx
      .http()
      .get('/api/care/dispatches')
      .query({ date: TODAY })
      .set(s.manager.auth)
      .expect(200);
    expect(log.body.items).toHaveLength(3);
    expect(
      new Set(log.body.items.map((d: { ruleName: string; ruleId: null }) => [d.ruleName, d.ruleId].join()))
    ).toEqual(new Set(['保养预约成功,']));
  });

  test('43101 from WeChat (quota used elsewhere): the inbox notice, no retry, the consent spent', async () => {
    const s = await setupDealership();
    const owner = await ownerOf(ctx, s);
    // Our ledger has the consent, WeChat has no quota left (used up elsewhere).
    await accept(owner, 1, false);
    const booked = await ownerBook(ctx, owner, s.vehicle._id).expect(201);
    await senderRuns();
    expect(await statusOf(`booking:${booked.body.id}:confirmation`)).toMatchObject({
      status: 'inbox_only',
      reason: 'no_quota',
      errcode: 43101
    });
    expect(ctx.sandbox.state.messages({ touser: owner.openid })).toEqual([]);
    expect(await Notice.countDocuments({ dedupeKey: `booking:${booked.body.id}:confirmation` })).toBe(1);
  });
});

describe('day-before reminder', () => {
  test('two concurrent runs remind each open booking of tomorrow once; cancelled ones and other days get none', async () => {
    const s = await setupDealership({ maxOpenPerOwner: 5, maxOpenPerVehicle: 3 });
    const owner = await ownerOf(ctx, s);
    await accept(owner, 6);
    const tomorrow = await ownerBook(ctx, owner, s.vehicle._id, { blockId: '1000-1130' }).expect(201);
    const cancelled = await ownerBook(ctx, owner, s.vehicle._id, { blockId: '1330-1500' }).expect(201);
    await ctx
      .http()
      .post(`/api/owner/bookings/${cancelled.body.id}/cancel`)
      .set(owner.auth)
      .send({ reason: '临时有事' })
      .expect(200);
    const later = await ownerBook(ctx, owner, s.vehicle._id, { day: '2026-12-09' }).expect(201);
    await senderRuns(); // the three confirmations
    expect(ctx.sandbox.state.messages({ touser: owner.openid })).toHaveLength(3);

    const run = () => runJobNow('booking-reminders', { deps: ctx.deps, date: TODAY });
    const [a, b] = await Promise.all([run(), run()]);
    expect([a.status, b.status]).toEqual(['succeeded', 'succeeded']);
    await run();

    const reminders = ctx.sandbox.state
      .messages({ touser: owner.openid })
      .filter((m) => m.data.thing1.value === '明日定保预约提醒');
    expect(reminders).toHaveLength(1);
    expect(reminders[0]).toMatchObject({ page: PAGE, data: { thing3: { value: `10:00-11:30 ${s.plate}` } } });
    const keys = [tomorrow, cancelled, later].map((r) => `booking:${r.body.id}:reminder:${TOMORROW}`);
    expect((await dispatchesWithStatus({ _id: op.in(keys) })).map((d) => [d._id, d.status])).toEqual([
      [keys[0], 'sent']
    ]);
    expect(await Notice.countDocuments({ dedupeKey: op.in(keys) })).toBe(1);
    // One consent spent per WeChat message.
    expect(await SubscriptionSpend.countDocuments({ ownerId: owner.ownerId })).toBe(4);
  });
});

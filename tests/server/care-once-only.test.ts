/**
 * Once-only under the two failures the issue names, with real processes: two instances
 * running the same day's job at once, and a run killed (SIGKILL) half-way then run again.
 * Each child is `npx tsx scripts/care-run.ts`, on this test's database and sandbox.
 */
import type { Types } from 'mongoose';
import { op } from '../../server/src/lib/query';
import { OpenDispatch } from '../../server/src/modules/care/care-dispatch.model';
import { dispatchesWithStatus } from '../../server/src/modules/care/care-dispatch.service';
import { Notice } from '../../server/src/modules/notices/notice.model';
import { SubscriptionSpend } from '../../server/src/modules/subscriptions/subscription.model';
import { startTestApp, type TestContext } from '../support/harness';
import { careRun, exited } from '../support/care-cli';
import { makeDealership } from '../support/factories';
import {
  CARE_SANDBOX_TEMPLATES,
  makeBoundCustomer,
  onlyRules,
  type BoundCustomer
} from '../support/care-fixtures';

jest.setTimeout(180_000);
let ctx: TestContext;
beforeAll(async () => {
  ctx = await startTestApp({}, { templates: CARE_SANDBOX_TEMPLATES });
});
afterAll(() => ctx.close());

interface Fixture {
  code: string;
  dealershipId: Types.ObjectId;
  consenting: BoundCustomer[];
  others: BoundCustomer[];
}

async function birthdayCrowd(date: string, consenting: number): Promise<Fixture> {
  const dealership = await makeDealership('一次性门店');
  await onlyRules(dealership._id, 'birthday');
  const birthday = { calendar: 'solar', date: `1980-${date.slice(5)}` };
  const yes = await Promise.all(
    Array.from({ length: consenting }, () =>
      makeBoundCustomer(ctx, dealership._id, { birthday }, { accept: ['TPL_BIRTHDAY'] })
    )
  );
  const no = await Promise.all(
    Array.from({ length: 3 }, () => makeBoundCustomer(ctx, dealership._id, { birthday }, {}))
  );
  return { code: dealership.code, dealershipId: dealership._id, consenting: yes, others: no };
}

const careRunAt = (date: string, code: string, rate: number, time = '10:00') =>
  careRun(ctx, date, code, { rate, time });

async function until(check: () => boolean, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function expectExactlyOnce(f: Fixture): Promise<void> {
  const dispatches = await dispatchesWithStatus({ dealershipId: f.dealershipId });
  const all = [...f.consenting, ...f.others];
  // One dispatch per (rule, customer, occasion), none left unfinished.
  expect(dispatches).toHaveLength(all.length);
  expect(new Set(dispatches.map((d) => String(d.customerId))).size).toBe(all.length);
  expect(dispatches.filter((d) => d.status === 'pending' || d.status === 'sending')).toEqual([]);
  // Exactly one WeChat message per granted consent, none without one.
  for (const c of f.consenting) expect(ctx.sandbox.state.messages({ touser: c.openid })).toHaveLength(1);
  for (const c of f.others) expect(ctx.sandbox.state.messages({ touser: c.openid })).toHaveLength(0);
  const status = new Map(dispatches.map((d) => [String(d.customerId), d.status]));
  for (const c of f.consenting) expect(status.get(String(c.customerId))).toBe('sent');
  for (const c of f.others) expect(status.get(String(c.customerId))).toBe('inbox_only');
  // One spend per consenting owner, one inbox notice per bound owner.
  expect(await SubscriptionSpend.countDocuments({ dispatchId: op.in(dispatches.map((d) => d._id)) })).toBe(
    f.consenting.length
  );
  for (const d of dispatches) expect(await Notice.countDocuments({ dedupeKey: d._id })).toBe(1);
}

describe('once-only care dispatch across processes', () => {
  test('two instances run the same day at once: one dispatch and one WeChat message each', async () => {
    const f = await birthdayCrowd('2025-07-07', 30);
    const [a, b] = await Promise.all([
      exited(careRunAt('2025-07-07', f.code, 50)),
      exited(careRunAt('2025-07-07', f.code, 50))
    ]);
    expect({ code: a.code, out: a.code === 0 ? '' : a.out }).toEqual({ code: 0, out: '' });
    expect({ code: b.code, out: b.code === 0 ? '' : b.out }).toEqual({ code: 0, out: '' });
    await expectExactlyOnce(f);
  });

  test('a run killed half-way and run again: one dispatch and one WeChat message each', async () => {
    const f = await birthdayCrowd('2025-08-08', 40);
    const openids = new Set(f.consenting.map((c) => c.openid));
    const sentSoFar = () => ctx.sandbox.state.messages().filter((m) => openids.has(m.touser)).length;
    const first = careRunAt('2025-08-08', f.code, 10);
    const firstExit = exited(first);
    await until(() => sentSoFar() >= 15, 90_000);
    process.kill(-first.pid!, 'SIGKILL');
    expect((await firstExit).signal).toBe('SIGKILL');
    expect(sentSoFar()).toBeLessThan(f.consenting.length);
    // The kill left work behind: dispatches planned but not finished.
    expect(await OpenDispatch.countDocuments({ dealershipId: f.dealershipId })).toBeGreaterThan(0);

    // Run again a few minutes later (its clock must not be behind the first run's).
    const second = await exited(careRunAt('2025-08-08', f.code, 10, '10:05'));
    expect({ code: second.code, out: second.code === 0 ? '' : second.out }).toEqual({ code: 0, out: '' });
    await expectExactlyOnce(f);
  });
});

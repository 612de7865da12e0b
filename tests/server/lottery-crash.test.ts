/**
 * kill -9 in the middle of a burst of draws, then a restart (issue 12): the draws the killed
 * process left half done are finished by the repair sweep or by the clients' retries, and no
 * prize is lost or given twice — every spend has its draw, every won draw its one credit,
 * voucher or pickup, stock never exceeded, the sequence without gaps, the verification passes.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Types } from 'mongoose';
import { verifyCampaign, type PublishedCampaign } from '@dealer/shared';
import { op } from '../../server/src/lib/query';
import { repairDraws } from '../../server/src/modules/lottery/draw-repair';
import { LotteryClaim, LotteryDraw, LotteryPickup } from '../../server/src/modules/lottery/draw.model';
import { LotteryDrawStart } from '../../server/src/modules/lottery/draw-start.model';
import { PointsEntry } from '../../server/src/modules/points/points-ledger.model';
import { Voucher } from '../../server/src/modules/points/voucher.model';
import { exited } from '../support/care-cli';
import { makeDealership, makeStaff } from '../support/factories';
import { startTestApp, type TestContext } from '../support/harness';
import { expectLedgerConsistent, makeMember, makeReward } from './points-support';
import {
  drawAs,
  drawKey,
  endAndReveal,
  inParallel,
  lawfulTerms,
  prize,
  publishCampaign
} from './lottery-support';

jest.setTimeout(300_000);
let ctx: TestContext;
beforeAll(async () => {
  ctx = await startTestApp();
});
afterAll(() => ctx.close());

const ROOT = resolve(__dirname, '../..');
const OWNERS = 60;
const DRAWS_EACH = 8;

async function until(check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out waiting for the burst');
    await new Promise((r) => setTimeout(r, 50));
  }
}

test('a burst killed with SIGKILL and restarted loses and doubles no prize, spend or number', async () => {
  const dealership = await makeDealership('断电门店');
  const [marketing, manager] = await Promise.all([
    makeStaff('marketing', dealership._id),
    makeStaff('manager', dealership._id)
  ]);
  const reward = await makeReward(ctx, manager, { name: '保养券', stock: 500 });
  const members = await inParallel(
    Array.from({ length: OWNERS }, () => () => makeMember(ctx, dealership._id, {}, 1_000)),
    10
  );
  const campaign = await publishCampaign(
    ctx,
    marketing,
    manager,
    lawfulTerms({
      prizes: [
        prize({
          id: 'pts',
          kind: 'points',
          name: '200 积分',
          valueFen: 200,
          weight: 3,
          stock: 60,
          points: 200
        }),
        prize({ id: 'wash', kind: 'voucher', name: '保养券', weight: 3, stock: 60, rewardItemId: reward.id }),
        prize({ id: 'gift', kind: 'gift', name: '雨伞', valueFen: 5_000, weight: 2, stock: 40 }),
        prize({ id: 'thanks', kind: 'none', name: '谢谢参与', weight: 2 })
      ],
      entry: { freePerDay: 0, freePerCampaign: 0, pointsPerDraw: 10, earnedBy: [] },
      limits: { perDay: 6, perCampaign: null, perPrize: 3 }
    })
  );
  const tasks = Array.from({ length: OWNERS * DRAWS_EACH }, (_, i) => ({
    ownerId: members[i % OWNERS].ownerId,
    campaignId: campaign.id,
    key: drawKey()
  }));
  const file = join(mkdtempSync(join(tmpdir(), 'lottery-crash-')), 'tasks.json');
  writeFileSync(file, JSON.stringify(tasks));

  const child = spawn('npx', ['tsx', 'tests/support/lottery-draw-child.ts', file], {
    cwd: ROOT,
    env: { ...process.env, MONGODB_URI: ctx.deps.config.MONGODB_URI, LOTTERY_CHILD_WIDTH: '40' },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true
  });
  const exit = exited(child);
  const campaignId = new Types.ObjectId(campaign.id);
  await until(async () => (await LotteryDraw.countDocuments({ campaignId, state: 'done' })) >= 60, 120_000);
  process.kill(-child.pid!, 'SIGKILL');
  expect((await exit).signal).toBe('SIGKILL');
  // Commands the killed process had already sent may still be applied by the database: let
  // them land before counting what was left.
  let left = -1;
  for (;;) {
    await new Promise((r) => setTimeout(r, 500));
    const now =
      (await LotteryDraw.countDocuments({ campaignId })) +
      (await LotteryDrawStart.countDocuments({ campaignId })) +
      (await LotteryClaim.countDocuments({ campaignId }));
    if (now === left) break;
    left = now;
  }
  // The kill left draws half done: started, never finished.
  const halfDone =
    (await LotteryDrawStart.countDocuments({ campaignId })) -
    (await LotteryDraw.countDocuments({ campaignId }));
  expect(halfDone).toBeGreaterThan(0);

  // Restart: the repair sweep finishes what was left; clients retry some of their taps.
  const repaired = await repairDraws(0);
  expect(repaired.finished + repaired.refused).toBe(halfDone);
  const retried = await inParallel(
    tasks.slice(0, 120).map((t, i) => () => drawAs(ctx, members[i % OWNERS], campaign.id, t.key)),
    20
  );
  expect(retried.every((r) => r.status === 200 || r.status === 409)).toBe(true);

  const draws = await LotteryDraw.find({ campaignId }).lean();
  // Every start has its finished draw, and every finished draw its start.
  const starts = await LotteryDrawStart.find({ campaignId }, { _id: 1 }).lean();
  expect(draws.map((d) => d._id).sort()).toEqual(starts.map((s) => s._id).sort());
  expect(draws.every((d) => d.state === 'done' || d.state === 'refused')).toBe(true);
  const done = draws.filter((d) => d.state === 'done');
  expect(done.map((d) => d.seq).sort((a, b) => a! - b!)).toEqual(done.map((_, i) => i + 1));

  // Every spend has its done draw, and every done draw spent once.
  const dealershipId = String(dealership._id);
  const spends = await PointsEntry.find({ sourceKey: op.startsWith(`${dealershipId}:lottery:`) }).lean();
  expect(spends.map((e) => e.sourceKey).sort()).toEqual(
    done.map((d) => `${dealershipId}:lottery:${d._id}`).sort()
  );
  expect(spends.every((e) => e.delta === -10)).toBe(true);

  // Every won prize given once, none beyond its stock, no unit held by a draw that did not win it.
  const wonBy = (id: string) => done.filter((d) => d.fate === 'won' && d.awarded === id);
  const credits = await PointsEntry.find({
    sourceKey: op.startsWith(`${dealershipId}:lottery-prize:`)
  }).lean();
  expect(credits.map((e) => e.sourceKey).sort()).toEqual(
    wonBy('pts')
      .map((d) => `${dealershipId}:lottery-prize:${d._id}`)
      .sort()
  );
  const vouchers = await Voucher.find({ itemId: new Types.ObjectId(reward.id) }).lean();
  expect(vouchers.map((v) => String(v.redemptionId)).sort()).toEqual(
    wonBy('wash')
      .map((d) => d._id)
      .sort()
  );
  const pickups = await LotteryPickup.find({ campaignId }).lean();
  expect(pickups.map((p) => p.drawId).sort()).toEqual(
    wonBy('gift')
      .map((d) => d._id)
      .sort()
  );
  for (const [id, stock] of [
    ['pts', 60],
    ['wash', 60],
    ['gift', 40]
  ] as const) {
    const units = await LotteryClaim.find({ group: `${campaign.id}:unit:${id}` }).lean();
    expect(units.length).toBeLessThanOrEqual(stock);
    expect(units.map((u) => u.drawId).sort()).toEqual(
      wonBy(id)
        .map((d) => d._id)
        .sort()
    );
  }
  for (const m of members) await expectLedgerConsistent(m.ref);

  await endAndReveal(ctx, campaign.terms.endsAt);
  const published = (await ctx.http().get(`/api/lottery/campaigns/${campaign.id}/verification`).expect(200))
    .body as PublishedCampaign;
  expect(verifyCampaign(published)).toEqual({ ok: true, checked: done.length, problems: [] });
});

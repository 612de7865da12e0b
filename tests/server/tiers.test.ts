import { Customer } from '../../server/src/modules/customers/customer.model';
import { recomputeTiers } from '../../server/src/modules/tiers/tier-run.service';
import { TierHistory, TierRun } from '../../server/src/modules/tiers/tier.model';
import { startTestApp, type TestContext } from '../support/harness';
import { makeCustomer, makeDealership, makeStaff } from '../support/factories';
import {
  ASOF,
  countOf,
  customerWithVisits,
  ladder,
  ladderVisits,
  setTierSettings,
  tiersByName
} from './tiers-fixtures';

/**
 * The tier engine on database fixtures: what recomputeTiers writes on the customers, in the
 * history and in the run record, as the archive and the summary then show it.
 */

let ctx: TestContext;
beforeAll(async () => {
  ctx = await startTestApp();
});
afterAll(() => ctx.close());

const names = (prefix: string, from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, k) => `${prefix}${String(from + k).padStart(2, '0')}`);

describe('quotas on a real dealership', () => {
  test('a series of 20 gets exactly 1 A, 3 B, 10 C, 6 D by rank; small series are pooled; no paid visit → D unranked', async () => {
    const d = await makeDealership();
    await ladder(d._id, 20, '帕萨特', 'P');
    // Three small series (1, 2 and 3 customers) are ranked together as one pooled group of 6.
    await ladder(d._id, 1, '途昂', 'X');
    await ladder(d._id, 2, '途岳', 'Y');
    await ladder(d._id, 3, '途铠', 'Z');
    // No paid visit in the window: only warranty work, a visit 3 years ago, nothing at all.
    await customerWithVisits(d._id, 'N-warranty', '帕萨特', [
      { date: '2025-05-01', yuan: 900, paid: false, type: 'warranty' }
    ]);
    await customerWithVisits(d._id, 'N-old', '帕萨特', [{ date: '2022-05-01', yuan: 3000 }]);
    await makeCustomer(d._id, { name: 'N-none' });

    const outcome = await recomputeTiers(d._id, ASOF);
    expect(outcome).toMatchObject({ status: 'done', customers: 29, changed: 29, historyEntries: 29 });

    const tiers = await tiersByName(d._id);
    expect(names('P', 0, 0).map((n) => tiers[n])).toEqual(['A']);
    expect(names('P', 1, 3).map((n) => tiers[n])).toEqual(['B', 'B', 'B']);
    expect(names('P', 4, 13).every((n) => tiers[n] === 'C')).toBe(true);
    expect(names('P', 14, 19).every((n) => tiers[n] === 'D')).toBe(true);
    // Pooled 6: largest remainder of 5/15/50/30 % → 0 A, 1 B, 3 C, 2 D.
    const pooled = ['X00', 'Y00', 'Y01', 'Z00', 'Z01', 'Z02'];
    expect(countOf(tiers, pooled)).toEqual({ A: 0, B: 1, C: 3, D: 2, none: 0 });
    for (const n of ['N-warranty', 'N-old', 'N-none']) expect(tiers[n]).toBe('D');
    const idle = await Customer.findOne({ dealershipId: d._id, name: 'N-old' }).lean();
    expect(idle).toMatchObject({ tierScore: null, tierComputed: 'D' });

    const run = await TierRun.findById(outcome.status === 'done' ? outcome.runId : '').lean();
    expect(run).toMatchObject({
      status: 'done',
      asOf: ASOF,
      seq: 1,
      customers: 29,
      counts: { A: 1, B: 4, C: 13, D: 11 }
    });
    // First tiering: everyone comes from 'none'.
    expect(run?.movement).toMatchObject({ added: 29, upgraded: 0, downgraded: 0, unchanged: 0 });
    expect(await TierHistory.countDocuments({ dealershipId: d._id, fromTier: null, date: ASOF })).toBe(29);

    // The archive explains the rank in words.
    const manager = await makeStaff('manager', d._id);
    const top = await Customer.findOne({ dealershipId: d._id, name: 'P00' }).lean();
    const view = await ctx.http().get(`/api/customers/${top!._id}/tier`).set(manager.auth).expect(200);
    expect(view.body).toMatchObject({
      tier: 'A',
      computedTier: 'A',
      rank: 1,
      groupSize: 20,
      groupLabel: '车系 帕萨特',
      decidedBy: 'quota',
      asOf: ASOF
    });
    expect(view.body.explanation).toContain('A 级：综合得分 100.0，车系 帕萨特 20 人中第 1 名');
  });

  test('equal scores share a tier: a tie across the A/B boundary makes both A', async () => {
    const d = await makeDealership();
    await ladder(d._id, 19, '迈腾', 'M');
    // An exact copy of the best customer's history.
    await customerWithVisits(d._id, 'M00-twin', '迈腾', ladderVisits(0, 19));
    await recomputeTiers(d._id, ASOF);
    const tiers = await tiersByName(d._id);
    expect([tiers.M00, tiers['M00-twin']]).toEqual(['A', 'A']);
    // The tie block takes slots 0–1; B keeps slots 2–3, so the counts move by the tie only.
    expect(countOf(tiers)).toEqual({ A: 2, B: 2, C: 10, D: 6, none: 0 });
    const a = await Customer.findOne({ dealershipId: d._id, name: 'M00' }).lean();
    const b = await Customer.findOne({ dealershipId: d._id, name: 'M00-twin' }).lean();
    expect(a!.tierScore).toBe(b!.tierScore);
  });

  test('a lone small series keeps its own group: 3 customers → C C D', async () => {
    const d = await makeDealership();
    await ladder(d._id, 3, '凌渡', 'L');
    await recomputeTiers(d._id, ASOF);
    expect(await tiersByName(d._id)).toEqual({ L00: 'C', L01: 'C', L02: 'D' });
  });
});

describe('thresholds', () => {
  test('score cut-offs per series, the default elsewhere', async () => {
    const d = await makeDealership();
    await setTierSettings(d._id, {
      assignment: 'thresholds',
      minGroupSize: 1,
      thresholds: { bySeries: { 朗逸: { A: 90, B: 70, C: 60 } } }
    });
    // Five in a series score 100, 75, 50, 25, 0 (the share of the others each one beats).
    await ladder(d._id, 5, '帕萨特', 'P');
    await ladder(d._id, 5, '朗逸', 'L');
    await recomputeTiers(d._id, ASOF);
    const tiers = await tiersByName(d._id);
    expect(names('P', 0, 4).map((n) => tiers[n])).toEqual(['A', 'B', 'C', 'D', 'D']);
    expect(names('L', 0, 4).map((n) => tiers[n])).toEqual(['A', 'B', 'D', 'D', 'D']);
    const scores = await Customer.find({ dealershipId: d._id, name: /^P/ }, { name: 1, tierScore: 1 })
      .sort({ name: 1 })
      .lean();
    expect(scores.map((s) => s.tierScore)).toEqual([100, 75, 50, 25, 0]);
  });
});

describe('two runs: hysteresis, history and movement', () => {
  /** A ladder of 20; then Q17 (D) gets many big visits and overtakes everyone. */
  async function risingStar(hysteresisPoints: number) {
    const d = await makeDealership();
    await setTierSettings(d._id, { hysteresisPoints });
    const members = await ladder(d._id, 20, '帕萨特', 'Q');
    await recomputeTiers(d._id, ASOF);
    const first = await tiersByName(d._id);
    const star = members[17];
    const { addVisits } = await import('./tiers-fixtures');
    await addVisits(
      star.vehicle,
      Array.from({ length: 25 }, (_, k) => ({
        date: `2025-05-${String(k + 2).padStart(2, '0')}`,
        yuan: 5000
      }))
    );
    const second = await recomputeTiers(d._id, '2025-07-01');
    return { d, first, second, after: await tiersByName(d._id) };
  }

  test('without hysteresis, quotas stay exact; history has the 4 changes and the matrix counts them', async () => {
    const { d, first, second, after } = await risingStar(0);
    expect([first.Q00, first.Q03, first.Q13, first.Q17]).toEqual(['A', 'B', 'C', 'D']);
    expect([after.Q17, after.Q00, after.Q03, after.Q13]).toEqual(['A', 'B', 'C', 'D']);
    expect(countOf(after)).toEqual({ A: 1, B: 3, C: 10, D: 6, none: 0 });

    expect(second).toMatchObject({ status: 'done', historyEntries: 4 });
    const run = await TierRun.findById(second.status === 'done' ? second.runId : '').lean();
    const m = run!.movement as {
      counts: Record<string, Record<string, number>>;
      upgraded: number;
      downgraded: number;
      unchanged: number;
    };
    expect([m.counts.D.A, m.counts.A.B, m.counts.B.C, m.counts.C.D]).toEqual([1, 1, 1, 1]);
    expect([m.counts.B.B, m.counts.C.C, m.counts.D.D]).toEqual([2, 9, 5]);
    expect([m.upgraded, m.downgraded, m.unchanged]).toEqual([1, 3, 16]);
    const moves = await TierHistory.find({ dealershipId: d._id, date: '2025-07-01' }).lean();
    expect(moves.map((h) => `${h.fromTier}>${h.toTier}`).sort()).toEqual(['A>B', 'B>C', 'C>D', 'D>A']);

    // The summary shows both runs for comparison.
    const manager = await makeStaff('manager', d._id);
    const summary = await ctx.http().get('/api/tiers/summary').set(manager.auth).expect(200);
    expect(summary.body.distribution).toEqual({ A: 1, B: 3, C: 10, D: 6, none: 0 });
    expect(summary.body.latestRun).toMatchObject({ asOf: '2025-07-01', historyEntries: 4 });
    expect(summary.body.latestRun.movement.counts.D.A).toBe(1);
    expect(summary.body.previousRun).toMatchObject({ asOf: ASOF, historyEntries: 20 });
  });

  test('with hysteresis (3 points) a customer pushed one slot past the B boundary stays B, over two more runs', async () => {
    const { d, after } = await risingStar(3);
    // Q03 is now 5th of 20 (20 %, within 3 points of B's top 20 %): kept at B.
    expect(after.Q03).toBe('B');
    const q03 = await Customer.findOne({ dealershipId: d._id, name: 'Q03' }).lean();
    expect(q03).toMatchObject({ tier: 'B', tierComputed: 'B' });
    const manager = await makeStaff('manager', d._id);
    const view = await ctx.http().get(`/api/customers/${q03!._id}/tier`).set(manager.auth).expect(200);
    expect(view.body.decidedBy).toBe('hysteresis');
    expect(view.body.explanation).toContain('缓冲内，保持 B 级');

    await recomputeTiers(d._id, '2025-07-02');
    expect((await tiersByName(d._id)).Q03).toBe('B');
    expect(await TierHistory.countDocuments({ customerId: q03!._id })).toBe(1);
  });
});

describe('overrides', () => {
  test("a manager's override wins until it expires, then the computed tier applies again", async () => {
    const d = await makeDealership();
    const manager = await makeStaff('manager', d._id);
    await ladder(d._id, 20, '帕萨特', 'O');
    const low = await Customer.findOne({ dealershipId: d._id, name: 'O19' }).lean();
    await recomputeTiers(d._id, ASOF);

    const { clock } = await import('../../server/src/lib/clock');
    clock.set(() => new Date('2025-07-01T02:00:00Z'));
    try {
      const set = await ctx
        .http()
        .put(`/api/customers/${low!._id}/tier/override`)
        .set(manager.auth)
        .send({ tier: 'A', reason: '集团大客户', expiresAt: '2025-07-10' });
      expect(set.status).toBe(200);
      expect(set.body).toMatchObject({
        tier: 'A',
        computedTier: 'D',
        decidedBy: 'override',
        override: { tier: 'A', active: true, expiresAt: '2025-07-10' }
      });
    } finally {
      clock.set(null);
    }

    await recomputeTiers(d._id, '2025-07-09');
    let tiers = await tiersByName(d._id);
    expect(tiers.O19).toBe('A');
    // The override takes no quota place: the computed tiers of everyone else are unchanged.
    expect(countOf(tiers)).toEqual({ A: 2, B: 3, C: 10, D: 5, none: 0 });

    await recomputeTiers(d._id, '2025-07-10');
    tiers = await tiersByName(d._id);
    expect(tiers.O19).toBe('D');
    const history = await TierHistory.find({ customerId: low!._id }).sort({ date: 1, at: 1 }).lean();
    expect(history.map((h) => [h.date, h.fromTier, h.toTier, h.cause])).toEqual([
      [ASOF, null, 'D', 'quota'],
      ['2025-07-01', 'D', 'A', 'override'],
      ['2025-07-10', 'A', 'D', 'quota']
    ]);
  });
});

describe('claims', () => {
  test('the same recompute started twice at once runs once', async () => {
    const d = await makeDealership();
    await ladder(d._id, 5, '帕萨特', 'C');
    const outcomes = await Promise.all([recomputeTiers(d._id, ASOF), recomputeTiers(d._id, ASOF)]);
    expect(outcomes.map((o) => o.status).sort()).toEqual(['done', 'skipped']);
    expect(await TierRun.countDocuments({ dealershipId: d._id })).toBe(1);
    expect(await TierHistory.countDocuments({ dealershipId: d._id })).toBe(5);
    // The day is done: the nightly job on another instance skips it too.
    expect(await recomputeTiers(d._id, ASOF)).toMatchObject({ status: 'skipped', reason: 'done' });
  });
});

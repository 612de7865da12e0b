/**
 * The operator's care run (scripts/care-run.ts, a process of its own) is built through the
 * composition root like the server: every occasion fires from it, and a rule whose audience
 * is a saved segment reaches that segment's customers, in the dry run and in the real run.
 * (Before the composition root the command had no segment resolver — segments registered
 * it when their HTTP routes were mounted — and `tier_upgrade` had no source at all.)
 */
import type { Types } from 'mongoose';
import { DEFAULT_RULES } from '../../server/src/modules/care/rules/default-rules';
import { CareDispatch } from '../../server/src/modules/care/care-dispatch.model';
import { CareRule } from '../../server/src/modules/care/care-rule.model';
import { Segment } from '../../server/src/modules/segments/segment.model';
import { TierHistory } from '../../server/src/modules/tiers/tier.model';
import { startTestApp, type TestContext } from '../support/harness';
import { makeCustomer, makeDealership, makeStaff, makeVehicle } from '../support/factories';
import { CARE_SANDBOX_TEMPLATES, onlyRules } from '../support/care-fixtures';
import { careRun, exited } from '../support/care-cli';

jest.setTimeout(120_000);
let ctx: TestContext;
beforeAll(async () => {
  ctx = await startTestApp({}, { templates: CARE_SANDBOX_TEMPLATES });
});
afterAll(() => ctx.close());

/** 国庆节 and the first day of a quarter: every occasion kind can fall on it. */
const DAY = '2025-10-01';

async function upgrade(
  dealershipId: Types.ObjectId,
  customerId: Types.ObjectId,
  fromTier: string | null,
  toTier: string | null
): Promise<void> {
  await TierHistory.create({
    dealershipId,
    customerId,
    date: DAY,
    fromTier,
    toTier,
    cause: 'thresholds',
    at: new Date(`${DAY}T02:00:00+08:00`)
  });
}

async function occasionCustomers(dealershipId: Types.ObjectId) {
  const dealership = dealershipId;
  const birthday = await makeCustomer(dealership, {
    name: '生日客户',
    birthday: { calendar: 'solar', date: `1985-${DAY.slice(5)}` }
  });
  const anniversary = await makeCustomer(dealership, { name: '周年客户' });
  await makeVehicle(anniversary, { deliveryDate: '2022-10-01' });
  const key = await makeCustomer(dealership, { name: '重点客户', tier: 'A' });
  const atRisk = await makeCustomer(dealership, { name: '流失客户', lifecycle: 'at_risk' });
  const upgraded = await makeCustomer(dealership, { name: '升级客户', tier: 'C' });
  await upgrade(dealership, upgraded._id, 'D', 'C');
  const downgraded = await makeCustomer(dealership, { name: '降级客户', tier: 'D' });
  await upgrade(dealership, downgraded._id, 'C', 'D');
  const clubMember = await makeCustomer(dealership, { name: '车友会客户', tags: ['车友会'] });
  return { birthday, anniversary, key, atRisk, upgraded, downgraded, clubMember };
}

/** An inbox greeting on 国庆节 for the saved segment 车友会, created the way staff create one. */
async function segmentRule(dealershipId: Types.ObjectId): Promise<string> {
  const marketing = await makeStaff('marketing', dealershipId);
  const now = new Date();
  const segment = await Segment.create({
    dealershipId,
    name: '车友会',
    filter: { tags: ['车友会'] },
    createdBy: marketing.id,
    createdByName: marketing.name,
    createdAt: now,
    updatedAt: now
  });
  const base = DEFAULT_RULES.find((r) => r.seedKey === 'default:festival:national_day')!;
  const { seedKey: _seedKey, ...rule } = base;
  const created = await ctx
    .http()
    .post('/api/care/rules')
    .set(marketing.auth)
    .send({
      ...rule,
      name: '车友会国庆问候',
      audience: { ...rule.audience, segmentId: String(segment._id) },
      channel: { kind: 'inbox' }
    })
    .expect(201);
  return created.body.id as string;
}

let fixture: {
  code: string;
  dealershipId: Types.ObjectId;
  segmentRuleId: string;
  customers: Awaited<ReturnType<typeof occasionCustomers>>;
};
beforeAll(async () => {
  const dealership = await makeDealership('命令行门店');
  await onlyRules(
    dealership._id,
    'birthday',
    'purchase_anniversary',
    'quarterly_call',
    'winback',
    'tier_upgrade'
  );
  const customers = await occasionCustomers(dealership._id);
  fixture = {
    code: dealership.code,
    dealershipId: dealership._id,
    segmentRuleId: await segmentRule(dealership._id),
    customers
  };
});

test('the dry run previews the saved-segment and tier-upgrade audiences and writes nothing', async () => {
  const preview = await exited(careRun(ctx, DAY, fixture.code, { extraArgs: ['--dry-run'] }));
  expect(preview.code).toBe(0);
  expect(preview.out).toContain('车友会国庆问候 (festival:national_day, 2025-10-01): 1');
  expect(preview.out).toContain('等级提升祝贺 (tier_upgrade, 2025-10-01): 1');
  expect(await CareDispatch.countDocuments({ dealershipId: fixture.dealershipId })).toBe(0);
});

test('every occasion and a saved-segment audience fire from scripts/care-run.ts', async () => {
  const run = await exited(careRun(ctx, DAY, fixture.code));
  expect(run.code).toBe(0);
  const summary = JSON.parse(run.out.trim().split('\n').pop()!) as {
    status: string;
    counts: Record<string, number>;
  };
  expect(summary.status).toBe('succeeded');
  expect(summary.counts.itemFailures).toBeUndefined();

  const rules = await CareRule.find({ dealershipId: fixture.dealershipId }, { seedKey: 1 }).lean();
  const seedKeyOf = new Map(rules.map((r) => [String(r._id), r.seedKey]));
  const dispatches = await CareDispatch.find(
    { dealershipId: fixture.dealershipId },
    { ruleId: 1, customerName: 1 }
  ).lean();
  const reached: Record<string, string[]> = {};
  for (const d of dispatches) (reached[seedKeyOf.get(String(d.ruleId))!] ??= []).push(d.customerName);
  const c = fixture.customers;
  expect(reached).toEqual({
    'default:birthday': [c.birthday.name],
    'default:purchase_anniversary': [c.anniversary.name],
    'default:quarterly_call': [c.key.name],
    'default:winback': [c.atRisk.name],
    'default:tier_upgrade': [c.upgraded.name],
    [`custom:${fixture.segmentRuleId}`]: [c.clubMember.name]
  });
});

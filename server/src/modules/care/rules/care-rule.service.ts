import { Types } from 'mongoose';
import type { z } from 'zod';
import type { CareRuleView, CreateCareRule, updateCareRuleRequest } from '@dealer/shared';
import { clock } from '../../../lib/clock';
import { notFound, unprocessable } from '../../../lib/errors';
import { inWriteTurn } from '../../../lib/write-turn';
import { mayGoWithoutConsent } from '../consent';
import { CareRule, occasionKind, type CareRuleRecord } from '../care-rule.model';
import { careTemplatesOf, ensureCareSetup } from './care-settings.service';
import type { CareSources } from '../care-sources';

type RuleDoc = CareRuleRecord;
type RuleInput = Partial<CreateCareRule>;

export function presentRule(r: RuleDoc): CareRuleView {
  const ch = r.channel;
  const channel: CareRuleView['channel'] =
    ch.kind === 'subscribe'
      ? { kind: 'subscribe', templateId: ch.templateId ?? '', page: ch.page ?? null, data: ch.data ?? {} }
      : ch.kind === 'advisor_task'
        ? { kind: 'advisor_task', task: ch.task as 'quarterly_call' }
        : { kind: 'inbox' };
  return {
    id: String(r._id),
    name: r.name,
    plan: r.plan as CareRuleView['plan'],
    occasion: r.occasion,
    audience: {
      tiers: (r.audience?.tiers ?? []) as CareRuleView['audience']['tiers'],
      includeUntiered: r.audience?.includeUntiered ?? true,
      segmentId: r.audience?.segmentId ? String(r.audience.segmentId) : null,
      consentRequired: r.audience?.consentRequired ?? true
    },
    channel,
    message: { title: r.message.title, body: r.message.body },
    leadDays: r.leadDays,
    sendWindow: { start: r.sendWindow.start, end: r.sendWindow.end },
    everyMonths: r.everyMonths ?? 3,
    enabled: r.enabled,
    isDefault: r.seedKey.startsWith('default:'),
    updatedAt: r.updatedAt.toISOString()
  };
}

/** Checks that need the dealership: the template exists and the data names exactly its keywords. */
async function assertRuleFits(dealershipId: string, rule: RuleInput, sources: CareSources): Promise<void> {
  const ch = rule.channel;
  if (ch?.kind === 'subscribe') {
    const template = (await careTemplatesOf(dealershipId)).find((t) => t.templateId === ch.templateId);
    if (!template) throw unprocessable('CARE_TEMPLATE_UNKNOWN', `模板 ${ch.templateId} 未在本店配置`);
    const keys = Object.keys(ch.data).sort();
    const wanted = [...template.keywords].sort();
    if (keys.join() !== wanted.join()) {
      throw unprocessable('CARE_TEMPLATE_MISMATCH', `消息内容须填写模板的全部关键词：${wanted.join('、')}`, {
        expected: wanted,
        got: keys
      });
    }
  }
  if (rule.audience?.segmentId) {
    const found = await sources.segmentFilter(
      new Types.ObjectId(dealershipId),
      new Types.ObjectId(rule.audience.segmentId)
    );
    if (!found) throw unprocessable('SEGMENT_NOT_FOUND', '所选客户分群不存在');
  }
  if (
    rule.audience?.consentRequired === false &&
    ch &&
    ch.kind !== 'advisor_task' &&
    rule.occasion &&
    !mayGoWithoutConsent(rule.occasion)
  ) {
    throw unprocessable(
      'CARE_CONSENT_REQUIRED',
      '祝福、周年、挽回等营销消息只能发给同意接收营销信息的客户，只有服务提醒可以不经同意发送'
    );
  }
  if (rule.occasion && ch?.kind === 'advisor_task' && occasionKind(rule.occasion) === 'tier_upgrade') {
    throw unprocessable('CARE_CHANNEL_UNSUITED', '等级提升只能发送祝贺消息');
  }
}

export async function listRules(dealershipId: string): Promise<CareRuleView[]> {
  await ensureCareSetup(dealershipId);
  const rows = await CareRule.find({ dealershipId: new Types.ObjectId(dealershipId), deleted: false })
    .sort({ createdAt: 1, _id: 1 })
    .lean<RuleDoc[]>();
  return rows.map(presentRule);
}

async function loadRule(dealershipId: string, id: string): Promise<RuleDoc> {
  const rule = await CareRule.findOne({
    _id: new Types.ObjectId(id),
    dealershipId: new Types.ObjectId(dealershipId),
    deleted: false
  }).lean<RuleDoc>();
  if (!rule) throw notFound('关怀规则', 'CARE_RULE_NOT_FOUND');
  return rule;
}

export async function createRule(
  dealershipId: string,
  input: CreateCareRule,
  sources: CareSources
): Promise<CareRuleView> {
  await ensureCareSetup(dealershipId);
  await assertRuleFits(dealershipId, input, sources);
  const _id = new Types.ObjectId();
  const now = clock.now();
  const segment = await switchSegment(dealershipId, _id, null, input.audience.segmentId, sources);
  try {
    await CareRule.create({
      _id,
      dealershipId: new Types.ObjectId(dealershipId),
      seedKey: `custom:${_id}`,
      ...input,
      createdAt: now,
      updatedAt: now
    });
  } catch (err) {
    await segment.undo();
    throw err;
  }
  return presentRule(await loadRule(dealershipId, String(_id)));
}

/**
 * A rule moving to another segment claims the new one before its write (409 while that one
 * is being deleted) and lets the old one go after it.
 */
async function switchSegment(
  dealershipId: string,
  ruleId: Types.ObjectId,
  from: string | null,
  to: string | null,
  sources: CareSources
) {
  const moves = to !== from;
  if (to && moves)
    await sources.segmentUse.claim(new Types.ObjectId(dealershipId), new Types.ObjectId(to), ruleId);
  return {
    done: async () => {
      if (from && moves) await sources.segmentUse.release(new Types.ObjectId(from), ruleId);
    },
    undo: async () => {
      if (to && moves) await sources.segmentUse.release(new Types.ObjectId(to), ruleId);
    }
  };
}

/**
 * Edits of one rule take turns (lib/write-turn.ts); each is checked against the rule as it
 * is at its turn and writes only the fields it changes, so concurrent edits of different
 * fields all stay.
 */
function ruleWrite<T>(
  dealershipId: string,
  id: string,
  write: (stored: RuleDoc, revision: number) => Promise<T>
): Promise<T> {
  return inWriteTurn(`care-rule:${id}`, {
    revision: async () => (await loadRule(dealershipId, id)).revision ?? 0,
    write: async (revision) => write(await loadRule(dealershipId, id), revision)
  });
}

export async function updateRule(
  dealershipId: string,
  id: string,
  patch: z.infer<typeof updateCareRuleRequest>,
  sources: CareSources
): Promise<CareRuleView> {
  const changed = Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined));
  await ruleWrite(dealershipId, id, async (stored, revision) => {
    const current = presentRule(stored);
    const next = { ...current, ...changed };
    await assertRuleFits(dealershipId, next, sources);
    const segment = await switchSegment(
      dealershipId,
      stored._id,
      current.audience.segmentId,
      next.audience.segmentId,
      sources
    );
    try {
      await CareRule.updateOne(
        { _id: stored._id },
        { $set: { ...changed, revision, updatedAt: clock.now() } }
      );
    } catch (err) {
      await segment.undo();
      throw err;
    }
    await segment.done();
  });
  return presentRule(await loadRule(dealershipId, id));
}

/** Soft delete: the dispatch log keeps naming the rule, and a default is not seeded again. */
export async function deleteRule(dealershipId: string, id: string, sources: CareSources): Promise<void> {
  await ruleWrite(dealershipId, id, async (stored, revision) => {
    await CareRule.updateOne(
      { _id: stored._id },
      { $set: { deleted: true, enabled: false, revision, updatedAt: clock.now() } }
    );
    const segmentId = stored.audience?.segmentId;
    if (segmentId) await sources.segmentUse.release(segmentId, stored._id);
  });
}

import { Types } from 'mongoose';
import type { z } from 'zod';
import type { CareRuleView, CreateCareRule, updateCareRuleRequest } from '@dealer/shared';
import { clock } from '../../lib/clock';
import { notFound, unprocessable } from '../../lib/errors';
import { resolveSegment, segmentsAvailable } from './audience';
import { CareRule, type CareRuleRecord } from './care-rule.model';
import { careTemplatesOf, ensureCareSetup } from './care-settings.service';
import { occasionKind } from './occasions';

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
async function assertRuleFits(dealershipId: string, rule: RuleInput): Promise<void> {
  const ch = rule.channel;
  if (ch?.kind === 'subscribe') {
    const template = (await careTemplatesOf(dealershipId)).find((t) => t.templateId === ch.templateId);
    if (!template) throw unprocessable('CARE_TEMPLATE_UNKNOWN', `模板 ${ch.templateId} 未在本店配置`);
    const keys = Object.keys(ch.data).sort();
    const wanted = [...template.keywords].sort();
    if (keys.join() !== wanted.join()) {
      throw unprocessable('CARE_TEMPLATE_MISMATCH', `消息内容须填写模板的全部关键词：${wanted.join('、')}`, { expected: wanted, got: keys });
    }
  }
  if (rule.audience?.segmentId) {
    if (!segmentsAvailable()) throw unprocessable('SEGMENTS_UNAVAILABLE', '客户分群功能尚未启用');
    const found = await resolveSegment(new Types.ObjectId(dealershipId), new Types.ObjectId(rule.audience.segmentId));
    if (!found) throw unprocessable('SEGMENT_NOT_FOUND', '所选客户分群不存在');
  }
  if (rule.occasion && ch?.kind === 'advisor_task' && occasionKind(rule.occasion) === 'tier_upgrade') {
    throw unprocessable('CARE_CHANNEL_UNSUITED', '等级提升只能发送祝贺消息');
  }
}

export async function listRules(dealershipId: string): Promise<CareRuleView[]> {
  await ensureCareSetup(dealershipId);
  const rows = await CareRule.find({ dealershipId: new Types.ObjectId(dealershipId), deleted: false }).sort({ createdAt: 1, _id: 1 }).lean<RuleDoc[]>();
  return rows.map(presentRule);
}

async function loadRule(dealershipId: string, id: string): Promise<RuleDoc> {
  const rule = await CareRule.findOne({ _id: new Types.ObjectId(id), dealershipId: new Types.ObjectId(dealershipId), deleted: false }).lean<RuleDoc>();
  if (!rule) throw notFound('关怀规则', 'CARE_RULE_NOT_FOUND');
  return rule;
}

export async function createRule(dealershipId: string, input: CreateCareRule): Promise<CareRuleView> {
  await ensureCareSetup(dealershipId);
  await assertRuleFits(dealershipId, input);
  const _id = new Types.ObjectId();
  const now = clock.now();
  await CareRule.create({ _id, dealershipId: new Types.ObjectId(dealershipId), seedKey: `custom:${_id}`, ...input, createdAt: now, updatedAt: now });
  return presentRule(await loadRule(dealershipId, String(_id)));
}

export async function updateRule(dealershipId: string, id: string, patch: z.infer<typeof updateCareRuleRequest>): Promise<CareRuleView> {
  const current = presentRule(await loadRule(dealershipId, id));
  const next = { ...current, ...patch };
  await assertRuleFits(dealershipId, next);
  const { id: _id, isDefault: _d, updatedAt: _u, ...fields } = next;
  await CareRule.updateOne({ _id: new Types.ObjectId(id) }, { $set: { ...fields, updatedAt: clock.now() } });
  return presentRule(await loadRule(dealershipId, id));
}

/** Soft delete: the dispatch log keeps naming the rule, and a default is not seeded again. */
export async function deleteRule(dealershipId: string, id: string): Promise<void> {
  await loadRule(dealershipId, id);
  await CareRule.updateOne({ _id: new Types.ObjectId(id) }, { $set: { deleted: true, enabled: false, updatedAt: clock.now() } });
}

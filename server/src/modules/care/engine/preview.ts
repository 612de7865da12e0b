import { Types } from 'mongoose';
import type { z } from 'zod';
import type { carePreviewItem, carePreviewResponse } from '@dealer/shared';
import { clock } from '../../../lib/clock';
import { op } from '../../../lib/query';
import { findDealership } from '../../dealerships/dealership.service';
import { remainingForOwners } from '../../subscriptions/subscription.service';
import { streamAudience } from './audience';
import { CareDispatch } from '../care-dispatch.model';
import { CareRule } from '../care-rule.model';
import { ensureCareSetup } from '../rules/care-settings.service';
import { occasionOn } from './occasions';
import type { CareSources } from '../care-sources';
import { BATCH_SIZE, type CareRule as Rule, type Planned } from './dispatch';
import { buildDispatches } from './plan';

type Item = z.infer<typeof carePreviewItem>;
type Preview = z.infer<typeof carePreviewResponse>;
const MAX_ITEMS = 200;

/** What a run would do with one planned dispatch, reading (never writing) consents and the log. */
function outcomeOf(
  { doc: d, final }: Planned,
  done: Set<string>,
  quota: (owner: Types.ObjectId, template: string) => number
): Pick<Item, 'outcome' | 'reason'> {
  if (done.has(d._id)) return { outcome: 'already_done', reason: null };
  if (d.channel === 'advisor_task') return { outcome: 'task', reason: null };
  if (final) return { outcome: 'skipped', reason: final.reason ?? null };
  if (d.channel === 'inbox') return { outcome: 'inbox_only', reason: 'inbox_channel' };
  if (!d.consent) return { outcome: 'inbox_only', reason: 'no_consent' };
  if (!d.data) return { outcome: 'inbox_only', reason: 'bad_data' };
  if (!d.ownerId || !d.templateId || quota(d.ownerId, d.templateId) === 0)
    return { outcome: 'inbox_only', reason: 'no_quota' };
  return { outcome: 'wechat', reason: null };
}

/** Dry run of the daily job for one dealership and day: who gets what. Writes nothing. */
export async function previewCare(
  dealershipId: string,
  date: string,
  sources: CareSources
): Promise<Preview> {
  const dealership = await findDealership(dealershipId);
  await ensureCareSetup(dealershipId);
  const dealer = { _id: dealership._id, name: dealership.name };
  const rules = await CareRule.find({ dealershipId: dealer._id, enabled: true, deleted: false }).lean<
    Rule[]
  >();
  const env = { date, now: clock.now(), runId: 'preview' };
  const out: Preview = { date, rules: [], items: [], truncated: false };
  for (const rule of rules) {
    const plan = await occasionOn(rule, date, dealer._id, sources);
    const summary = {
      ruleId: String(rule._id),
      name: rule.name,
      occasion: rule.occasion,
      occasionDate: plan?.occasionDate ?? null,
      total: 0,
      outcomes: {} as Record<string, number>
    };
    out.rules.push(summary);
    if (!plan) continue;
    for await (const members of streamAudience(rule, dealer._id, plan, BATCH_SIZE, sources)) {
      const planned = await buildDispatches(rule, dealer, plan, members, env);
      const docs = planned.map((p) => p.doc);
      const [existing, quota] = await Promise.all([
        CareDispatch.find({ _id: op.in(docs.map((d) => d._id)) }, { _id: 1 }).lean(),
        remainingForOwners(
          docs.flatMap((d) => (d.ownerId ? [d.ownerId] : [])),
          rule.channel.templateId ? [rule.channel.templateId] : []
        )
      ]);
      const done = new Set(existing.map((e) => String(e._id)));
      for (const p of planned) {
        const d = p.doc;
        const { outcome, reason } = outcomeOf(p, done, quota);
        summary.total++;
        summary.outcomes[outcome] = (summary.outcomes[outcome] ?? 0) + 1;
        if (out.items.length >= MAX_ITEMS) {
          out.truncated = true;
          continue;
        }
        out.items.push({
          ruleId: String(rule._id),
          ruleName: rule.name,
          customerId: String(d.customerId),
          customerName: d.customerName,
          occasionDate: d.occasionDate,
          channel: d.channel,
          outcome,
          reason,
          sendAt: outcome === 'skipped' || outcome === 'already_done' ? null : d.sendAt.toISOString()
        });
      }
    }
  }
  return out;
}

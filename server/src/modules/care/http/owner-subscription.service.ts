import { Types } from 'mongoose';
import type { z } from 'zod';
import type { subscriptionReport } from '@dealer/shared';
import { unprocessable } from '../../../lib/errors';
import { Binding } from '../../bindings/binding.model';
import { templatesOfDealerships } from '../rules/care-settings.service';
import { addGrant, remainingQuota } from '../../subscriptions/subscription.service';

/** The templates of the dealerships the owner is bound to (what the mini-program may ask for). */
async function ownerTemplates(ownerId: string) {
  const bindings = await Binding.find({ ownerId: new Types.ObjectId(ownerId) }, { dealershipId: 1 }).lean();
  return templatesOfDealerships(bindings.map((b) => String(b.dealershipId)));
}

export async function ownerSubscriptions(ownerId: string) {
  const templates = await ownerTemplates(ownerId);
  const remaining = await remainingQuota(ownerId, [...templates.keys()]);
  return {
    templates: [...templates.values()].map((t) => ({
      templateId: t.templateId,
      title: t.title,
      remaining: remaining[t.templateId] ?? 0
    }))
  };
}

/** Each `accept` adds one grant; reject / ban / filter add nothing (and take nothing away). */
export async function reportSubscriptions(ownerId: string, report: z.infer<typeof subscriptionReport>) {
  const templates = await ownerTemplates(ownerId);
  const unknown = Object.keys(report.results).filter((id) => !templates.has(id));
  if (unknown.length)
    throw unprocessable('TEMPLATE_UNKNOWN', `未知的消息模板：${unknown.join('、')}`, {
      templateIds: unknown
    });
  for (const [templateId, answer] of Object.entries(report.results)) {
    if (answer === 'accept') await addGrant(ownerId, templateId, report.requestId);
  }
  return ownerSubscriptions(ownerId);
}

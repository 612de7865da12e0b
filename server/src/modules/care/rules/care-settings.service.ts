import { Types } from 'mongoose';
import { DEFAULT_CARE_TEMPLATES, type CareTemplate } from '@dealer/shared';
import { clock } from '../../../lib/clock';
import { isDuplicateKeyError } from '../../../lib/errors';
import { insertManyUnique } from '../../../lib/jobs/unique-insert';
import { CareRule, CareSettings } from '../care-rule.model';
import { DEFAULT_RULES } from './default-rules';

/**
 * A dealership's care settings, created on first use together with the default rules.
 * Seeding is once-only by unique keys (settings `_id`, rule `seedKey`), so concurrent first
 * uses and a crash half-way both end with exactly the default set; a deleted default
 * stays deleted (soft delete keeps its seedKey).
 */
export async function ensureCareSetup(dealershipId: string | Types.ObjectId) {
  const id = String(dealershipId);
  let settings = await CareSettings.findById(id).lean();
  if (settings?.rulesSeededAt) return settings;
  if (!settings) {
    try {
      await CareSettings.create({
        _id: id,
        templates: DEFAULT_CARE_TEMPLATES.map((t) => ({ ...t })),
        rulesSeededAt: null,
        updatedAt: clock.now()
      });
    } catch (err) {
      if (!isDuplicateKeyError(err)) throw err;
    }
  }
  const now = clock.now();
  const dealer = new Types.ObjectId(id);
  await insertManyUnique(
    CareRule,
    DEFAULT_RULES.map(({ seedKey, ...rule }) => ({
      _id: new Types.ObjectId(),
      dealershipId: dealer,
      seedKey,
      ...rule,
      audience: { ...rule.audience, segmentId: null },
      channel: { templateId: null, page: null, data: {}, task: null, ...rule.channel },
      deleted: false,
      createdAt: now,
      updatedAt: now
    }))
  );
  await CareSettings.updateOne({ _id: id }, { $set: { rulesSeededAt: now } });
  settings = await CareSettings.findById(id).lean();
  if (!settings) throw new Error(`care settings of ${id} vanished`);
  return settings;
}

export async function careTemplatesOf(dealershipId: string | Types.ObjectId): Promise<CareTemplate[]> {
  const settings = await ensureCareSetup(dealershipId);
  return settings.templates.map((t) => ({
    key: t.key ?? '',
    templateId: t.templateId ?? '',
    title: t.title ?? '',
    keywords: [...(t.keywords ?? [])]
  }));
}

export async function setCareTemplates(
  dealershipId: string,
  templates: CareTemplate[]
): Promise<CareTemplate[]> {
  await ensureCareSetup(dealershipId);
  await CareSettings.updateOne({ _id: dealershipId }, { $set: { templates, updatedAt: clock.now() } });
  return careTemplatesOf(dealershipId);
}

/** Templates of several dealerships (an owner bound to more than one), by template id. */
export async function templatesOfDealerships(ids: readonly string[]): Promise<Map<string, CareTemplate>> {
  const out = new Map<string, CareTemplate>();
  for (const id of ids)
    for (const t of await careTemplatesOf(id)) if (!out.has(t.templateId)) out.set(t.templateId, t);
  return out;
}

import mongoose, { Schema, type InferSchemaType, type Types } from 'mongoose';
import type { OccasionKind } from '@dealer/shared';

/** A care rule of a dealership (docs/domain.md "Care plans and reminders"); see shared/src/api/care.ts. */
const careRuleSchema = new Schema(
  {
    dealershipId: { type: Schema.Types.ObjectId, required: true },
    /** `default:<name>` for seeded rules, `custom:<_id>` otherwise: defaults are seeded once. */
    seedKey: { type: String, required: true },
    name: { type: String, required: true },
    plan: { type: String, enum: ['key', 'routine', 'all'], required: true },
    /** 'birthday', 'festival:<key>', 'purchase_anniversary', 'tier_touchpoint', 'tier_upgrade', 'at_risk_winback'. */
    occasion: { type: String, required: true },
    audience: {
      tiers: { type: [String], default: [] },
      includeUntiered: { type: Boolean, default: true },
      segmentId: { type: Schema.Types.ObjectId, default: null },
      consentRequired: { type: Boolean, default: true }
    },
    channel: {
      kind: { type: String, enum: ['subscribe', 'inbox', 'advisor_task'], required: true },
      templateId: { type: String, default: null },
      page: { type: String, default: null },
      data: { type: Schema.Types.Mixed, default: {} },
      task: { type: String, default: null }
    },
    message: { title: { type: String, required: true }, body: { type: String, required: true } },
    leadDays: { type: Number, required: true },
    sendWindow: { start: { type: String, required: true }, end: { type: String, required: true } },
    everyMonths: { type: Number, default: 3 },
    enabled: { type: Boolean, required: true },
    /** Deleted rules stay (dispatches name them; a default is not seeded again). */
    deleted: { type: Boolean, default: false },
    /** Bumped by every edit; edits take turns and write only their fields (lib/write-turn.ts). */
    revision: { type: Number, default: 0 },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true }
  },
  { versionKey: false, collection: 'care_rules', minimize: false }
);
// A dealership's rules (the editor, the daily job); seeding defaults once.
careRuleSchema.index({ dealershipId: 1, seedKey: 1 }, { unique: true });

export type CareRuleDoc = InferSchemaType<typeof careRuleSchema>;

/** A rule as read (lean): every nested field has its default. */
export interface CareRuleRecord {
  _id: Types.ObjectId;
  dealershipId: Types.ObjectId;
  seedKey: string;
  name: string;
  plan: 'key' | 'routine' | 'all';
  occasion: string;
  audience: {
    tiers: string[];
    includeUntiered: boolean;
    segmentId: Types.ObjectId | null;
    consentRequired: boolean;
  };
  channel: {
    kind: 'subscribe' | 'inbox' | 'advisor_task';
    templateId: string | null;
    page: string | null;
    data: Record<string, string>;
    task: string | null;
  };
  message: { title: string; body: string };
  leadDays: number;
  sendWindow: { start: string; end: string };
  everyMonths: number;
  enabled: boolean;
  deleted: boolean;
  revision?: number;
  createdAt: Date;
  updatedAt: Date;
}
export const CareRule = mongoose.model('CareRule', careRuleSchema);

/** Per-dealership care settings: subscribe-message templates; `_id` = dealership id. */
const careSettingsSchema = new Schema(
  {
    _id: { type: String, required: true },
    templates: {
      type: [{ key: String, templateId: String, title: String, keywords: [String], _id: false }],
      default: []
    },
    rulesSeededAt: { type: Date, default: null },
    updatedAt: { type: Date, required: true }
  },
  { versionKey: false, collection: 'care_settings' }
);

export const CareSettings = mongoose.model('CareSettings', careSettingsSchema);

/** The kind of a rule's occasion: `festival:<key>` is a festival, the other occasions are their kind. */
export function occasionKind(occasion: string): OccasionKind {
  return (occasion.startsWith('festival:') ? 'festival' : occasion) as OccasionKind;
}

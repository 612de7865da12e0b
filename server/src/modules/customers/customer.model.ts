import mongoose, { Schema, type InferSchemaType } from 'mongoose';
import {
  AGE_GROUPS,
  CUSTOMER_SOURCES,
  GENDERS,
  LIFECYCLES,
  OCCUPATION_CLASSES,
  REGION_CLASSES,
  SERVICE_STAGES,
  TIERS,
  VEHICLE_AGE_CLASSES,
  VEHICLE_USAGES
} from '@dealer/shared';
import { birthdayKeyPlugin } from '../../lib/occasion-keys';

const birthdaySchema = new Schema(
  {
    calendar: { type: String, enum: ['solar', 'lunar'], required: true },
    /** Solar birth date YYYY-MM-DD (for a lunar birthday: the solar date of birth, when known). */
    date: { type: String, default: null },
    lunarMonth: { type: Number, default: null },
    lunarDay: { type: Number, default: null },
    lunarLeapMonth: { type: Boolean, default: false }
  },
  { _id: false }
);

/** A manager's tier override (shared/src/domain/tiers `TierOverride`, plus when it was set). */
const tierOverrideSchema = new Schema(
  {
    tier: { type: String, enum: TIERS, required: true },
    reason: { type: String, required: true },
    /** YYYY-MM-DD, the first day on which it no longer applies. */
    expiresAt: { type: String, required: true },
    by: { type: String, required: true },
    byName: { type: String, required: true },
    setAt: { type: Date, required: true }
  },
  { _id: false }
);

/** One archive per customer per dealership (docs/domain.md "Records"). */
const customerSchema = new Schema(
  {
    dealershipId: { type: Schema.Types.ObjectId, required: true },
    name: { type: String, required: true },
    mobile: { type: String, default: null },
    /**
     * `mobile`, or `none:<_id>` when unknown: unique indexes treat a missing value as a
     * value on FerretDB, so the key is always set.
     */
    mobileKey: { type: String, required: true },
    gender: { type: String, enum: [...GENDERS, null], default: null },
    birthday: { type: birthdaySchema, default: null },
    regionClass: { type: String, enum: [...REGION_CLASSES, null], default: null },
    occupationClass: { type: String, enum: [...OCCUPATION_CLASSES, null], default: null },
    address: { type: String, default: '' },
    source: { type: String, enum: CUSTOMER_SOURCES, required: true },
    tags: { type: [String], default: [] },
    notes: { type: String, default: '' },
    preferences: { type: String, default: '' },
    familyNotes: { type: String, default: '' },
    advisorId: { type: Schema.Types.ObjectId, default: null },
    /** Second staff contact for key (A/B) customers. */
    secondContactId: { type: Schema.Types.ObjectId, default: null },
    consent: {
      marketing: { type: Boolean, default: false },
      updatedAt: { type: Date, default: null }
    },
    /** A prospect: created by a WeChat binding with no matching archive. */
    isProspect: { type: Boolean, default: false },
    /** The WeChat owner bound to this archive, if any. */
    ownerId: { type: Schema.Types.ObjectId, default: null },
    boundAt: { type: Date, default: null },
    referrerAdvisorId: { type: Schema.Types.ObjectId, default: null },
    /*
     * Classifications, recomputed on a schedule (issue: segmentation). Top-level fields, not
     * a sub-document: FerretDB pushes down equality on top-level fields only.
     */
    tier: { type: String, enum: [...TIERS, null], default: null },
    /** Whole points, for lists (modules/tiers/tier-write.ts); the exact score is in the tier explanation. */
    tierScore: { type: Number, default: null },
    /** The engine's own tier (before an override): the next run's hysteresis anchor. */
    tierComputed: { type: String, enum: [...TIERS, null], default: null },
    /** A manager's override, in force while the run's asOf < expiresAt (modules/tiers). */
    tierOverride: { type: tierOverrideSchema, default: null },
    lifecycle: { type: String, enum: [...LIFECYCLES, null], default: null },
    vehicleAge: { type: String, enum: [...VEHICLE_AGE_CLASSES, null], default: null },
    usage: { type: String, enum: [...VEHICLE_USAGES, null], default: null },
    serviceStage: { type: String, enum: [...SERVICE_STAGES, null], default: null },
    ageGroup: { type: String, enum: [...AGE_GROUPS, null], default: null },
    lastPaidServiceDate: { type: String, default: null },
    /** Derived from `birthday` (care/occasion-keys.ts): the daily care job's lookup key. */
    birthdayKey: { type: String, default: 'none' },
    classifiedAt: { type: Date, default: null },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true }
  },
  { versionKey: false, collection: 'customers' }
);
// Matching by mobile (binding, import) — one archive per mobile per dealership.
customerSchema.index({ dealershipId: 1, mobileKey: 1 }, { unique: true });
// An advisor's list, and bulk reassignment.
customerSchema.index({ dealershipId: 1, advisorId: 1, updatedAt: -1 });
// The manager's / marketing's list and export: a dealership's customers, newest-updated first.
customerSchema.index({ dealershipId: 1, updatedAt: -1 });
// Second contacts see their key customers too.
customerSchema.index({ dealershipId: 1, secondContactId: 1 });
// Search by name and tag within a dealership.
customerSchema.index({ dealershipId: 1, name: 1 });
customerSchema.index({ dealershipId: 1, tags: 1 });
// Segment filters and KPI counts by classification within a dealership.
customerSchema.index({ dealershipId: 1, tier: 1 });
customerSchema.index({ dealershipId: 1, lifecycle: 1 });
// Segment filters (modules/segments) on the classes marketing selects by most.
customerSchema.index({ dealershipId: 1, serviceStage: 1 });
customerSchema.index({ dealershipId: 1, vehicleAge: 1 });
// An owner's archives.
customerSchema.index({ ownerId: 1 });
// DMS import: a batch's customers by `mobileKey $in` (dealership checked in code): FerretDB
// serves an $in only from an index led by that field.
customerSchema.index({ mobileKey: 1 });
// The care job: a dealership's birthdays on a day (birthdayKey $in the day's keys).
customerSchema.index({ dealershipId: 1, birthdayKey: 1 });
customerSchema.plugin(birthdayKeyPlugin);

export type CustomerDoc = InferSchemaType<typeof customerSchema>;
export const Customer = mongoose.model('Customer', customerSchema);

import mongoose, { Schema, type InferSchemaType } from 'mongoose';
import { POINTS_ENTRY_KINDS, POINTS_SOURCES } from '@dealer/shared';

/**
 * A points account: one per customer archive, so one per (customer, dealership); `_id` is the
 * archive's id. The account holds only hints for fast reads (`headSeq`, `balance`,
 * `nextExpiry`): the truth is the latest ledger entry, and a stale hint only costs a probe.
 */
const pointsAccountSchema = new Schema(
  {
    _id: { type: Schema.Types.ObjectId, required: true },
    dealershipId: { type: Schema.Types.ObjectId, required: true },
    /** Sequence number of the latest entry known to the writer that set it (a lower bound). */
    headSeq: { type: Number, required: true },
    /** The balance after `headSeq` (liability report; the nightly check corrects drift). */
    balance: { type: Number, required: true },
    /** Earliest expiry date (YYYY-MM-DD) of the lots after `headSeq`; 'none' when nothing expires. */
    nextExpiry: { type: String, required: true },
    createdAt: { type: Date, required: true }
  },
  { versionKey: false, collection: 'points_accounts' }
);
// The expiry job: a dealership's accounts with lots expiring before a day.
pointsAccountSchema.index({ dealershipId: 1, nextExpiry: 1 });

export type PointsAccountDoc = InferSchemaType<typeof pointsAccountSchema>;
export const PointsAccount = mongoose.model('PointsAccount', pointsAccountSchema);

/** Points still available from one credit, and when they expire. */
const lotSchema = new Schema(
  {
    /** `<seq>` of the entry that credited the lot (`<seq>.<n>` for lots a refund gives back). */
    lot: { type: String, required: true },
    /** Last day (YYYY-MM-DD, Asia/Shanghai) the points may be spent; null: never expire. */
    expiresOn: { type: String, default: null },
    remaining: { type: Number, required: true }
  },
  { _id: false }
);

/**
 * One append-only ledger entry. `_id` = `<accountId>:<seq>`: the next entry must take seq + 1,
 * so two writers that read the same balance cannot both append (the unique `_id` refuses the
 * second, which re-reads and retries). Each entry carries the balance and the lots after it,
 * so the balance read is one entry, never a sum.
 */
const pointsEntrySchema = new Schema(
  {
    _id: { type: String, required: true },
    accountId: { type: Schema.Types.ObjectId, required: true },
    dealershipId: { type: Schema.Types.ObjectId, required: true },
    seq: { type: Number, required: true },
    kind: { type: String, enum: POINTS_ENTRY_KINDS, required: true },
    source: { type: String, enum: POINTS_SOURCES, required: true },
    /** Signed change: positive credits, negative debits. */
    delta: { type: Number, required: true },
    balanceAfter: { type: Number, required: true },
    lots: { type: [lotSchema], default: [] },
    /** Debits: which lots they took points from (a refund gives them back with their expiry). */
    consumed: { type: [lotSchema], default: [] },
    reason: { type: String, required: true },
    /** `<dealershipId>:<kind>:<key>` of the business event (generated when there is none). */
    sourceKey: { type: String, required: true },
    /** The business record a chain of revisions belongs to (`ro:<roNumber>`), else null. */
    sourceRef: { type: String, default: null },
    /** Points the source accounts for after this entry (repair-order revisions diff against it). */
    sourcePoints: { type: Number, default: null },
    byStaffId: { type: Schema.Types.ObjectId, default: null },
    byName: { type: String, default: null },
    at: { type: Date, required: true }
  },
  { versionKey: false, collection: 'points_entries' }
);
// Each business event is credited or debited once.
pointsEntrySchema.index({ sourceKey: 1 }, { unique: true });
// An account's history, newest first.
pointsEntrySchema.index({ accountId: 1, seq: -1 });
// Repair-order revisions: a batch's ROs by `sourceRef $in` (dealership checked in the filter);
// FerretDB serves an $in only from an index led by that field.
pointsEntrySchema.index({ sourceRef: 1 });
// The daily report and reconciliation: a dealership's entries.
pointsEntrySchema.index({ dealershipId: 1, at: 1 });

export type PointsEntryDoc = InferSchemaType<typeof pointsEntrySchema>;
export const PointsEntry = mongoose.model('PointsEntry', pointsEntrySchema);

export const entryId = (accountId: string, seq: number) => `${accountId}:${seq}`;

/**
 * A mark a process writes when it starts remembering account heads (ledger-memory.ts): while
 * its mark is there, the ledger it learned them from is still this database.
 */
const ledgerMarkSchema = new Schema(
  {
    _id: { type: String, required: true },
    createdAt: { type: Date, required: true }
  },
  { versionKey: false, collection: 'points_ledger_marks' }
);

export const PointsLedgerMark = mongoose.model('PointsLedgerMark', ledgerMarkSchema);

import mongoose, { Schema, type InferSchemaType } from 'mongoose';

/**
 * One-time subscribe-message consent as a ledger (docs/wechat.md "Subscribe messages"): each
 * `accept` the mini-program reports is a grant; each WeChat send spends one grant.
 * Remaining = grants - spends. Both sides are unique inserts, so concurrent reports and
 * concurrent senders can neither lose an accept nor spend one twice (FerretDB's updates
 * are not atomic; docs/architecture.md "Invariants under concurrency").
 */
const grantSchema = new Schema(
  {
    /** `<ownerId>:<templateId>:<n>`, n = 1, 2, … per owner and template. */
    _id: { type: String, required: true },
    ownerId: { type: Schema.Types.ObjectId, required: true },
    templateId: { type: String, required: true },
    n: { type: Number, required: true },
    /** `<ownerId>:<requestId>:<templateId>` for a report carrying a requestId, else `none:<_id>`. */
    requestKey: { type: String, required: true },
    grantedAt: { type: Date, required: true }
  },
  { versionKey: false, collection: 'subscription_grants' }
);
// An owner's grants per template (remaining quota, choosing a grant to spend).
grantSchema.index({ ownerId: 1, templateId: 1 });
// A retried report counts once.
grantSchema.index({ requestKey: 1 }, { unique: true });

export type GrantDoc = InferSchemaType<typeof grantSchema>;
export const SubscriptionGrant = mongoose.model('SubscriptionGrant', grantSchema);

const spendSchema = new Schema(
  {
    /** The grant's id: a grant is spent at most once. */
    _id: { type: String, required: true },
    ownerId: { type: Schema.Types.ObjectId, required: true },
    templateId: { type: String, required: true },
    /** The care dispatch it paid for: a dispatch spends at most one grant. */
    dispatchId: { type: String, required: true },
    spentAt: { type: Date, required: true }
  },
  { versionKey: false, collection: 'subscription_spends' }
);
// An owner's spends per template (remaining quota).
spendSchema.index({ ownerId: 1, templateId: 1 });
// One grant per dispatch; a resumed send finds the grant it already holds.
spendSchema.index({ dispatchId: 1 }, { unique: true });

export const SubscriptionSpend = mongoose.model('SubscriptionSpend', spendSchema);

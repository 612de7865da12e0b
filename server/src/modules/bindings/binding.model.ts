import mongoose, { Schema, type InferSchemaType } from 'mongoose';

export const BINDING_SOURCES = ['qr_dealership', 'qr_advisor'] as const;

/** An owner's active link to their archive at a dealership (one per owner per dealership). */
const bindingSchema = new Schema(
  {
    ownerId: { type: Schema.Types.ObjectId, required: true },
    dealershipId: { type: Schema.Types.ObjectId, required: true },
    customerId: { type: Schema.Types.ObjectId, required: true },
    source: { type: String, enum: BINDING_SOURCES, required: true },
    advisorId: { type: Schema.Types.ObjectId, default: null },
    matched: { type: Boolean, required: true },
    boundAt: { type: Date, required: true },
    /**
     * The referral token of the share the owner bound through, stored in the binding's own
     * insert: a referral survives a crash before the hooks run (points reads it back).
     */
    referral: { type: String, default: null }
  },
  { versionKey: false, collection: 'bindings' }
);
// One active binding per owner per dealership; the unique insert settles concurrent binds.
bindingSchema.index({ ownerId: 1, dealershipId: 1 }, { unique: true });
// One WeChat owner per archive.
bindingSchema.index({ customerId: 1 }, { unique: true });

export type BindingDoc = InferSchemaType<typeof bindingSchema>;
export const Binding = mongoose.model('Binding', bindingSchema);

/** Append-only history of binds and unbinds, for the binding-rate KPI. */
const bindingEventSchema = new Schema(
  {
    type: { type: String, enum: ['bind', 'unbind'], required: true },
    ownerId: { type: Schema.Types.ObjectId, required: true },
    dealershipId: { type: Schema.Types.ObjectId, required: true },
    customerId: { type: Schema.Types.ObjectId, required: true },
    source: { type: String, default: null },
    advisorId: { type: Schema.Types.ObjectId, default: null },
    at: { type: Date, required: true }
  },
  { versionKey: false, collection: 'binding_events' }
);
// Binding-rate KPI per dealership over time.
bindingEventSchema.index({ dealershipId: 1, at: 1 });

export const BindingEvent = mongoose.model('BindingEvent', bindingEventSchema);

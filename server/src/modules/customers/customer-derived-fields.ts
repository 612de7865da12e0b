import type { Types } from 'mongoose';
import type { AnyBulkWriteOperation, Document } from 'mongodb';
import { inUpdateChunks } from '../../lib/jobs/bulk-write';
import { Customer } from './customer.model';

/**
 * Fields other modules compute for customers (tiers, classes) and the only way they write
 * them: unordered bulk updates in chunks the database answers (FerretDB: one update command
 * of 100+ statements is a chunk of its own), `$set` of these fields alone.
 */
export type DerivedField =
  | 'tier'
  | 'tierComputed'
  | 'tierScore'
  | 'tierOverride'
  | 'lifecycle'
  | 'vehicleAge'
  | 'usage'
  | 'serviceStage'
  | 'ageGroup'
  | 'lastPaidServiceDate'
  | 'classifiedAt';

export interface DerivedFieldsUpdate {
  customerId: Types.ObjectId;
  set: Partial<Record<DerivedField, unknown>>;
  /** Extra conditions on the customer: the write is skipped when they no longer hold. */
  where?: Record<string, unknown>;
}

/** Writes each customer's computed fields; returns how many customers were written. */
export async function writeDerivedFields(updates: readonly DerivedFieldsUpdate[]): Promise<number> {
  const ops: AnyBulkWriteOperation<Document>[] = updates.map((u) => ({
    updateOne: { filter: { ...u.where, _id: u.customerId }, update: { $set: u.set } }
  }));
  await inUpdateChunks(ops, (chunk) => Customer.collection.bulkWrite(chunk, { ordered: false }));
  return ops.length;
}

/** One customer's computed fields (a manager's tier override and its lifting). */
export async function writeCustomerDerivedFields(
  customerId: Types.ObjectId,
  set: DerivedFieldsUpdate['set']
): Promise<void> {
  await Customer.updateOne({ _id: customerId }, { $set: set });
}

/** The tier override each customer has now (`null` where none), for a run that must not undo one. */
export async function currentTierOverrides(
  customerIds: readonly Types.ObjectId[]
): Promise<Map<string, { setAt: Date | null } | null>> {
  const rows = await Customer.collection
    .find<{ _id: Types.ObjectId; tierOverride?: { setAt?: Date | null } | null }>(
      { _id: { $in: [...customerIds] } },
      { projection: { tierOverride: 1 } }
    )
    .toArray();
  return new Map(
    rows.map((r) => [r._id.toHexString(), r.tierOverride ? { setAt: r.tierOverride.setAt ?? null } : null])
  );
}

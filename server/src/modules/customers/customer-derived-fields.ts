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
}

/** Writes each customer's computed fields; returns how many customers were written. */
export async function writeDerivedFields(updates: readonly DerivedFieldsUpdate[]): Promise<number> {
  const ops: AnyBulkWriteOperation<Document>[] = updates.map((u) => ({ updateOne: { filter: { _id: u.customerId }, update: { $set: u.set } } }));
  await inUpdateChunks(ops, (chunk) => Customer.collection.bulkWrite(chunk, { ordered: false }));
  return ops.length;
}

/** One customer's computed fields (a manager's tier override and its lifting). */
export async function writeCustomerDerivedFields(customerId: Types.ObjectId, set: DerivedFieldsUpdate['set']): Promise<void> {
  await Customer.updateOne({ _id: customerId }, { $set: set });
}

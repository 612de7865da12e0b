import mongoose, { Schema, Types } from 'mongoose';
import type { ImportKind } from '@dealer/shared';
import { clock } from '../../lib/clock';
import { isDuplicateKeyError } from '../../lib/errors';
import { normalizeHeader, type HeaderMapping } from './parsing';

/**
 * A dealership's column mappings, per import kind: one document per header, so saving
 * one column's mapping never rewrites another's (two managers mapping different columns
 * at once both keep theirs). Next month's export with the same headers is mapped alike.
 */
const savedMappingSchema = new Schema(
  {
    dealershipId: { type: Schema.Types.ObjectId, required: true },
    kind: { type: String, required: true },
    /** normalizeHeader(header): '金额(元)' and '金额' are one column. */
    headerKey: { type: String, required: true },
    header: { type: String, required: true },
    field: { type: String, required: true },
    updatedAt: { type: Date, required: true }
  },
  { versionKey: false, collection: 'import_mappings' }
);
// One mapping per column of a dealership's import kind; also serves the lookup below.
savedMappingSchema.index({ dealershipId: 1, kind: 1, headerKey: 1 }, { unique: true });

export const SavedMapping = mongoose.model('SavedMapping', savedMappingSchema);

export async function savedMappingFor(dealershipId: string, kind: ImportKind): Promise<HeaderMapping> {
  const rows = await SavedMapping.find({ dealershipId: new Types.ObjectId(dealershipId), kind }).lean();
  return Object.fromEntries(rows.map((r) => [r.header, r.field])) as HeaderMapping;
}

/** Saves each column's mapping on its own (upsert; a racing first insert is retried as an update). */
export async function saveMapping(
  dealershipId: string,
  kind: ImportKind,
  mapping: HeaderMapping
): Promise<void> {
  const now = clock.now();
  for (const [header, field] of Object.entries(mapping)) {
    const key = { dealershipId: new Types.ObjectId(dealershipId), kind, headerKey: normalizeHeader(header) };
    const write = () =>
      SavedMapping.updateOne(key, { $set: { header, field, updatedAt: now } }, { upsert: true });
    try {
      await write();
    } catch (err) {
      if (!isDuplicateKeyError(err)) throw err;
      await write();
    }
  }
}

/** The saved mapping under the uploader's own: a column the uploader mapped is theirs. */
export function withSavedMapping(saved: HeaderMapping, explicit: HeaderMapping): HeaderMapping {
  const explicitKeys = new Set(Object.keys(explicit).map(normalizeHeader));
  const kept = Object.entries(saved).filter(([header]) => !explicitKeys.has(normalizeHeader(header)));
  return { ...Object.fromEntries(kept), ...explicit } as HeaderMapping;
}

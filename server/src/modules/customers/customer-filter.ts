import { Types } from 'mongoose';
import type { SegmentFilter } from '@dealer/shared';
import { op } from '../../lib/query';
import { Customer } from './customer.model';
import type { CustomerFilter } from './customer.scope';

/**
 * The one mapping from a customer filter (segments, the staff list, care audiences) to a
 * mongo filter. Every condition is a top-level field, and the lists are `$in` on the
 * classification fields the customer model indexes with dealershipId, so FerretDB narrows
 * them in SQLite before decoding anything.
 */

const LIST_KEYS = [
  'tier',
  'lifecycle',
  'vehicleAge',
  'usage',
  'serviceStage',
  'regionClass',
  'ageGroup',
  'occupationClass'
] as const;

/** The conditions of a filter without the dealership (callers that scope themselves). */
export function segmentConditions(filter: SegmentFilter): CustomerFilter {
  const where: CustomerFilter = {};
  for (const key of LIST_KEYS) {
    const values = filter[key];
    if (values && values.length > 0) where[key] = op.in([...new Set<string>(values)]);
  }
  if (filter.tags && filter.tags.length > 0) where.tags = op.in([...new Set(filter.tags)]);
  if (filter.advisorId !== undefined)
    where.advisorId = filter.advisorId === 'none' ? null : new Types.ObjectId(filter.advisorId);
  if (filter.bound !== undefined) where.ownerId = filter.bound ? op.ne(null) : null;
  // Consent may be missing on old archives: "not agreed" includes them.
  if (filter.consentMarketing !== undefined)
    where['consent.marketing'] = filter.consentMarketing ? true : op.ne(true);
  return where;
}

/** A dealership's customers matching the filter. */
export function segmentFilter(dealershipId: Types.ObjectId | string, filter: SegmentFilter): CustomerFilter {
  return { ...segmentConditions(filter), dealershipId: new Types.ObjectId(String(dealershipId)) };
}

export const AUDIENCE_PROJECTION = {
  _id: 1,
  name: 1,
  mobile: 1,
  ownerId: 1,
  advisorId: 1,
  tier: 1,
  lifecycle: 1,
  consent: 1,
  birthday: 1,
  lastPaidServiceDate: 1
} as const;

export interface AudienceOptions {
  batchSize?: number;
  projection?: Record<string, 0 | 1>;
}

/**
 * A segment's customers for an audience (care engine), in batches from one cursor: memory
 * stays at one batch whatever the segment's size. Unordered, so nothing is sorted.
 */
export async function* streamSegmentCustomers(
  dealershipId: Types.ObjectId | string,
  filter: SegmentFilter,
  options: AudienceOptions = {}
): AsyncGenerator<Array<Record<string, unknown> & { _id: Types.ObjectId }>> {
  const batchSize = options.batchSize ?? 1000;
  const cursor = Customer.find(segmentFilter(dealershipId, filter), options.projection ?? AUDIENCE_PROJECTION)
    .lean<Array<Record<string, unknown> & { _id: Types.ObjectId }>>()
    .cursor({ batchSize });
  let batch: Array<Record<string, unknown> & { _id: Types.ObjectId }> = [];
  for await (const doc of cursor) {
    batch.push(doc as unknown as Record<string, unknown> & { _id: Types.ObjectId });
    if (batch.length >= batchSize) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}

import { Types } from 'mongoose';
import {
  segmentFilter as segmentFilterSchema,
  type CreateSegmentRequest,
  type SegmentCustomer,
  type SegmentFilter,
  type SegmentView,
  type UpdateSegmentRequest
} from '@dealer/shared';
import type { StaffAuth } from '../../http/auth-context';
import { clock } from '../../lib/clock';
import { conflict, isDuplicateKeyError, notFound, unprocessable } from '../../lib/errors';
import { Customer } from '../customers/customer.model';
import { segmentFilter } from '../customers/customer-filter';
import { deleteUnusedSegment } from './segment-guard';
import { Segment, type SegmentDoc } from './segment.model';
import { presentSegment, presentSegmentCustomers } from './segment.present';
import { mayActOn, oneDealership } from '../../http/dealership-scope';

const PREVIEW_SAMPLE = 10;

type SegmentRecord = SegmentDoc & { _id: Types.ObjectId };

/** A stored filter, checked again: a value list may have changed since it was saved. */
export function storedFilter(segment: Pick<SegmentRecord, 'filter'>): SegmentFilter {
  const parsed = segmentFilterSchema.safeParse(segment.filter);
  if (!parsed.success) throw unprocessable('SEGMENT_FILTER_OUTDATED', '分群条件已失效，请重新编辑后保存');
  return parsed.data;
}

/** Loads a segment of the caller's dealership (404 for another's, the same as a missing one). */
async function loadSegment(auth: StaffAuth, id: string): Promise<SegmentRecord> {
  const segment = await Segment.findById(id).lean();
  const own = segment && mayActOn(auth, String(segment.dealershipId));
  if (!segment || !own) throw notFound('分群', 'SEGMENT_NOT_FOUND');
  return segment;
}

const nameTaken = (name: string) => conflict('SEGMENT_NAME_TAKEN', `分群名称「${name}」已存在`);

export async function listSegments(auth: StaffAuth, dealershipId?: string): Promise<SegmentView[]> {
  const rows = await Segment.find({
    dealershipId: new Types.ObjectId(oneDealership(auth, dealershipId))
  }).lean();
  return rows.sort((a, b) => b.updatedAt.getTime() - a.updatedAt.getTime()).map(presentSegment);
}

export async function createSegment(auth: StaffAuth, input: CreateSegmentRequest): Promise<SegmentView> {
  const dealershipId = new Types.ObjectId(oneDealership(auth, input.dealershipId));
  const now = clock.now();
  try {
    const doc = await Segment.create({
      dealershipId,
      name: input.name,
      description: input.description ?? '',
      filter: input.filter,
      createdBy: new Types.ObjectId(auth.staffId),
      createdByName: auth.name,
      createdAt: now,
      updatedAt: now
    });
    return presentSegment(doc.toObject());
  } catch (err) {
    if (isDuplicateKeyError(err)) throw nameTaken(input.name);
    throw err;
  }
}

export async function updateSegment(
  auth: StaffAuth,
  id: string,
  patch: UpdateSegmentRequest
): Promise<SegmentView> {
  const segment = await loadSegment(auth, id);
  const set: Record<string, unknown> = { updatedAt: clock.now() };
  if (patch.name !== undefined) set.name = patch.name;
  if (patch.description !== undefined) set.description = patch.description;
  if (patch.filter !== undefined) set.filter = patch.filter;
  try {
    await Segment.updateOne({ _id: segment._id }, { $set: set });
  } catch (err) {
    if (isDuplicateKeyError(err)) throw nameTaken(patch.name ?? segment.name);
    throw err;
  }
  return presentSegment(await loadSegment(auth, id));
}

/** A segment a (not deleted) care rule uses cannot be deleted: the rule would stop working. */
export async function deleteSegment(auth: StaffAuth, id: string): Promise<void> {
  await deleteUnusedSegment(await loadSegment(auth, id));
}

async function matching(
  dealershipId: Types.ObjectId | string,
  filter: SegmentFilter,
  page: number,
  pageSize: number
) {
  const where = segmentFilter(dealershipId, filter);
  const [rows, total] = await Promise.all([
    Customer.find(where)
      .sort({ updatedAt: -1, _id: -1 })
      .skip((page - 1) * pageSize)
      .limit(pageSize)
      .lean(),
    Customer.countDocuments(where)
  ]);
  return { rows, total };
}

export async function segmentCustomers(auth: StaffAuth, id: string, page: number, pageSize: number) {
  const segment = await loadSegment(auth, id);
  const { rows, total } = await matching(segment.dealershipId, storedFilter(segment), page, pageSize);
  return { items: await presentSegmentCustomers(rows), total, page, pageSize };
}

export async function previewSegment(
  auth: StaffAuth,
  filter: SegmentFilter,
  dealershipId?: string
): Promise<{ count: number; sample: SegmentCustomer[] }> {
  const { rows, total } = await matching(oneDealership(auth, dealershipId), filter, 1, PREVIEW_SAMPLE);
  return { count: total, sample: await presentSegmentCustomers(rows) };
}

/** For the care engine (wired in composition.ts): a segment id → its customer filter. */
export async function resolveSegmentFilter(dealershipId: Types.ObjectId, segmentId: Types.ObjectId) {
  const segment = await Segment.findOne({ _id: segmentId, dealershipId }).lean();
  if (!segment) return null;
  // Wrapped in $and so a caller spreading its own conditions next to it cannot replace ours.
  return { $and: [segmentFilter(dealershipId, storedFilter(segment))] };
}

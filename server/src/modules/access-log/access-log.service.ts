import mongoose, { Types, type FilterQuery } from 'mongoose';
import type { z } from 'zod';
import type { accessLogQuery } from '@dealer/shared';
import type { StaffAuth } from '../../http/auth-context';
import { GroupCommitWriter } from '../../lib/group-commit';
import { clock } from '../../lib/clock';
import { dealershipScope } from '../../http/dealership-scope';
import { AccessLog, type AccessLogDoc } from './access-log.model';

export interface AccessEntry {
  auth: StaffAuth;
  action: 'view' | 'export';
  dealershipId: Types.ObjectId | string | null;
  customer?: { _id: Types.ObjectId; name: string } | null;
  detail?: string;
  requestId?: string;
}

/** Appends one entry; callers await it so a view is never answered without its record. */
/** Entries of concurrent requests are stored together; each request still waits for its own. */
const accessLogWriter = new GroupCommitWriter<Record<string, unknown>>((entries) =>
  AccessLog.insertMany(entries, { ordered: true })
);

export async function recordAccess(entry: AccessEntry): Promise<void> {
  await accessLogWriter.write({
    dealershipId: entry.dealershipId ? new Types.ObjectId(String(entry.dealershipId)) : null,
    staffId: new Types.ObjectId(entry.auth.staffId),
    staffName: entry.auth.name,
    action: entry.action,
    customerId: entry.customer?._id ?? null,
    customerName: entry.customer?.name ?? null,
    detail: entry.detail ?? '',
    requestId: entry.requestId ?? '',
    at: clock.now()
  });
}

/** Start of a calendar day in Asia/Shanghai (UTC+8, no daylight saving). */
const shanghaiDayStart = (day: string) => new Date(`${day}T00:00:00+08:00`);

/** The review list: a manager sees their dealership's entries, a group admin all (or one dealership's). */
export async function listAccessLog(auth: StaffAuth, query: z.infer<typeof accessLogQuery>) {
  const filter: FilterQuery<AccessLogDoc> = {};
  const dealershipId = dealershipScope(auth, query.dealershipId ?? null);
  if (dealershipId) filter.dealershipId = new Types.ObjectId(dealershipId);
  if (query.customerId) filter.customerId = new Types.ObjectId(query.customerId);
  if (query.staffId) filter.staffId = new Types.ObjectId(query.staffId);
  if (query.action) filter.action = query.action;
  if (query.from || query.to) {
    const range: { $gte?: Date; $lt?: Date } = {};
    if (query.from) range.$gte = shanghaiDayStart(query.from);
    if (query.to) range.$lt = new Date(shanghaiDayStart(query.to).getTime() + 86_400_000);
    filter.at = mongoose.trusted(range);
  }
  const [rows, total] = await Promise.all([
    AccessLog.find(filter)
      .sort({ at: -1, _id: -1 })
      .skip((query.page - 1) * query.pageSize)
      .limit(query.pageSize)
      .lean(),
    AccessLog.countDocuments(filter)
  ]);
  return {
    items: rows.map((r) => ({
      id: String(r._id),
      at: r.at.toISOString(),
      action: r.action,
      staff: { id: String(r.staffId), name: r.staffName },
      customer: r.customerId ? { id: String(r.customerId), name: r.customerName ?? '' } : null,
      dealershipId: r.dealershipId ? String(r.dealershipId) : null,
      detail: r.detail ?? ''
    })),
    total,
    page: query.page,
    pageSize: query.pageSize
  };
}

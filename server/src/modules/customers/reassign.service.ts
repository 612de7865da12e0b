import mongoose, { Types } from 'mongoose';
import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type { reassignRequest } from '@dealer/shared';
import type { StaffAuth } from '../../http/auth-context';
import { mayActOn } from '../../http/dealership-scope';
import { clock } from '../../lib/clock';
import { conflict, isDuplicateKeyError, unprocessable } from '../../lib/errors';
import { findDealership } from '../dealerships/dealership.service';
import { Notice } from '../notices/notice.model';
import { notifyOwner } from '../notices/notice.service';
import { Staff } from '../staff/staff.model';
import { Customer } from './customer.model';
import { Reassignment } from './reassignment.model';

type ReassignInput = z.infer<typeof reassignRequest>;
const CHUNK = 500;
const NOTIFY_PARALLEL = 20;

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
const inIds = (ids: Types.ObjectId[]) => mongoose.trusted({ $in: ids });

/** Both advisors in the caller's dealership (a group admin: the from-advisor's); the new one enabled. */
async function resolveAdvisors(auth: StaffAuth, input: ReassignInput) {
  const [from, to] = await Promise.all([
    Staff.findById(input.fromAdvisorId, { dealershipId: 1, name: 1 }).lean(),
    Staff.findById(input.toAdvisorId, { dealershipId: 1, name: 1, role: 1, disabled: 1 }).lean()
  ]);
  const dealership = from?.dealershipId ? String(from.dealershipId) : null;
  if (!from || !dealership || !mayActOn(auth, dealership)) {
    throw unprocessable('INVALID_ADVISOR', '原服务顾问不是本门店员工', { field: 'body.fromAdvisorId' });
  }
  if (!to || String(to.dealershipId) !== dealership || to.role !== 'advisor' || to.disabled) {
    throw unprocessable('INVALID_ADVISOR', '新服务顾问须为本门店在职的服务顾问', {
      field: 'body.toAdvisorId'
    });
  }
  return { from, to, dealershipId: new Types.ObjectId(dealership) };
}

/** The batch's customers: the stored snapshot if this batchId was seen, else a new one. */
async function openBatch(
  auth: StaffAuth,
  input: ReassignInput,
  batchId: string,
  ctx: Awaited<ReturnType<typeof resolveAdvisors>>
) {
  const key = `${ctx.dealershipId}:${batchId}`;
  const sameBatch = (b: { fromAdvisorId: Types.ObjectId; toAdvisorId: Types.ObjectId }) => {
    if (!b.fromAdvisorId.equals(ctx.from._id) || !b.toAdvisorId.equals(ctx.to._id)) {
      throw conflict('BATCH_ID_REUSED', '该批次号已用于另一次调整，请刷新后重试');
    }
  };
  const existing = await Reassignment.findById(key).lean();
  if (existing) {
    sameBatch(existing);
    return existing.customerIds;
  }

  const only = input.customerIds ? { _id: inIds(input.customerIds.map((id) => new Types.ObjectId(id))) } : {};
  const candidates = await Customer.find(
    { dealershipId: ctx.dealershipId, advisorId: ctx.from._id, ...only },
    { _id: 1 }
  ).lean();
  const customerIds = candidates.map((c) => c._id);
  try {
    await Reassignment.create({
      _id: key,
      dealershipId: ctx.dealershipId,
      batchId,
      fromAdvisorId: ctx.from._id,
      toAdvisorId: ctx.to._id,
      customerIds,
      byStaffId: new Types.ObjectId(auth.staffId),
      byStaffName: auth.name,
      createdAt: clock.now()
    });
    return customerIds;
  } catch (err) {
    if (!isDuplicateKeyError(err)) throw err;
    // A concurrent twin of this request won the insert: work on its snapshot.
    const winner = await Reassignment.findById(key).lean();
    if (!winner) throw err;
    sameBatch(winner);
    return winner.customerIds;
  }
}

/**
 * Moves the from-advisor's customers (all, or the listed ones) to the new advisor and tells
 * each bound owner once. Safe to retry with the same batchId: moves are conditional on the
 * old advisor, notices are keyed `reassign:<batchId>:<customerId>`, and the answer is read
 * back from the database, so a retry answers what the batch did, not what it added.
 */
export async function reassignCustomers(auth: StaffAuth, input: ReassignInput) {
  const ctx = await resolveAdvisors(auth, input);
  const batchId = input.batchId ?? randomUUID();
  const customerIds = await openBatch(auth, input, batchId, ctx);
  const now = clock.now();
  for (const ids of chunks(customerIds, CHUNK)) {
    await Customer.updateMany(
      { _id: inIds(ids), dealershipId: ctx.dealershipId, advisorId: ctx.from._id },
      { $set: { advisorId: ctx.to._id, updatedAt: now } }
    );
  }

  const dealership = await findDealership(ctx.dealershipId);
  const dedupeKey = (customerId: Types.ObjectId) => `reassign:${batchId}:${customerId}`;
  let moved = 0;
  for (const ids of chunks(customerIds, CHUNK)) {
    const rows = await Customer.find(
      { _id: inIds(ids), dealershipId: ctx.dealershipId, advisorId: ctx.to._id },
      { ownerId: 1 }
    ).lean();
    moved += rows.length;
    const bound = rows.filter((r) => r.ownerId);
    for (const group of chunks(bound, NOTIFY_PARALLEL)) {
      await Promise.all(
        group.map((c) =>
          notifyOwner({
            ownerId: c.ownerId as Types.ObjectId,
            dealershipId: ctx.dealershipId,
            customerId: c._id,
            kind: 'advisor_changed',
            title: '服务顾问变更通知',
            body: `您在「${dealership.name}」的专属服务顾问已变更为 ${ctx.to.name}，后续保养提醒与服务将由其为您跟进。`,
            dedupeKey: dedupeKey(c._id)
          })
        )
      );
    }
  }
  let notified = 0;
  for (const ids of chunks(customerIds, CHUNK)) {
    notified += await Notice.countDocuments({ dedupeKey: mongoose.trusted({ $in: ids.map(dedupeKey) }) });
  }
  return { batchId, moved, notified };
}

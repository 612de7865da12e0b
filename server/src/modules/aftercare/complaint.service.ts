import { Types } from 'mongoose';
import type { z } from 'zod';
import type { complaintActionRequest } from '@dealer/shared';
import type { StaffAuth } from '../../http/auth-context';
import { clock } from '../../lib/clock';
import { badRequest, forbidden, isDuplicateKeyError, notFound } from '../../lib/errors';
import { insertManyUnique } from '../../lib/jobs/unique-insert';
import { Staff } from '../staff/staff.model';
import { aftercareSettingsOf } from './aftercare-settings.service';
import { Complaint, ComplaintEvent, type ComplaintDoc } from './complaint.model';
import { applyComplaintChange, type ComplaintChange } from './complaint-workflow';
import { complaintScope } from './aftercare.policy';

const HOUR = 3_600_000;

export interface ComplaintCustomer {
  _id: Types.ObjectId;
  dealershipId: Types.ObjectId;
  name: string;
  mobile?: string | null;
  tier?: string | null;
  advisorId?: Types.ObjectId | null;
  ownerId?: Types.ObjectId | null;
}

export interface NewComplaint {
  /** Once-only key: `callback:<id>`, `survey:<id>`, `owner:<id>`. */
  key: string;
  customer: ComplaintCustomer;
  source: 'owner' | 'callback' | 'survey';
  visitKey: string | null;
  category: string;
  text: string;
  by: string;
  byName: string;
}

/** The acknowledge and resolve deadlines of a customer's tier (untiered: as C). */
export async function deadlinesFor(dealershipId: string, tier: string | null | undefined, from: Date) {
  const { deadlines } = await aftercareSettingsOf(dealershipId);
  const d = deadlines[(tier ?? 'C') as keyof typeof deadlines] ?? deadlines.C;
  return {
    ackDueAt: new Date(from.getTime() + d.ackHours * HOUR),
    resolveDueAt: new Date(from.getTime() + d.resolveHours * HOUR)
  };
}

/**
 * Opens a complaint once per key (a double tap, a retried call or a second job instance
 * find the key taken and get the same complaint), with its first history entry.
 */
export async function openComplaint(input: NewComplaint): Promise<ComplaintDoc> {
  const now = clock.now();
  const c = input.customer;
  const _id = new Types.ObjectId();
  const openedEvent = (complaintId: Types.ObjectId, at: Date) => ({
    _id: `${String(complaintId)}:1`,
    complaintId,
    version: 1,
    action: 'opened',
    by: input.by,
    byName: input.byName,
    fromStatus: null,
    toStatus: 'new',
    note: '',
    internal: false,
    set: {},
    at
  });
  try {
    await Complaint.create({
      _id,
      key: input.key,
      dealershipId: c.dealershipId,
      customerId: c._id,
      customerName: c.name,
      mobile: c.mobile ?? null,
      ownerId: c.ownerId ?? null,
      tier: c.tier ?? null,
      advisorId: c.advisorId ?? null,
      assigneeId: c.advisorId ?? null,
      source: input.source,
      visitKey: input.visitKey,
      category: input.category,
      text: input.text,
      reply: '',
      status: 'new',
      version: 1,
      ...(await deadlinesFor(String(c.dealershipId), c.tier, now)),
      ackEscalated: false,
      resolveEscalated: false,
      createdAt: now,
      updatedAt: now
    });
  } catch (err) {
    if (!isDuplicateKeyError(err)) throw err;
    const existing = await Complaint.findOne({ key: input.key }).lean<ComplaintDoc>();
    if (!existing) throw err;
    // Its opener may have stopped before the first history entry: write it (once, by its id).
    await insertManyUnique(ComplaintEvent, [openedEvent(existing._id, existing.createdAt)]);
    return existing;
  }
  await insertManyUnique(ComplaintEvent, [openedEvent(_id, now)]);
  const created = await Complaint.findById(_id).lean<ComplaintDoc>();
  if (!created) throw notFound('投诉', 'COMPLAINT_NOT_FOUND');
  return created;
}

export async function loadComplaintFor(auth: StaffAuth, id: string): Promise<ComplaintDoc> {
  const c = await Complaint.findOne({
    ...complaintScope(auth),
    _id: new Types.ObjectId(id)
  }).lean<ComplaintDoc>();
  if (!c) throw notFound('投诉', 'COMPLAINT_NOT_FOUND');
  return c;
}

type ActionInput = z.infer<typeof complaintActionRequest>;

async function assigneeIn(dealershipId: Types.ObjectId, assigneeId: string | undefined) {
  if (!assigneeId) throw badRequest('ASSIGNEE_REQUIRED', '请选择处理人（assigneeId）');
  const staff = await Staff.findOne({ _id: new Types.ObjectId(assigneeId), dealershipId }, { _id: 1 }).lean();
  if (!staff) throw notFound('处理人', 'ASSIGNEE_NOT_FOUND');
  return staff._id;
}

/** A staff member's step on a complaint: acknowledge, start, resolve (with the reply), note, assign. */
export async function actOnComplaint(auth: StaffAuth, id: string, input: ActionInput): Promise<ComplaintDoc> {
  const complaint = await loadComplaintFor(auth, id);
  const now = clock.now();
  const change: ComplaintChange = {
    action: input.action,
    by: `staff:${auth.staffId}`,
    byName: auth.name,
    note: input.note,
    internal: input.action === 'note' || input.action === 'assign'
  };
  if (input.action === 'acknowledge') change.set = { acknowledgedAt: now };
  if (input.action === 'resolve') {
    if (!input.reply) throw badRequest('REPLY_REQUIRED', '请填写给车主的处理答复（reply）');
    change.set = { resolvedAt: now, reply: input.reply };
  }
  if (input.action === 'note' && !input.note) throw badRequest('NOTE_REQUIRED', '请填写备注内容（note）');
  if (input.action === 'assign') {
    if (auth.role === 'advisor') throw forbidden('只有经理可以指派投诉', 'ASSIGN_NOT_ALLOWED');
    change.set = { assigneeId: await assigneeIn(complaint.dealershipId, input.assigneeId) };
  }
  return applyComplaintChange(complaint, change);
}

/** The owner confirms a resolved complaint (closed) or reopens it (new deadlines from now). */
export async function ownerConfirmOrReopen(
  complaint: ComplaintDoc,
  action: 'confirm' | 'reopen',
  reason?: string
): Promise<ComplaintDoc> {
  const now = clock.now();
  const set: Record<string, unknown> =
    action === 'confirm'
      ? { closedAt: now }
      : {
          ...(await deadlinesFor(String(complaint.dealershipId), complaint.tier, now)),
          ackEscalated: false,
          resolveEscalated: false,
          acknowledgedAt: null,
          resolvedAt: null
        };
  return applyComplaintChange(complaint, {
    action,
    by: 'owner',
    byName: '车主',
    note: reason,
    internal: false,
    set
  });
}

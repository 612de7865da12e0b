import { Types } from 'mongoose';
import type { z } from 'zod';
import type { complaintListQuery } from '@dealer/shared';
import type { StaffAuth } from '../../http/auth-context';
import { clock } from '../../lib/clock';
import { notFound } from '../../lib/errors';
import { op } from '../../lib/query';
import { recordAccess } from '../access-log/access-log.service';
import { ownerCustomers, complaintScope } from './aftercare.policy';
import {
  Complaint,
  ComplaintEvent,
  ComplaintPhoto,
  type ComplaintDoc,
  type ComplaintEventDoc
} from './complaint.model';
import { presentComplaint, presentOwnerComplaint, type PhotoRecord } from './complaint.present';

async function partsOf(ids: readonly Types.ObjectId[]) {
  if (ids.length === 0)
    return { photos: new Map<string, PhotoRecord[]>(), events: new Map<string, ComplaintEventDoc[]>() };
  const [photos, events] = await Promise.all([
    ComplaintPhoto.find({ complaintId: op.in(ids) }, { mime: 1, bytes: 1, complaintId: 1 })
      .sort({ _id: 1 })
      .lean(),
    ComplaintEvent.find({ complaintId: op.in(ids) })
      .sort({ complaintId: 1, version: 1 })
      .lean<ComplaintEventDoc[]>()
  ]);
  const group = <T extends { complaintId: unknown }>(rows: T[]) => {
    const out = new Map<string, T[]>();
    for (const r of rows) out.set(String(r.complaintId), [...(out.get(String(r.complaintId)) ?? []), r]);
    return out;
  };
  return {
    photos: group(photos) as unknown as Map<string, PhotoRecord[]>,
    events: group(events)
  };
}

/** Staff views of complaints with photos and full history (internal notes included). */
export async function presentForStaff(list: readonly ComplaintDoc[]) {
  const { photos, events } = await partsOf(list.map((c) => c._id));
  const now = clock.now();
  return list.map((c) =>
    presentComplaint(c, photos.get(String(c._id)) ?? [], events.get(String(c._id)) ?? [], now)
  );
}

export async function listComplaints(auth: StaffAuth, q: z.infer<typeof complaintListQuery>) {
  const filter: Record<string, unknown> = { ...complaintScope(auth, q.dealershipId) };
  if (q.status) filter.status = q.status;
  if (q.customerId) filter.customerId = new Types.ObjectId(q.customerId);
  const [rows, total] = await Promise.all([
    Complaint.find(filter)
      .sort({ createdAt: -1, _id: -1 })
      .skip((q.page - 1) * q.pageSize)
      .limit(q.pageSize)
      .lean<ComplaintDoc[]>(),
    Complaint.countDocuments(filter)
  ]);
  return { items: await presentForStaff(rows), total, page: q.page, pageSize: q.pageSize };
}

/** One complaint for staff; opening it is an archive view, written to the access log. */
export async function complaintDetail(auth: StaffAuth, complaint: ComplaintDoc, requestId: string) {
  await recordAccess({
    auth,
    action: 'view',
    dealershipId: complaint.dealershipId,
    customer: { _id: complaint.customerId, name: complaint.customerName },
    detail: `complaint:${String(complaint._id)}`,
    requestId
  });
  const [view] = await presentForStaff([complaint]);
  return view;
}

/** An owner's complaint, through the archives bound to them (anything else is 404). */
export async function loadOwnerComplaint(ownerId: string, id: string): Promise<ComplaintDoc> {
  const customers = await ownerCustomers(ownerId);
  const c = await Complaint.findOne({
    _id: new Types.ObjectId(id),
    customerId: op.in(customers.map((x) => x._id))
  }).lean<ComplaintDoc>();
  if (!c) throw notFound('投诉', 'COMPLAINT_NOT_FOUND');
  return c;
}

export async function presentForOwner(list: readonly ComplaintDoc[]) {
  const { photos, events } = await partsOf(list.map((c) => c._id));
  return list.map((c) =>
    presentOwnerComplaint(c, photos.get(String(c._id)) ?? [], events.get(String(c._id)) ?? [])
  );
}

export async function ownerComplaints(ownerId: string) {
  const customers = await ownerCustomers(ownerId);
  const rows = customers.length
    ? await Complaint.find({ customerId: op.in(customers.map((c) => c._id)) })
        .sort({ createdAt: -1 })
        .limit(100)
        .lean<ComplaintDoc[]>()
    : [];
  return { items: await presentForOwner(rows) };
}

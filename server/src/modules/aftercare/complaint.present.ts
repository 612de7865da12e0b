import type { ComplaintView, ComplaintStatus } from '@dealer/shared';
import type { z } from 'zod';
import type { complaintEventView, ownerComplaintView } from '@dealer/shared';
import type { ComplaintDoc, ComplaintEventDoc } from './complaint.model';

type EventView = z.infer<typeof complaintEventView>;
type OwnerView = z.infer<typeof ownerComplaintView>;
export interface PhotoRecord {
  _id: string;
  mime: string;
  bytes: number;
}

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);
const OPEN_FOR_ACK: readonly string[] = ['new', 'reopened'];
const OPEN_FOR_RESOLVE: readonly string[] = ['new', 'reopened', 'acknowledged', 'in_progress'];

export function presentEvent(e: ComplaintEventDoc): EventView {
  return {
    version: e.version,
    action: e.action as EventView['action'],
    by: e.byName || e.by,
    fromStatus: (e.fromStatus ?? null) as EventView['fromStatus'],
    toStatus: e.toStatus as EventView['toStatus'],
    note: e.note ?? '',
    at: e.at.toISOString()
  };
}

export function presentOwnerComplaint(
  c: ComplaintDoc,
  photos: readonly PhotoRecord[],
  events: readonly ComplaintEventDoc[]
): OwnerView {
  return {
    id: String(c._id),
    status: c.status as ComplaintStatus,
    category: c.category as OwnerView['category'],
    text: c.text,
    visitKey: c.visitKey ?? null,
    reply: c.reply ?? '',
    photos: photos.map((p) => ({ id: p._id, mime: p.mime, bytes: p.bytes })),
    createdAt: c.createdAt.toISOString(),
    resolvedAt: iso(c.resolvedAt),
    closedAt: iso(c.closedAt),
    history: events.filter((e) => !e.internal).map(presentEvent)
  };
}

export function presentComplaint(
  c: ComplaintDoc,
  photos: readonly PhotoRecord[],
  events: readonly ComplaintEventDoc[],
  now: Date
): ComplaintView {
  return {
    ...presentOwnerComplaint(c, photos, []),
    history: events.map(presentEvent),
    source: c.source as ComplaintView['source'],
    tier: (c.tier ?? null) as ComplaintView['tier'],
    customer: { id: String(c.customerId), name: c.customerName, mobile: c.mobile ?? null },
    advisorId: c.advisorId ? String(c.advisorId) : null,
    assigneeId: c.assigneeId ? String(c.assigneeId) : null,
    ackDueAt: c.ackDueAt.toISOString(),
    resolveDueAt: c.resolveDueAt.toISOString(),
    acknowledgedAt: iso(c.acknowledgedAt),
    ackOverdue: OPEN_FOR_ACK.includes(c.status) && c.ackDueAt.getTime() < now.getTime(),
    resolveOverdue: OPEN_FOR_RESOLVE.includes(c.status) && c.resolveDueAt.getTime() < now.getTime(),
    escalated: c.ackEscalated || c.resolveEscalated
  };
}

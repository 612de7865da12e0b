import type { Types } from 'mongoose';
import type { SegmentCustomer, SegmentView } from '@dealer/shared';
import { maskMobile } from '@dealer/shared/domain';
import { refOf, staffNames } from '../customers/customer.present';
import type { CustomerDoc } from '../customers/customer.model';
import type { SegmentDoc } from './segment.model';

export function presentSegment(s: SegmentDoc & { _id: Types.ObjectId }): SegmentView {
  return {
    id: String(s._id),
    dealershipId: String(s.dealershipId),
    name: s.name,
    description: s.description ?? '',
    filter: s.filter as SegmentView['filter'],
    createdBy: { id: String(s.createdBy), name: s.createdByName },
    createdAt: s.createdAt.toISOString(),
    updatedAt: s.updatedAt.toISOString()
  };
}

/** Audience members as a list shows them: who, how to reach, and the classes that matched. */
export async function presentSegmentCustomers(
  rows: Array<CustomerDoc & { _id: Types.ObjectId }>
): Promise<SegmentCustomer[]> {
  const names = await staffNames(rows.map((r) => r.advisorId));
  return rows.map((c) => ({
    id: String(c._id),
    name: c.name,
    mobileMasked: c.mobile ? maskMobile(c.mobile) : null,
    tier: (c.tier ?? null) as SegmentCustomer['tier'],
    lifecycle: (c.lifecycle ?? null) as SegmentCustomer['lifecycle'],
    vehicleAge: (c.vehicleAge ?? null) as SegmentCustomer['vehicleAge'],
    usage: (c.usage ?? null) as SegmentCustomer['usage'],
    serviceStage: (c.serviceStage ?? null) as SegmentCustomer['serviceStage'],
    ageGroup: (c.ageGroup ?? null) as SegmentCustomer['ageGroup'],
    regionClass: (c.regionClass ?? null) as SegmentCustomer['regionClass'],
    occupationClass: (c.occupationClass ?? null) as SegmentCustomer['occupationClass'],
    tags: c.tags ?? [],
    advisor: refOf(c.advisorId, names),
    bound: !!c.ownerId,
    consentMarketing: c.consent?.marketing ?? false
  }));
}

import mongoose, { Types } from 'mongoose';
import type { BirthdayView, CustomerDetail, CustomerListItem } from '@dealer/shared';
import { maskMobile } from '@dealer/shared/domain';
import { Staff } from '../staff/staff.model';
import { staffNameCache } from '../staff/staff-name-cache';
import type { CustomerRecord } from './customer.scope';

type IdLike = Types.ObjectId | string | null | undefined;

/** '1985-07-01' → '80后' (the generation label Chinese marketing uses). */
export function ageGroupOf(birthDate: string | null | undefined): string | null {
  const year = birthDate ? Number(birthDate.slice(0, 4)) : NaN;
  if (!Number.isInteger(year) || year < 1900) return null;
  return `${String((Math.floor(year / 10) * 10) % 100).padStart(2, '0')}后`;
}

/** Display names of staff members (cached briefly: names change rarely, archives are read often). */
export async function staffNames(ids: IdLike[]): Promise<Map<string, string>> {
  const wanted = [...new Set(ids.filter((id): id is Types.ObjectId | string => !!id).map(String))];
  const names = new Map<string, string>();
  const missing: string[] = [];
  for (const id of wanted) {
    const cached = staffNameCache.peek(id);
    if (cached === undefined) missing.push(id);
    else names.set(id, cached);
  }
  if (missing.length > 0) {
    const rows = await Staff.find(
      { _id: mongoose.trusted({ $in: missing.map((id) => new Types.ObjectId(id)) }) },
      { name: 1 }
    ).lean();
    for (const r of rows) {
      names.set(String(r._id), r.name);
      staffNameCache.set(String(r._id), r.name);
    }
  }
  return names;
}

export function refOf(id: IdLike, names: Map<string, string>): { id: string; name: string } | null {
  if (!id) return null;
  return { id: String(id), name: names.get(String(id)) ?? '（已删除）' };
}

/** A stored birthday as the API answers it (customer archives and the owner's own profile). */
export function presentBirthday(b: CustomerRecord['birthday'] | undefined): BirthdayView | null {
  if (!b) return null;
  return {
    calendar: b.calendar as 'solar' | 'lunar',
    date: b.date ?? null,
    lunarMonth: b.lunarMonth ?? null,
    lunarDay: b.lunarDay ?? null,
    lunarLeapMonth: b.lunarLeapMonth ?? false
  };
}

export function presentCustomer(c: CustomerRecord, names: Map<string, string>): CustomerDetail {
  const b = c.birthday;
  return {
    id: String(c._id),
    dealershipId: String(c.dealershipId),
    name: c.name,
    mobile: c.mobile ?? null,
    gender: c.gender ?? null,
    birthday: presentBirthday(b),
    ageGroup: ageGroupOf(b?.date),
    regionClass: c.regionClass ?? null,
    occupationClass: c.occupationClass ?? null,
    address: c.address ?? '',
    source: c.source,
    tags: c.tags ?? [],
    notes: c.notes ?? '',
    preferences: c.preferences ?? '',
    familyNotes: c.familyNotes ?? '',
    advisor: refOf(c.advisorId, names),
    secondContact: refOf(c.secondContactId, names),
    consent: {
      marketing: c.consent?.marketing ?? false,
      updatedAt: c.consent?.updatedAt?.toISOString() ?? null
    },
    isProspect: c.isProspect ?? false,
    bound: !!c.ownerId,
    createdAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString()
  };
}

export interface ListExtras {
  names: Map<string, string>;
  vehicleCounts: Map<string, number>;
  lastServiceDates: Map<string, string>;
}

export function presentListItem(c: CustomerRecord, extras: ListExtras): CustomerListItem {
  const id = String(c._id);
  return {
    id,
    name: c.name,
    mobileMasked: c.mobile ? maskMobile(c.mobile) : null,
    advisor: refOf(c.advisorId, extras.names),
    tags: c.tags ?? [],
    vehicleCount: extras.vehicleCounts.get(id) ?? 0,
    lastServiceDate: extras.lastServiceDates.get(id) ?? null,
    bound: !!c.ownerId,
    isProspect: c.isProspect ?? false
  };
}

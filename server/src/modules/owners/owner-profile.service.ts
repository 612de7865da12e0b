import { Types } from 'mongoose';
import { maskMobile } from '@dealer/shared/domain';
import { clock } from '../../lib/clock';
import { notFound } from '../../lib/errors';
import { Customer } from '../customers/customer.model';
import { applyOwnerProfile } from '../customers/customer-owner.service';
import { presentBirthday } from '../customers/customer.present';
import { Owner } from './owner.model';

export interface ProfileChanges {
  name?: string;
  gender?: 'male' | 'female';
  birthday?: {
    calendar: 'solar' | 'lunar';
    date?: string;
    lunarMonth?: number;
    lunarDay?: number;
    lunarLeapMonth?: boolean;
  };
}

/** The owner's profile as kept in their archives (the most recently bound one answers). */
export async function ownerProfile(ownerId: string) {
  const owner = await Owner.findById(ownerId).lean();
  if (!owner) throw notFound('用户');
  const archive = await Customer.findOne({ ownerId: new Types.ObjectId(ownerId) })
    .sort({ boundAt: -1 })
    .lean();
  return {
    mobileMasked: owner.mobile ? maskMobile(owner.mobile) : null,
    name: archive?.name ?? null,
    gender: (archive?.gender ?? null) as 'male' | 'female' | null,
    birthday: presentBirthday(archive?.birthday)
  };
}

/** An owner keeps their own details: the change applies to every archive they are bound to. */
export async function updateOwnerProfile(ownerId: string, changes: ProfileChanges) {
  const set: Record<string, unknown> = { updatedAt: clock.now() };
  if (changes.name !== undefined) set.name = changes.name;
  if (changes.gender !== undefined) set.gender = changes.gender;
  if (changes.birthday !== undefined) {
    const b = changes.birthday;
    set.birthday =
      b.calendar === 'solar'
        ? { calendar: 'solar', date: b.date, lunarMonth: null, lunarDay: null, lunarLeapMonth: false }
        : {
            calendar: 'lunar',
            date: b.date ?? null,
            lunarMonth: b.lunarMonth,
            lunarDay: b.lunarDay,
            lunarLeapMonth: b.lunarLeapMonth ?? false
          };
  }
  await applyOwnerProfile(new Types.ObjectId(ownerId), set);
  return ownerProfile(ownerId);
}

/** The mobile WeChat verified for the owner (binding), with when. */
export async function recordVerifiedMobile(ownerId: string, mobile: string): Promise<void> {
  await Owner.updateOne({ _id: ownerId }, { $set: { mobile, mobileVerifiedAt: clock.now() } });
}

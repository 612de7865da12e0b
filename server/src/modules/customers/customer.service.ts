import { Types } from 'mongoose';
import type { BirthdayInput, CreateCustomerRequest, UpdateCustomerRequest } from '@dealer/shared';
import type { StaffAuth } from '../../http/auth-context';
import { clock } from '../../lib/clock';
import { badRequest, conflict, isDuplicateKeyError, unprocessable } from '../../lib/errors';
import { findDealership } from '../dealerships/dealership.service';
import { dealershipScope } from '../../http/dealership-scope';
import { Staff } from '../staff/staff.model';
import { Customer } from './customer.model';
import { assertCanAssign } from './customer.policy';
import { presentCustomer, staffNames } from './customer.present';
import { loadCustomerFor, type CustomerRecord } from './customer.scope';

const duplicateMobile = () =>
  conflict('DUPLICATE_MOBILE', '该手机号在本门店已有客户档案', { field: 'body.mobile' });

/** The advisor must be an enabled advisor of the customer's dealership; a second contact any enabled store staff. */
async function assertAssignable(
  dealershipId: Types.ObjectId,
  staffId: string,
  field: 'advisorId' | 'secondContactId'
) {
  const staff = await Staff.findOne(
    { _id: new Types.ObjectId(staffId), dealershipId },
    { role: 1, disabled: 1 }
  ).lean();
  const roleOk = field === 'advisorId' ? staff?.role === 'advisor' : !!staff && staff.role !== 'group_admin';
  if (!staff || staff.disabled || !roleOk) {
    const what = field === 'advisorId' ? '服务顾问须为本店在职的服务顾问' : '第二联系人须为本店在职员工';
    throw unprocessable('INVALID_ASSIGNEE', what, { field: `body.${field}` });
  }
}

function toBirthday(b: BirthdayInput | null | undefined) {
  if (!b) return null;
  if (b.calendar === 'solar')
    return { calendar: 'solar', date: b.date, lunarMonth: null, lunarDay: null, lunarLeapMonth: false };
  return {
    calendar: 'lunar',
    date: b.date ?? null,
    lunarMonth: b.lunarMonth,
    lunarDay: b.lunarDay,
    lunarLeapMonth: b.lunarLeapMonth ?? false
  };
}

type DetailInput = Omit<UpdateCustomerRequest, 'mobile' | 'advisorId' | 'secondContactId'>;

/** The plain archive fields of a create or patch body, as stored. */
function detailChanges(input: DetailInput, now: Date): Record<string, unknown> {
  const set: Record<string, unknown> = {};
  const plain = [
    'name',
    'gender',
    'regionClass',
    'occupationClass',
    'address',
    'tags',
    'notes',
    'preferences',
    'familyNotes'
  ] as const;
  for (const key of plain) if (input[key] !== undefined) set[key] = input[key];
  if (input.birthday !== undefined) set.birthday = toBirthday(input.birthday);
  if (input.consent !== undefined) set.consent = { marketing: input.consent.marketing, updatedAt: now };
  return set;
}

async function present(c: CustomerRecord) {
  return presentCustomer(c, await staffNames([c.advisorId, c.secondContactId]));
}

/**
 * Creates an archive by hand. One archive per mobile per dealership is guarded by the
 * unique index on (dealershipId, mobileKey), so concurrent creates cannot both succeed.
 */
export async function createCustomer(auth: StaffAuth, input: CreateCustomerRequest) {
  const dealership = dealershipScope(auth, input.dealershipId ?? null);
  if (!dealership)
    throw badRequest('DEALERSHIP_REQUIRED', '请指定客户所属门店', { field: 'body.dealershipId' });
  if (auth.role === 'group_admin') await findDealership(dealership);
  const dealershipId = new Types.ObjectId(dealership);

  let advisorId: string | null = null;
  if (auth.role === 'advisor') {
    // An advisor's own new customer is theirs; they cannot hand it to someone else.
    if (input.advisorId && input.advisorId !== auth.staffId) assertCanAssign(auth);
    advisorId = auth.staffId;
  } else if (input.advisorId) {
    assertCanAssign(auth);
    await assertAssignable(dealershipId, input.advisorId, 'advisorId');
    advisorId = input.advisorId;
  }

  const now = clock.now();
  const _id = new Types.ObjectId();
  try {
    await Customer.create({
      _id,
      dealershipId,
      mobile: input.mobile,
      mobileKey: input.mobile,
      source: 'manual',
      advisorId: advisorId ? new Types.ObjectId(advisorId) : null,
      createdAt: now,
      updatedAt: now,
      ...detailChanges(input, now)
    });
  } catch (err) {
    if (isDuplicateKeyError(err)) throw duplicateMobile();
    throw err;
  }
  return present(await loadCustomerFor(auth, _id));
}

/** Edits details; only managers change who looks after the customer. */
export async function updateCustomer(auth: StaffAuth, id: string, input: UpdateCustomerRequest) {
  const current = await loadCustomerFor(auth, id);
  const now = clock.now();
  const set = detailChanges(input, now);
  if (input.mobile !== undefined) {
    set.mobile = input.mobile;
    set.mobileKey = input.mobile;
  }
  // A form may send the unchanged assignment back; only a change needs the right to assign.
  for (const field of ['advisorId', 'secondContactId'] as const) {
    const wanted = input[field];
    if (wanted === undefined || wanted === (current[field] ? String(current[field]) : null)) continue;
    assertCanAssign(auth);
    if (wanted) await assertAssignable(current.dealershipId, wanted, field);
    set[field] = wanted ? new Types.ObjectId(wanted) : null;
  }
  set.updatedAt = now;
  try {
    await Customer.updateOne({ _id: current._id, dealershipId: current.dealershipId }, { $set: set });
  } catch (err) {
    if (isDuplicateKeyError(err)) throw duplicateMobile();
    throw err;
  }
  const updated = await Customer.findById(current._id).lean();
  return present(updated ?? current);
}

import { Types } from 'mongoose';
import { parseScene, type OwnerBinding } from '@dealer/shared';
import { maskMobile } from '@dealer/shared/domain';
import { clock } from '../../lib/clock';
import { badRequest, conflict, isDuplicateKeyError, notFound } from '../../lib/errors';
import type { WechatClient } from '../../lib/wechat/client';
import { wechatFailureToAppError, withBusyRetry } from '../../lib/wechat/wechat-http-error';
import { Customer } from '../customers/customer.model';
import {
  findOrCreateArchiveByMobile,
  linkArchiveToOwner,
  unlinkArchiveFromOwner
} from '../customers/customer-owner.service';
import { Dealership } from '../dealerships/dealership.model';
import { recordVerifiedMobile } from '../owners/owner-profile.service';
import { Staff } from '../staff/staff.model';
import { withdrawClaimRequests } from './claim-request.service';
import { VehicleClaim } from './vehicle-claim.model';
import { Binding, BindingEvent, type BindingDoc } from './binding.model';
import { NO_BINDING_HOOKS, type BindingHooks } from './binding-hooks';

type ObjectId = Types.ObjectId;
type BindingRecord = BindingDoc & { _id: ObjectId };

async function resolveScene(scene: string) {
  const parsed = parseScene(scene);
  if (!parsed) throw badRequest('INVALID_SCENE', '二维码内容无效');
  const dealership = await Dealership.findOne({ code: parsed.dealerCode }).lean();
  if (!dealership) throw notFound('门店', 'DEALERSHIP_NOT_FOUND');
  // An unknown or departed advisor's code still binds to the dealership.
  const advisor = parsed.advisorCode
    ? await Staff.findOne({
        advisorCode: parsed.advisorCode,
        dealershipId: dealership._id,
        role: 'advisor',
        disabled: false
      }).lean()
    : null;
  return { dealership, advisor };
}

async function verifiedMobile(wechat: WechatClient, ownerId: string, phoneCode: string): Promise<string> {
  let mobile: string;
  try {
    mobile = await withBusyRetry(() => wechat.phoneNumber(phoneCode));
  } catch (err) {
    throw wechatFailureToAppError(err);
  }
  await recordVerifiedMobile(ownerId, mobile);
  return mobile;
}

/**
 * Binds the owner to their archive at the dealership of the QR scene, matched by the phone
 * number WeChat verified. Nothing is written before WeChat confirms the phone number.
 * Binding twice is harmless: the unique (owner, dealership) insert settles races and the
 * existing binding is returned. Then the hooks run (late surveys), on a repeated bind too.
 */
export async function bindOwner(
  wechat: WechatClient,
  ownerId: string,
  request: { scene: string; phoneCode: string; referral?: string },
  hooks: BindingHooks = NO_BINDING_HOOKS
) {
  const { scene, phoneCode } = request;
  const { dealership, advisor } = await resolveScene(scene);
  const mobile = await verifiedMobile(wechat, ownerId, phoneCode);
  const { customer, matched, created } = await findOrCreateArchiveByMobile(
    dealership._id,
    mobile,
    advisor?._id ?? null
  );
  if (customer.ownerId && String(customer.ownerId) !== ownerId) {
    throw conflict(
      'ARCHIVE_BOUND_ELSEWHERE',
      `手机号 ${maskMobile(mobile)} 的档案已绑定其他微信，请联系门店处理`
    );
  }
  const now = clock.now();
  const source = advisor ? 'qr_advisor' : 'qr_dealership';
  const owner = new Types.ObjectId(ownerId);
  let newlyBound = false;
  let binding: BindingRecord | null = await Binding.findOne({
    ownerId: owner,
    dealershipId: dealership._id
  }).lean<BindingRecord>();
  if (binding && String(binding.customerId) !== String(customer._id)) {
    throw conflict('ALREADY_BOUND', '您已绑定该门店的其他档案，如需更换请先解绑');
  }
  if (!binding) {
    try {
      binding = (
        await Binding.create({
          ownerId: owner,
          dealershipId: dealership._id,
          customerId: customer._id,
          source,
          advisorId: advisor?._id ?? null,
          matched,
          boundAt: now,
          referral: request.referral ?? null
        })
      ).toObject() as BindingRecord;
      await BindingEvent.create({
        type: 'bind',
        ownerId: owner,
        dealershipId: dealership._id,
        customerId: customer._id,
        source,
        advisorId: advisor?._id ?? null,
        at: now
      });
      newlyBound = true;
    } catch (err) {
      if (!isDuplicateKeyError(err)) throw err;
      binding = await Binding.findOne({ ownerId: owner, dealershipId: dealership._id }).lean<BindingRecord>();
      if (!binding || String(binding.customerId) !== String(customer._id)) {
        throw conflict('ARCHIVE_BOUND_ELSEWHERE', '该档案已绑定其他微信，请联系门店处理');
      }
    }
  }
  // Repeated on every bind so an interrupted earlier bind is completed.
  const bound = binding;
  await linkArchiveToOwner(customer, owner, bound.boundAt, advisor?._id ?? null);
  await hooks.ownerBound({
    ownerId: owner,
    dealershipId: dealership._id,
    customerId: customer._id,
    referral: request.referral ?? null,
    boundAt: bound.boundAt,
    newlyBound
  });
  return { binding: await presentBinding(bound), matched, created };
}

export async function presentBinding(b: {
  dealershipId: ObjectId;
  customerId: ObjectId;
  boundAt: Date;
  source: string;
  advisorId?: ObjectId | null;
}): Promise<OwnerBinding> {
  const [dealership, customer] = await Promise.all([
    Dealership.findById(b.dealershipId).lean(),
    Customer.findById(b.customerId, { advisorId: 1 }).lean()
  ]);
  const advisorId = customer?.advisorId ?? null;
  const advisor = advisorId ? await Staff.findById(advisorId, { name: 1 }).lean() : null;
  return {
    dealership: { id: String(b.dealershipId), code: dealership?.code ?? '', name: dealership?.name ?? '' },
    customerId: String(b.customerId),
    boundAt: b.boundAt.toISOString(),
    source: b.source as OwnerBinding['source'],
    advisor: advisor ? { id: String(advisor._id), name: advisor.name } : null
  };
}

export async function listBindings(ownerId: string) {
  const rows = await Binding.find({ ownerId: new Types.ObjectId(ownerId) })
    .sort({ boundAt: 1 })
    .lean();
  return Promise.all(rows.map(presentBinding));
}

/** Unlinks the owner from the dealership: their claims and pending claim requests there go too; the archive stays. */
export async function unbindOwner(ownerId: string, dealershipId: string): Promise<void> {
  const owner = new Types.ObjectId(ownerId);
  const binding = await Binding.findOne({
    ownerId: owner,
    dealershipId: new Types.ObjectId(dealershipId)
  }).lean();
  if (!binding) throw notFound('绑定关系', 'BINDING_NOT_FOUND');
  const now = clock.now();
  await Binding.deleteOne({ _id: binding._id });
  await VehicleClaim.deleteMany({ ownerId: owner, dealershipId: binding.dealershipId });
  await withdrawClaimRequests(owner, binding.dealershipId);
  await unlinkArchiveFromOwner(binding.customerId, owner);
  await BindingEvent.create({
    type: 'unbind',
    ownerId: owner,
    dealershipId: binding.dealershipId,
    customerId: binding.customerId,
    source: binding.source,
    at: now
  });
}

/** The owner's active binding at a dealership, or null. */
export function bindingAt(ownerId: string, dealershipId: string | ObjectId) {
  return Binding.findOne({
    ownerId: new Types.ObjectId(ownerId),
    dealershipId: new Types.ObjectId(String(dealershipId))
  }).lean();
}

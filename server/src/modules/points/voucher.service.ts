import { Types } from 'mongoose';
import type { DeskVoucherView } from '@dealer/shared';
import type { StaffAuth } from '../../http/auth-context';
import { mayActOn } from '../../http/dealership-scope';
import { clock } from '../../lib/clock';
import { conflict, isDuplicateKeyError, notFound, unprocessable } from '../../lib/errors';
import { Customer } from '../customers/customer.model';
import { post } from './ledger-lane';
import { releaseClaims } from './redemption.service';
import { Voucher, VoucherUse, type VoucherDoc } from './voucher.model';
import { presentVoucher } from './points.present';

/** Vouchers: the owner's list; the desk's lookup, use confirmation and a manager's reversal. */

type VoucherRecord = VoucherDoc & { _id: Types.ObjectId };

async function usesCount(voucherIds: Types.ObjectId[]): Promise<Map<string, number>> {
  const rows = await VoucherUse.aggregate<{ _id: Types.ObjectId; n: number }>([
    { $match: { voucherId: { $in: voucherIds }, kind: 'use' } },
    { $group: { _id: '$voucherId', n: { $sum: 1 } } }
  ]);
  return new Map(rows.map((r) => [String(r._id), r.n]));
}

export async function myVouchers(ownerId: string) {
  const vouchers = await Voucher.find({ ownerId: new Types.ObjectId(ownerId) })
    .sort({ createdAt: -1 })
    .limit(200)
    .lean();
  const used = await usesCount(vouchers.map((v) => v._id));
  const now = clock.now();
  return { items: vouchers.map((v) => presentVoucher(v, used.get(String(v._id)) ?? 0, now)) };
}

/** A voucher of a dealership the staff member acts on; another dealership's code is 404, like an unknown one. */
async function loadForDesk(auth: StaffAuth, code: string): Promise<VoucherRecord> {
  const voucher = await Voucher.findOne({ code }).lean();
  if (!voucher || !mayActOn(auth, String(voucher.dealershipId))) throw notFound('券码', 'VOUCHER_NOT_FOUND');
  return voucher;
}

async function deskView(voucher: VoucherRecord): Promise<DeskVoucherView> {
  const [uses, customer] = await Promise.all([
    VoucherUse.find({ voucherId: voucher._id, kind: 'use' }).sort({ number: 1 }).lean(),
    Customer.findById(voucher.customerId, { name: 1, mobile: 1 }).lean()
  ]);
  return {
    ...presentVoucher(voucher, uses.length, clock.now()),
    owner: {
      customerId: String(voucher.customerId),
      name: customer?.name ?? '',
      mobileTail: customer?.mobile ? customer.mobile.slice(-4) : null
    },
    uses: uses.map((u) => ({
      number: u.number,
      by: { id: String(u.staffId), name: u.staffName },
      at: u.at.toISOString()
    }))
  };
}

export async function lookupVoucher(auth: StaffAuth, code: string) {
  return deskView(await loadForDesk(auth, code));
}

const reversedError = () => unprocessable('VOUCHER_REVERSED', '该券已撤销，不能使用');

/**
 * Confirms use `useNumber` (the `nextUse` the desk was shown) by inserting `<voucherId>:use:<n>`:
 * two desks confirming the same visit write one use; the second is told it was already confirmed.
 */
export async function confirmUse(auth: StaffAuth, code: string, useNumber: number) {
  const voucher = await loadForDesk(auth, code);
  if (voucher.reversedAt) throw reversedError();
  const used = await VoucherUse.countDocuments({ voucherId: voucher._id, kind: 'use' });
  if (used >= voucher.usesTotal) throw conflict('VOUCHER_USED_UP', '该券已用完');
  if (voucher.validUntil.getTime() <= clock.now().getTime())
    throw unprocessable('VOUCHER_EXPIRED', '该券已过期');
  if (useNumber !== used + 1)
    throw conflict('USE_ALREADY_CONFIRMED', `第 ${useNumber} 次使用与当前记录不符，请刷新后再确认`);
  try {
    await VoucherUse.create({
      _id: `${String(voucher._id)}:use:${useNumber}`,
      voucherId: voucher._id,
      number: useNumber,
      kind: 'use',
      dealershipId: voucher.dealershipId,
      staffId: new Types.ObjectId(auth.staffId),
      staffName: auth.name,
      at: clock.now()
    });
  } catch (err) {
    if (!isDuplicateKeyError(err)) throw err;
    const taken = await VoucherUse.findById(`${String(voucher._id)}:use:${useNumber}`).lean();
    if (taken?.kind === 'reversal') throw reversedError();
    throw conflict('USE_ALREADY_CONFIRMED', '此次使用已由其他柜台确认');
  }
  return deskView(voucher);
}

/**
 * Reverses an unused voucher: takes use 1 as the reversal (so no desk can use it after), gives
 * the points back with their lots' expiry (once: keyed by the voucher) and frees the stock unit.
 */
export async function reverseVoucher(auth: StaffAuth, code: string) {
  const voucher = await loadForDesk(auth, code);
  if (voucher.reversedAt) throw conflict('VOUCHER_ALREADY_REVERSED', '该券已撤销');
  try {
    await VoucherUse.create({
      _id: `${String(voucher._id)}:use:1`,
      voucherId: voucher._id,
      number: 1,
      kind: 'reversal',
      dealershipId: voucher.dealershipId,
      staffId: new Types.ObjectId(auth.staffId),
      staffName: auth.name,
      at: clock.now()
    });
  } catch (err) {
    if (!isDuplicateKeyError(err)) throw err;
    const taken = await VoucherUse.findById(`${String(voucher._id)}:use:1`).lean();
    if (taken?.kind === 'use') throw conflict('VOUCHER_ALREADY_USED', '已使用过的券不能撤销');
  }
  const dealershipId = String(voucher.dealershipId);
  await post(
    { accountId: String(voucher.customerId), dealershipId },
    {
      kind: 'refund',
      source: 'reversal',
      reason: `撤销兑换「${voucher.itemName}」，退回积分`,
      change: {
        type: 'restore',
        lots: voucher.consumed.map((l) => ({
          lot: l.lot,
          expiresOn: l.expiresOn ?? null,
          remaining: l.remaining
        }))
      },
      sourceKey: `${dealershipId}:reversal:${String(voucher._id)}`,
      by: { id: auth.staffId, name: auth.name }
    }
  );
  await Voucher.updateOne({ _id: voucher._id, reversedAt: null }, { $set: { reversedAt: clock.now() } });
  await releaseClaims(voucher.claims);
  return deskView({ ...voucher, reversedAt: voucher.reversedAt ?? clock.now() });
}

import { Types } from 'mongoose';
import { clock } from '../../lib/clock';
import { conflict, isDuplicateKeyError } from '../../lib/errors';
import { RewardClaim } from './reward.model';
import { Voucher, VoucherUse } from './voucher.model';

/**
 * What a paid purchase (the pay module) needs from the points module around a refund: the
 * voucher held so no desk can use it while the money goes back, then reversed once the refund
 * succeeded (or given back when it did not), and the purchase's claims freed.
 */

const holdId = (voucherId: Types.ObjectId | string) => `${String(voucherId)}:use:1`;

/**
 * Takes use 1 of an unused voucher as a reversal (the same unique `_id` a desk's first use
 * takes), so a use and a refund at the same moment cannot both happen. Holding twice is harmless.
 */
export async function holdVoucherForRefund(
  voucherId: Types.ObjectId,
  by: { id: string; name: string }
): Promise<void> {
  const voucher = await Voucher.findById(voucherId, { dealershipId: 1 }).lean();
  if (!voucher) throw conflict('VOUCHER_MISSING', '该订单的券不存在');
  try {
    await VoucherUse.create({
      _id: holdId(voucherId),
      voucherId,
      number: 1,
      kind: 'reversal',
      dealershipId: voucher.dealershipId,
      staffId: new Types.ObjectId(by.id),
      staffName: by.name,
      at: clock.now()
    });
  } catch (err) {
    if (!isDuplicateKeyError(err)) throw err;
    const taken = await VoucherUse.findById(holdId(voucherId)).lean();
    if (taken?.kind === 'use') throw conflict('VOUCHER_ALREADY_USED', '已使用过的券不能退款');
  }
}

/** The refund failed: the held voucher can be used again. */
export async function releaseVoucherHold(voucherId: Types.ObjectId): Promise<void> {
  await VoucherUse.deleteOne({ _id: holdId(voucherId), kind: 'reversal' });
}

/** The refund succeeded: the voucher is marked reversed (its hold stays, so it is never used). */
export async function markVoucherReversed(voucherId: Types.ObjectId): Promise<void> {
  await Voucher.updateOne({ _id: voucherId, reversedAt: null }, { $set: { reversedAt: clock.now() } });
}

/**
 * Frees the stock unit and owner slot a purchase holds (found by its id, so a late repeat never
 * frees a unit another purchase has claimed since).
 */
export async function releaseClaimsOf(redemptionId: Types.ObjectId): Promise<void> {
  await RewardClaim.deleteMany({ redemptionId });
}

import type { PayOrderView } from '@dealer/shared';
import type { PayOrderRecord } from './pay-order.model';

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

export function presentOrder(o: PayOrderRecord): PayOrderView {
  return {
    id: String(o._id),
    outTradeNo: o.outTradeNo,
    dealershipId: String(o.dealershipId),
    item: { id: String(o.itemId), name: o.itemName, kind: o.itemKind },
    amountFen: o.amountFen,
    points: o.points,
    state: o.state,
    paidVia: o.paidVia ?? null,
    voucher: o.voucherId && o.voucherCode ? { id: String(o.voucherId), code: o.voucherCode } : null,
    refundRequest: o.refundRequest?.at
      ? { reason: o.refundRequest.reason ?? '', at: o.refundRequest.at.toISOString() }
      : null,
    closeReason: o.closeReason ?? null,
    createdAt: o.createdAt.toISOString(),
    expiresAt: o.expiresAt.toISOString(),
    paidAt: iso(o.paidAt),
    closedAt: iso(o.closedAt),
    refundedAt: iso(o.refundedAt)
  };
}

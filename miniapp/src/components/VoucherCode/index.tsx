import { groupedVoucherCode } from '../../utils/points'
import ShowCode from '../ShowCode'

/** A voucher's 10-character code in large type, in two groups: the owner shows it at the desk. */
export default function VoucherCode({ code, dimmed }: { code: string; dimmed?: boolean }) {
  return <ShowCode label="券码" code={groupedVoucherCode(code)} hint="到店后请向前台出示此码" hook="e2e-voucher-code" dimmed={dimmed} />
}

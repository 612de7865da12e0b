import { groupedCode } from '../../utils/booking'
import ShowCode from '../ShowCode'

/** The 8-character check-in code in large type: the owner shows it at the service desk. */
export default function CheckInCode({ code }: { code: string }) {
  return <ShowCode label="到店码" code={groupedCode(code)} hint="到店后请向服务顾问出示此码" hook="e2e-check-in-code" large />
}

import Chips from '../Chips'
import Section from '../Section'
import type { DealershipScope } from '../../hooks/useDealershipScope'

/** The store chips of a group admin's page (nothing for staff of one store). */
export default function DealershipPicker({ scope, hook }: { scope: DealershipScope; hook: string }) {
  if (scope.choices.length <= 1) return null
  return (
    <Section>
      <Chips
        label="门店"
        hook={hook}
        options={scope.choices.map((d) => ({ value: d.id, label: d.name }))}
        value={scope.dealershipId ?? ''}
        onChange={scope.choose}
      />
    </Section>
  )
}

import { Text } from '@tarojs/components'
import { coverageBadge } from '../../utils/format'
import type { Coverage } from '../../services/api-types'
import './index.scss'

export interface CoverageBadgeProps {
  kind: 'warranty' | 'sanbao'
  coverage: Coverage | null | undefined
}

/** 保修 / 三包 status as a coloured pill. */
export default function CoverageBadge({ kind, coverage }: CoverageBadgeProps) {
  const { text, tone } = coverageBadge(kind, coverage)
  return <Text className={`coverage-badge coverage-badge--${tone} e2e-badge-${kind}`}>{text}</Text>
}

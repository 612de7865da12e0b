import { Text } from '@tarojs/components'
import './index.scss'

export interface TierBadgeProps {
  tier: 'A' | 'B' | 'C' | 'D' | null | undefined
  className?: string
}

/** `A类` … `D类` in the tier's colour; `未分级` before the first run. */
export default function TierBadge({ tier, className = '' }: TierBadgeProps) {
  return <Text className={`tier-badge tier-badge--${tier ?? 'none'} ${className}`}>{tier ? `${tier}类` : '未分级'}</Text>
}

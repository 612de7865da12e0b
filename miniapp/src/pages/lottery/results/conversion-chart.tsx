import { View, Text } from '@tarojs/components'
import type { LotteryConversion } from '../../../services/api-types'

/** The campaign's prospects and how many of them later bound, visited or bought: one bar each. */
export default function ConversionChart({ conversion }: { conversion: LotteryConversion }) {
  const stages = [
    { key: 'prospects', label: '活动新客', value: conversion.prospects },
    { key: 'bound', label: '已绑定', value: conversion.bound },
    { key: 'visited', label: '已到店', value: conversion.visited },
    { key: 'bought', label: '已消费', value: conversion.bought }
  ]
  const base = Math.max(conversion.prospects, 1)
  return (
    <View className="e2e-lottery-conversion-chart">
      {stages.map((s) => (
        <View key={s.key} className={`lottery__bar e2e-lottery-conversion-${s.key}`}>
          <Text className="lottery__bar-label">{s.label}</Text>
          <View className="lottery__bar-track">
            <View className="lottery__bar-fill" style={{ width: `${Math.round((s.value / base) * 100)}%` }} />
          </View>
          <Text className="lottery__bar-value e2e-lottery-conversion-value">
            {s.value}
            {s.key === 'prospects' || conversion.prospects === 0 ? '' : `（${Math.round((s.value / conversion.prospects) * 100)}%）`}
          </Text>
        </View>
      ))}
    </View>
  )
}

import { View, Text } from '@tarojs/components'
import Section from '../../components/Section'

interface RulesSectionView {
  key: string
  title: string
  lines: string[]
}

/** The rules page's sections as generated from the campaign (rulesDocument). */
export default function RulesView({ sections }: { sections: readonly RulesSectionView[] }) {
  return (
    <View className="e2e-lottery-rules">
      {sections.map((s) => (
        <Section key={s.key} title={s.title} className={`e2e-lottery-rules-${s.key}`}>
          {s.lines.map((line, i) => (
            <Text key={i} className="lottery__rules-line">
              {line}
            </Text>
          ))}
        </Section>
      ))}
    </View>
  )
}

import { useEffect, useState } from 'react'
import { View, Text } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import Section from '../../../components/Section'
import Field from '../../../components/Field'
import { useAsync } from '../../../hooks/useAsync'
import { getPointsRules, savePointsRules } from '../../../services/points'
import { errorMessage } from '../../../services/request'
import type { PointsRules } from '../../../services/api-types'

type FlatKey = Exclude<keyof PointsRules, 'tierMultipliers'>
type TierKey = keyof PointsRules['tierMultipliers']
type DraftKey = FlatKey | `tier${TierKey}`

/** Each editable number: label, and whether decimals are allowed. */
const FIELDS: ReadonlyArray<{ key: DraftKey; label: string; decimal?: boolean }> = [
  { key: 'pointsPerYuan', label: '每元自费维修积分', decimal: true },
  { key: 'tierA', label: 'A 级倍率', decimal: true },
  { key: 'tierB', label: 'B 级倍率', decimal: true },
  { key: 'tierC', label: 'C 级倍率', decimal: true },
  { key: 'tierD', label: 'D 级倍率', decimal: true },
  { key: 'untieredMultiplier', label: '未分级倍率', decimal: true },
  { key: 'bindingBonus', label: '绑定奖励积分' },
  { key: 'birthdayBonus', label: '生日奖励积分' },
  { key: 'surveyBonus', label: '完成回访问卷积分' },
  { key: 'referralBonus', label: '推荐好友奖励积分（好友首次自费到店后）' },
  { key: 'expiryYearsAfterEarning', label: '有效期（获得当年之后第几年年底到期，0 为永不过期）' },
  { key: 'approvalThreshold', label: '手工调整超过此积分需第二人审批' },
  { key: 'valuePerPointFen', label: '每积分价值（分）' }
]

type Draft = Record<DraftKey, string>

function draftOf(r: PointsRules): Draft {
  const tiers = { tierA: r.tierMultipliers.A, tierB: r.tierMultipliers.B, tierC: r.tierMultipliers.C, tierD: r.tierMultipliers.D }
  const flat = { ...r, ...tiers } as Record<DraftKey, number>
  return Object.fromEntries(FIELDS.map((f) => [f.key, String(flat[f.key])])) as Draft
}

function rulesOf(d: Draft): PointsRules | string {
  const n: Partial<Record<DraftKey, number>> = {}
  for (const f of FIELDS) {
    const value = Number(d[f.key].trim())
    if (d[f.key].trim() === '' || Number.isNaN(value) || value < 0) return `${f.label}须为不小于 0 的数字`
    if (!f.decimal && !Number.isInteger(value)) return `${f.label}须为整数`
    n[f.key] = value
  }
  const v = n as Record<DraftKey, number>
  return {
    pointsPerYuan: v.pointsPerYuan,
    tierMultipliers: { A: v.tierA, B: v.tierB, C: v.tierC, D: v.tierD },
    untieredMultiplier: v.untieredMultiplier,
    bindingBonus: v.bindingBonus,
    birthdayBonus: v.birthdayBonus,
    surveyBonus: v.surveyBonus,
    referralBonus: v.referralBonus,
    expiryYearsAfterEarning: v.expiryYearsAfterEarning,
    approvalThreshold: v.approvalThreshold,
    valuePerPointFen: v.valuePerPointFen
  }
}

/** Earning rules, tier multipliers, bonuses, expiry policy, approval threshold and the value of a point. */
export default function RulesSection({ dealershipId }: { dealershipId: string }) {
  const rules = useAsync(() => getPointsRules(dealershipId), [dealershipId])
  const [draft, setDraft] = useState<Draft | null>(null)
  const [message, setMessage] = useState<string | null>(null)
  const [saving, setSaving] = useState(false)
  useEffect(() => {
    if (rules.data) setDraft(draftOf(rules.data))
  }, [rules.data])

  const save = async () => {
    if (!draft) return
    const next = rulesOf(draft)
    if (typeof next === 'string') {
      setMessage(next)
      return
    }
    setSaving(true)
    setMessage(null)
    try {
      rules.setData(await savePointsRules(dealershipId, next))
      setMessage('规则已保存')
    } catch (e) {
      setMessage(errorMessage(e))
    } finally {
      setSaving(false)
    }
  }

  return (
    <Section title="积分规则与有效期" className="e2e-points-rules">
      {rules.error ? <Text className="error-text">{errorMessage(rules.error)}</Text> : null}
      {draft ? (
        <View>
          {FIELDS.map((f) => (
            <Field
              key={f.key}
              label={f.label}
              className={`e2e-points-rule-${f.key}`}
              type={f.decimal ? 'digit' : 'number'}
              value={draft[f.key]}
              onChange={(value) => setDraft({ ...draft, [f.key]: value })}
            />
          ))}
          {message ? <Text className="hint e2e-points-rules-message">{message}</Text> : null}
          <Button type="primary" block className="e2e-points-rules-save" loading={saving} onClick={() => void save()}>
            保存规则
          </Button>
        </View>
      ) : null}
    </Section>
  )
}

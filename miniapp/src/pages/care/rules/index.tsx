import { useState } from 'react'
import DealershipPicker from '../../../components/DealershipPicker'
import Taro, { useDidShow } from '@tarojs/taro'
import { View, Text } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import PageContainer from '../../../components/PageContainer'
import Section from '../../../components/Section'
import { useAsync } from '../../../hooks/useAsync'
import { useSession } from '../../../hooks/useSession'
import { useDealershipScope } from '../../../hooks/useDealershipScope'
import { getCareTemplates, listCareRules, updateCareRule } from '../../../services/care'
import { listSegments } from '../../../services/segments'
import { errorMessage } from '../../../services/request'
import { can } from '../../../services/session'
import type { CareRuleView } from '../../../services/api-types'
import { audienceSummary, channelSummary, occasionLabel, timingSummary } from '../../../utils/care'
import { PLAN_LABELS } from '../../../utils/labels'
import { ROUTES, withQuery } from '../../../utils/routes'
import '../care.scss'

/** Care rules: what goes to whom and when; tap to edit, toggle to enable or pause. */
export default function CareRulesPage() {
  const session = useSession()
  const allowed = can(session, 'care.read')
  const scope = useDealershipScope(session)
  const enabled = allowed && !scope.pending
  const data = useAsync(
    async () => {
      const [rules, templates, segments] = await Promise.all([
        listCareRules(scope.dealershipId),
        getCareTemplates(scope.dealershipId).catch(() => ({ templates: [] })),
        listSegments(scope.dealershipId).catch(() => ({ items: [] }))
      ])
      return { rules: rules.items, templates: templates.templates, segments: segments.items }
    },
    [scope.dealershipId, enabled],
    enabled
  )
  const [toggling, setToggling] = useState<string | null>(null)
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null)
  useDidShow(() => {
    if (enabled && data.data) void data.reload()
  })

  const rules = data.data?.rules ?? []
  const segmentName = (id: string) => data.data?.segments.find((s) => s.id === id)?.name

  async function toggle(rule: CareRuleView) {
    setToggling(rule.id)
    setMessage(null)
    try {
      const updated = await updateCareRule(rule.id, { enabled: !rule.enabled }, scope.dealershipId)
      if (data.data) data.setData({ ...data.data, rules: data.data.rules.map((r) => (r.id === updated.id ? updated : r)) })
      setMessage({ ok: true, text: `「${updated.name}」已${updated.enabled ? '启用' : '停用'}` })
    } catch (e) {
      setMessage({ ok: false, text: errorMessage(e) })
    } finally {
      setToggling(null)
    }
  }

  const go = (path: string, query: Record<string, string> = {}) =>
    void Taro.navigateTo({ url: withQuery(path, { ...query, dealershipId: scope.dealershipId }) })

  return (
    <PageContainer
      className="e2e-page-care-rules"
      require="staff"
      capability="care.read"
      loading={(data.loading && !data.data) || scope.pending}
      error={data.error}
      onRetry={() => void data.reload()}
    >
      <DealershipPicker scope={scope} hook="e2e-care-dealership" />
      <View className="care__links">
        <View className="care__link e2e-care-new" onClick={() => go(ROUTES.careRule)}>
          <Text>＋ 新建规则</Text>
        </View>
        <View className="care__link e2e-care-preview-open" onClick={() => go(ROUTES.carePreview)}>
          <Text>预览某天的发送</Text>
        </View>
        <View className="care__link e2e-care-dispatches-open" onClick={() => go(ROUTES.careDispatches)}>
          <Text>发送记录</Text>
        </View>
      </View>
      {message ? (
        <Section>
          <Text className={`${message.ok ? 'success-text' : 'error-text'} e2e-care-message`}>{message.text}</Text>
        </Section>
      ) : null}
      <Section title={`关怀规则（${rules.length}）`}>
        {rules.length === 0 && !data.loading ? <Text className="muted e2e-care-rules-empty">还没有规则</Text> : null}
        {rules.map((rule) => (
          <View key={rule.id} className={`list-item e2e-care-rule ${rule.enabled ? '' : 'care__disabled e2e-care-rule-disabled'}`}>
            <View className="care__rule-head">
              <Text className="list-item__title e2e-care-rule-name" onClick={() => go(ROUTES.careRule, { id: rule.id })}>
                {rule.name}
              </Text>
              <View
                className={`care__toggle ${rule.enabled ? 'care__toggle--on' : ''} e2e-care-rule-toggle`}
                onClick={() => (toggling ? undefined : void toggle(rule))}
              >
                <Text>{toggling === rule.id ? '…' : rule.enabled ? '已启用' : '已停用'}</Text>
              </View>
            </View>
            <View onClick={() => go(ROUTES.careRule, { id: rule.id })}>
              <Text className="list-item__meta">
                {occasionLabel(rule.occasion)} · {PLAN_LABELS[rule.plan]} · {timingSummary(rule)}
              </Text>
              <Text className="list-item__meta">受众：{audienceSummary(rule.audience, segmentName)}</Text>
              <Text className="list-item__meta">渠道：{channelSummary(rule.channel, data.data?.templates)}</Text>
              {rule.isDefault ? <Text className="tag">默认规则</Text> : null}
            </View>
            <View className="actions">
              <Button size="small" fill="outline" type="primary" className="e2e-care-rule-edit" onClick={() => go(ROUTES.careRule, { id: rule.id })}>
                编辑
              </Button>
            </View>
          </View>
        ))}
      </Section>
    </PageContainer>
  )
}

import { View, Text } from '@tarojs/components'
import Section from '../../../components/Section'
import Field from '../../../components/Field'
import Chips from '../../../components/Chips'
import type { CareTemplate } from '../../../services/api-types'
import { keywordLimit } from '../../../utils/care'
import { CARE_TASK_KINDS, CHANNEL_KINDS, CHANNEL_KIND_LABELS, TASK_KIND_LABELS } from '../../../utils/labels'
import type { RuleSectionProps } from './rule-sections'

interface ChannelSectionProps extends RuleSectionProps {
  templates: readonly CareTemplate[]
  onTemplate: (key: string) => void
}

/** How the rule reaches the owner: a subscribe message (template and its keywords), the inbox, or an advisor task. */
export function ChannelSection({ draft, errors, set, templates, onTemplate }: ChannelSectionProps) {
  return (
    <Section title="渠道">
      <Chips
        hook="e2e-rule-channel"
        options={CHANNEL_KINDS.map((v) => ({ value: v, label: CHANNEL_KIND_LABELS[v] }))}
        value={draft.channelKind}
        onChange={(channelKind) => set({ channelKind })}
      />
      {draft.channelKind === 'subscribe' ? <SubscribeFields draft={draft} errors={errors} set={set} templates={templates} onTemplate={onTemplate} /> : null}
      {draft.channelKind === 'advisor_task' ? (
        <Chips
          label="任务类型"
          hook="e2e-rule-task"
          options={CARE_TASK_KINDS.map((v) => ({ value: v, label: TASK_KIND_LABELS[v] }))}
          value={draft.task}
          onChange={(task) => set({ task })}
        />
      ) : null}
    </Section>
  )
}

function SubscribeFields({ draft, errors, set, templates, onTemplate }: ChannelSectionProps) {
  const template = templates.find((t) => t.templateId === draft.templateId)
  return (
    <View>
      {templates.length ? (
        <Chips
          label="消息模板"
          hook="e2e-rule-template"
          options={templates.map((t) => ({ value: t.key, label: t.title }))}
          value={template?.key ?? ''}
          error={errors.templateId}
          onChange={onTemplate}
        />
      ) : (
        <Text className="error-text">本店还没有配置订阅消息模板</Text>
      )}
      {Object.keys(draft.data).map((keyword) => {
        const limit = keywordLimit(keyword)
        return (
          <View key={keyword} className="care__keyword">
            <Field
              label={`${keyword}${limit ? `（发送时截断至 ${limit} 字）` : ''}`}
              className={`e2e-rule-keyword-${keyword}`}
              value={draft.data[keyword]}
              maxlength={100}
              error={errors[`data.${keyword}`]}
              onChange={(text) => set({ data: { ...draft.data, [keyword]: text } })}
            />
          </View>
        )
      })}
      <Field
        label="点击消息打开的页面（选填）"
        className="e2e-rule-page"
        value={draft.page}
        placeholder="pages/owner/notices/index"
        maxlength={200}
        error={errors.page}
        onChange={(page) => set({ page })}
      />
      <Text className="hint">车主未订阅或次数用完时，消息只进站内信，发送记录会注明原因。</Text>
    </View>
  )
}

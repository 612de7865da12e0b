import Taro, { useRouter } from '@tarojs/taro'
import { View, Text } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import PageContainer from '../../../components/PageContainer'
import Section from '../../../components/Section'
import ConfirmDialog from '../../../components/ConfirmDialog'
import { useSession } from '../../../hooks/useSession'
import { can } from '../../../services/session'
import { ROUTES, withQuery } from '../../../utils/routes'
import { AudienceSection, MessageSection, OccasionSection, TimingSection } from './rule-sections'
import { ChannelSection } from './channel-section'
import { useCareRuleEditor } from './useCareRuleEditor'
import '../care.scss'

/** Create or edit one care rule: occasion, audience, channel, message, timing, on/off. */
export default function CareRulePage() {
  const { params } = useRouter()
  const dealershipId = params.dealershipId || undefined
  const session = useSession()
  const editor = useCareRuleEditor(params.id ?? '', dealershipId, can(session, 'care.rules.edit'))
  const { data, draft, errors, set, busy, message, savedId } = editor
  const fields = { draft, errors, set }

  return (
    <PageContainer
      className="e2e-page-care-rule"
      require="staff"
      capability="care.rules.edit"
      loading={data.loading && !data.data}
      error={data.error}
      onRetry={() => void data.reload()}
    >
      <OccasionSection {...fields} title={savedId ? '编辑规则' : '新建规则'} />
      <AudienceSection draft={draft} set={set} segments={editor.segments} />
      <ChannelSection {...fields} templates={editor.templates} onTemplate={editor.chooseTemplate} />
      <MessageSection {...fields} />
      <TimingSection {...fields} />

      <Section>
        {message ? <Text className={`${message.ok ? 'success-text e2e-rule-saved' : 'error-text e2e-rule-error'}`}>{message.text}</Text> : null}
        <View className="actions">
          <Button type="primary" className="e2e-rule-save" loading={busy} disabled={busy} onClick={() => void editor.save()}>
            保存规则
          </Button>
          <Button className="e2e-rule-preview" onClick={() => void Taro.navigateTo({ url: withQuery(ROUTES.carePreview, { dealershipId }) })}>
            预览发送
          </Button>
          {savedId ? (
            <Button fill="none" className="e2e-rule-delete" onClick={() => editor.setConfirmDelete(true)}>
              删除
            </Button>
          ) : null}
        </View>
      </Section>
      <ConfirmDialog
        visible={editor.confirmDelete}
        title="删除规则"
        content="删除后不再按此规则发送；已发送的记录保留。"
        confirmText="删除"
        danger
        busy={busy}
        onConfirm={() => void editor.remove()}
        onCancel={() => editor.setConfirmDelete(false)}
      />
    </PageContainer>
  )
}

import { useEffect, useState } from 'react'
import Taro from '@tarojs/taro'
import { useAsync } from '../../../hooks/useAsync'
import { createCareRule, deleteCareRule, getCareTemplates, listCareRules, updateCareRule } from '../../../services/care'
import { listSegments } from '../../../services/segments'
import { errorMessage } from '../../../services/request'
import { dataForTemplate, draftFromRule, draftToRequest, emptyDraft, validateDraft, type DraftErrors, type RuleDraft } from '../../../utils/care'

/** The care rule editor's state: the rule (when editing), templates and segments, the draft, save and delete. */
export function useCareRuleEditor(id: string, dealershipId: string | undefined, enabled: boolean) {
  const data = useAsync(
    async () => {
      const [rules, templates, segments] = await Promise.all([
        id ? listCareRules(dealershipId) : Promise.resolve({ items: [] }),
        getCareTemplates(dealershipId).catch(() => ({ templates: [] })),
        listSegments(dealershipId).catch(() => ({ items: [] }))
      ])
      const rule = id ? rules.items.find((r) => r.id === id) : undefined
      if (id && !rule) throw new Error('规则不存在或已删除')
      return { rule, templates: templates.templates, segments: segments.items }
    },
    [id, dealershipId, enabled],
    enabled
  )
  const [draft, setDraft] = useState<RuleDraft>(emptyDraft())
  const [errors, setErrors] = useState<DraftErrors>({})
  const [busy, setBusy] = useState(false)
  const [confirmDelete, setConfirmDelete] = useState(false)
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null)
  const [savedId, setSavedId] = useState(id)

  useEffect(() => {
    if (data.data?.rule) setDraft(draftFromRule(data.data.rule))
  }, [data.data])

  const templates = data.data?.templates ?? []
  const set = (patch: Partial<RuleDraft>) => setDraft((d) => ({ ...d, ...patch }))

  function chooseTemplate(key: string) {
    const chosen = templates.find((t) => t.key === key)
    if (chosen) set({ templateId: chosen.templateId, data: dataForTemplate(chosen, draft.data) })
  }

  async function save() {
    setMessage(null)
    const problems = validateDraft(draft, templates)
    setErrors(problems)
    if (Object.keys(problems).length) {
      setMessage({ ok: false, text: '请检查标红的内容' })
      return
    }
    setBusy(true)
    try {
      const body = draftToRequest(draft)
      const saved = savedId ? await updateCareRule(savedId, body, dealershipId) : await createCareRule(body, dealershipId)
      setSavedId(saved.id)
      setDraft(draftFromRule(saved))
      setMessage({ ok: true, text: `已保存「${saved.name}」` })
    } catch (e) {
      setMessage({ ok: false, text: errorMessage(e) })
    } finally {
      setBusy(false)
    }
  }

  async function remove() {
    if (!savedId) return
    setBusy(true)
    try {
      await deleteCareRule(savedId, dealershipId)
      setConfirmDelete(false)
      await Taro.navigateBack()
    } catch (e) {
      setMessage({ ok: false, text: errorMessage(e) })
      setConfirmDelete(false)
    } finally {
      setBusy(false)
    }
  }

  return {
    data,
    templates,
    segments: data.data?.segments ?? [],
    draft,
    set,
    errors,
    busy,
    message,
    savedId,
    confirmDelete,
    setConfirmDelete,
    chooseTemplate,
    save,
    remove
  }
}

import { useState, type ChangeEvent } from 'react'
import Taro, { useRouter } from '@tarojs/taro'
import { View, Text } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import PageContainer from '../../../components/PageContainer'
import Section from '../../../components/Section'
import Chips from '../../../components/Chips'
import Field from '../../../components/Field'
import { useAsync } from '../../../hooks/useAsync'
import { useSession } from '../../../hooks/useSession'
import { addComplaintPhoto, fileComplaint } from '../../../services/aftercare'
import { listBindings } from '../../../services/owner'
import { errorMessage, type UploadFile } from '../../../services/request'
import { CATEGORY_OPTIONS, MAX_COMPLAINT_PHOTOS } from '../../../utils/aftercare'
import { IS_H5 } from '../../../utils/platform'
import { ROUTES, withQuery } from '../../../utils/routes'
import type { OwnerComplaintRequest } from '../../../services/api-types'
import './index.scss'

type Category = OwnerComplaintRequest['category']

/**
 * 我要投诉: category, what happened and up to three photos, about a visit (`?visitKey=`, from
 * a survey or a visit) or in general. The complaint is filed first, then the photos uploaded
 * to it one by one.
 */
export default function NewComplaintPage() {
  const session = useSession()
  const visitKey = useRouter().params.visitKey || undefined
  const isOwner = session?.kind === 'owner'
  const bindings = useAsync(() => listBindings(), [isOwner], isOwner)
  const dealerships = (bindings.data?.items ?? []).map((b) => ({ value: b.dealership.id, label: b.dealership.name }))
  const [dealershipId, setDealershipId] = useState('')
  const [category, setCategory] = useState<Category | ''>('')
  const [text, setText] = useState('')
  const [photos, setPhotos] = useState<UploadFile[]>([])
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const chosenDealership = dealershipId || (dealerships.length === 1 ? dealerships[0].value : '')

  function addPhotos(files: UploadFile[]) {
    setPhotos((prev) => [...prev, ...files].slice(0, MAX_COMPLAINT_PHOTOS))
  }

  function onH5Photos(event: ChangeEvent<HTMLInputElement>) {
    addPhotos(Array.from(event.target.files ?? []).map((blob) => ({ kind: 'blob' as const, blob, name: blob.name })))
    event.target.value = ''
  }

  async function pickInWechat() {
    try {
      const result = await Taro.chooseImage({ count: MAX_COMPLAINT_PHOTOS - photos.length, sizeType: ['compressed'] })
      addPhotos(result.tempFilePaths.map((path, i) => ({ kind: 'path' as const, path, name: `photo-${i + 1}.jpg` })))
    } catch (e) {
      if (!/cancel/i.test(errorMessage(e))) setError(errorMessage(e))
    }
  }

  async function submit() {
    if (!category) return setError('请选择投诉类别')
    if (!text.trim()) return setError('请描述遇到的问题')
    if (!visitKey && dealerships.length > 1 && !chosenDealership) return setError('请选择投诉的门店')
    setBusy(true)
    setError(null)
    try {
      const complaint = await fileComplaint({ category, text: text.trim(), visitKey, dealershipId: chosenDealership || undefined })
      for (const photo of photos) await addComplaintPhoto(complaint.id, photo)
      void Taro.redirectTo({ url: withQuery(ROUTES.ownerComplaint, { id: complaint.id }) })
    } catch (e) {
      setError(errorMessage(e))
    } finally {
      setBusy(false)
    }
  }

  return (
    <PageContainer className="new-complaint e2e-page-owner-complaint-new" require="owner" loading={bindings.loading && !bindings.data}>
      {!visitKey && dealerships.length > 1 ? (
        <Section>
          <Chips label="投诉门店" hook="e2e-complaint-dealership" options={dealerships} value={chosenDealership} onChange={setDealershipId} />
        </Section>
      ) : null}
      <Section title={visitKey ? '关于本次到店服务' : '投诉内容'}>
        <Chips label="类别" hook="e2e-complaint-category" options={CATEGORY_OPTIONS} value={category} onChange={setCategory} disabled={busy} />
        <Field label="问题描述" className="e2e-complaint-text" value={text} onChange={setText} multiline maxlength={1000} placeholder="请描述遇到的问题" />
        <Text className="hint">照片（选填，最多{MAX_COMPLAINT_PHOTOS}张）</Text>
        <View className="new-complaint__photos">
          {photos.map((_, i) => (
            <Text key={i} className="tag e2e-complaint-photo" onClick={() => setPhotos(photos.filter((_, j) => j !== i))}>
              照片{i + 1} ✕
            </Text>
          ))}
          {photos.length < MAX_COMPLAINT_PHOTOS ? (
            IS_H5 ? (
              <input
                className="e2e-complaint-photo-input"
                type="file"
                accept="image/jpeg,image/png,image/webp"
                multiple
                disabled={busy}
                onChange={onH5Photos}
              />
            ) : (
              <Button size="small" className="e2e-complaint-photo-pick" disabled={busy} onClick={() => void pickInWechat()}>
                添加照片
              </Button>
            )
          ) : null}
        </View>
        {error ? <Text className="error-text e2e-complaint-form-error">{error}</Text> : null}
        <Button type="primary" block className="e2e-complaint-submit" loading={busy} disabled={busy} onClick={() => void submit()}>
          提交投诉
        </Button>
      </Section>
    </PageContainer>
  )
}

import { useState } from 'react'
import { View, Text } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import Field from '../Field'
import Chips from '../Chips'
import { claimErrorMessage, validateClaim, type ClaimInput } from '../../utils/validation'
import type { ClaimRequest, IdName } from '../../services/api-types'
import './index.scss'

export interface ClaimFormProps {
  dealerships: ReadonlyArray<IdName>
  defaultDealershipId?: string
  onSubmit: (request: ClaimRequest) => Promise<void>
  onCancel?: () => void
}

/** Plate + last six of the VIN; shows our validation first, then the API's refusal (attempts left…). */
export default function ClaimForm({ dealerships, defaultDealershipId, onSubmit, onCancel }: ClaimFormProps) {
  const [dealershipId, setDealershipId] = useState<string>(
    defaultDealershipId && dealerships.some((d) => d.id === defaultDealershipId) ? defaultDealershipId : (dealerships[0]?.id ?? '')
  )
  const [input, setInput] = useState<ClaimInput>({ plate: '', vinLast6: '' })
  const [errors, setErrors] = useState<Partial<Record<keyof ClaimInput, string>>>({})
  const [formError, setFormError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)

  async function submit() {
    setFormError(null)
    if (!dealershipId) {
      setFormError('请先扫描门店二维码完成绑定')
      return
    }
    const checked = validateClaim(input)
    setErrors(checked.errors)
    if (!checked.ok) return
    setBusy(true)
    try {
      await onSubmit({ dealershipId, ...checked.value })
    } catch (error) {
      setFormError(claimErrorMessage(error))
    } finally {
      setBusy(false)
    }
  }

  return (
    <View className="claim-form e2e-claim-form">
      {dealerships.length > 1 ? (
        <Chips
          label="门店"
          hook="e2e-claim-dealership"
          options={dealerships.map((d) => ({ value: d.id, label: d.name }))}
          value={dealershipId}
          onChange={setDealershipId}
        />
      ) : dealerships.length === 1 ? (
        <Text className="claim-form__dealer">门店：{dealerships[0].name}</Text>
      ) : null}
      <Field
        label="车牌号"
        className="e2e-claim-plate"
        placeholder="例如 粤B12345"
        value={input.plate}
        maxlength={10}
        error={errors.plate}
        onChange={(plate) => setInput((prev) => ({ ...prev, plate }))}
      />
      <Field
        label="车架号（VIN）后六位"
        className="e2e-claim-vin"
        placeholder="行驶证上车辆识别代号的后 6 位"
        value={input.vinLast6}
        maxlength={6}
        error={errors.vinLast6}
        onChange={(vinLast6) => setInput((prev) => ({ ...prev, vinLast6 }))}
      />
      {formError ? <Text className="claim-form__error e2e-claim-error">{formError}</Text> : null}
      <View className="claim-form__actions">
        {onCancel ? (
          <Button className="e2e-claim-cancel" onClick={onCancel}>
            取消
          </Button>
        ) : null}
        <Button type="primary" className="e2e-claim-submit" loading={busy} disabled={busy} onClick={() => void submit()}>
          认领车辆
        </Button>
      </View>
    </View>
  )
}

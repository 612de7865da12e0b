import { useState } from 'react'
import './index.scss'
import Taro from '@tarojs/taro'
import { View, Text } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import PageContainer from '../../../components/PageContainer'
import Section from '../../../components/Section'
import Field from '../../../components/Field'
import { confirmVoucherUse, lookupVoucher } from '../../../services/points'
import { errorMessage } from '../../../services/request'
import type { DeskVoucher } from '../../../services/api-types'
import { formatDateTime } from '../../../utils/format'
import { IS_WEAPP } from '../../../utils/platform'
import { REWARD_KIND_LABELS, VOUCHER_STATUS_LABELS, groupedVoucherCode, isVoucherCode, lastValidDay, normalizeVoucherCode } from '../../../utils/points'

/**
 * 券码核销 (the desk): scan (WeChat) or type a voucher code, see the item, the owner and the
 * remaining uses, confirm one use. The server records who and when; its refusal shows as it comes.
 */
export default function VoucherVerifyPage() {
  const [typed, setTyped] = useState('')
  const [voucher, setVoucher] = useState<DeskVoucher | null>(null)
  const [message, setMessage] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)

  const run = async (action: () => Promise<DeskVoucher>, done?: string) => {
    setBusy(true)
    setMessage(null)
    try {
      setVoucher(await action())
      if (done) void Taro.showToast({ title: done, icon: 'success' })
    } catch (e) {
      setMessage(errorMessage(e))
    } finally {
      setBusy(false)
    }
  }

  const look = (raw: string) => {
    const code = normalizeVoucherCode(raw)
    setVoucher(null)
    if (!isVoucherCode(code)) {
      setMessage('券码应为 10 位数字或大写字母')
      return
    }
    void run(() => lookupVoucher(code))
  }

  const scan = async () => {
    try {
      const result = await Taro.scanCode({ onlyFromCamera: true, scanType: ['qrCode', 'barCode'] })
      setTyped(result.result)
      look(result.result)
    } catch {
      // The user closed the scanner: nothing to do.
    }
  }

  const usable = voucher?.status === 'active'
  return (
    <PageContainer className="e2e-page-staff-voucher-verify" require="staff" capability="points.verify">
      <Section title="券码核销">
        <Field
          label="券码"
          className="e2e-verify-code"
          value={typed}
          onChange={setTyped}
          placeholder="输入 10 位券码"
          maxlength={12}
          onConfirm={() => look(typed)}
        />
        <View className="verify__actions">
          <Button type="primary" className="e2e-verify-lookup" loading={busy && !voucher} onClick={() => look(typed)}>
            查询
          </Button>
          {IS_WEAPP ? (
            <Button className="e2e-verify-scan" onClick={() => void scan()}>
              扫码
            </Button>
          ) : null}
        </View>
        {message ? <Text className="error-text e2e-verify-message">{message}</Text> : null}
      </Section>
      {voucher ? (
        <Section title={voucher.item.name} className="e2e-verify-voucher">
          <Text className="tag">{REWARD_KIND_LABELS[voucher.item.kind]}</Text>
          <Text className="tag e2e-verify-status">{VOUCHER_STATUS_LABELS[voucher.status]}</Text>
          <Text className="hint">券码 {groupedVoucherCode(voucher.code)}</Text>
          <Text className="hint e2e-verify-owner">
            车主 {voucher.owner.name || '—'}
            {voucher.owner.mobileTail ? `（尾号 ${voucher.owner.mobileTail}）` : ''}
          </Text>
          <Text className="hint e2e-verify-uses">
            剩余 {voucher.usesLeft} / {voucher.usesTotal} 次 · 有效期至 {lastValidDay(voucher.validUntil)}
          </Text>
          {voucher.uses.map((use) => (
            <Text key={use.number} className="list-item__meta e2e-verify-use">
              第 {use.number} 次：{use.by.name} · {formatDateTime(use.at)}
            </Text>
          ))}
          {usable ? (
            <Button
              type="primary"
              block
              className="e2e-verify-confirm"
              loading={busy}
              onClick={() => void run(() => confirmVoucherUse(voucher.code, voucher.nextUse), '核销成功')}
            >
              确认核销（第 {voucher.nextUse} 次）
            </Button>
          ) : null}
        </Section>
      ) : null}
    </PageContainer>
  )
}

import { useEffect, useMemo, useState } from 'react'
import Taro from '@tarojs/taro'
import { View, Text, Image } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import PageContainer from '../../../components/PageContainer'
import Section from '../../../components/Section'
import Chips from '../../../components/Chips'
import { useAsync } from '../../../hooks/useAsync'
import { useSession } from '../../../hooks/useSession'
import { getQrCodeDataUrl, listDealerships } from '../../../services/dealerships'
import { listStaff } from '../../../services/staff'
import { errorMessage } from '../../../services/request'
import { can } from '../../../services/session'
import './index.scss'

interface Shown {
  title: string
  fileName: string
  dataUrl: string
}

/** Saves a data-URL PNG: a download on H5, the photo album in the mini-program. */
async function savePng(dataUrl: string, fileName: string): Promise<void> {
  if (process.env.TARO_ENV === 'h5') {
    const link = document.createElement('a')
    link.href = dataUrl
    link.download = fileName
    document.body.appendChild(link)
    link.click()
    link.remove()
    return
  }
  const filePath = `${Taro.env.USER_DATA_PATH}/${fileName}`
  Taro.getFileSystemManager().writeFileSync(filePath, dataUrl.replace(/^data:image\/png;base64,/, ''), 'base64')
  await Taro.saveImageToPhotosAlbum({ filePath })
}

export default function QrCodesPage() {
  const session = useSession()
  const manager = can(session, 'console.open')
  const data = useAsync(
    async () => {
      const [dealerships, staff] = await Promise.all([listDealerships(), listStaff()])
      return { dealerships: dealerships.items, staff: staff.items }
    },
    [manager],
    manager
  )
  const [dealershipId, setDealershipId] = useState('')
  const [shown, setShown] = useState<Shown | null>(null)
  const [busy, setBusy] = useState<string | null>(null)
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null)

  const dealerships = useMemo(() => data.data?.dealerships ?? [], [data.data])
  const dealership = dealerships.find((d) => d.id === dealershipId) ?? dealerships[0]
  useEffect(() => {
    if (!dealershipId && dealerships[0]) setDealershipId(dealerships[0].id)
  }, [dealershipId, dealerships])

  const advisors = (data.data?.staff ?? []).filter(
    (s) => s.role === 'advisor' && !s.disabled && (s.dealershipId === null || !dealership || s.dealershipId === dealership.id)
  )

  async function show(key: string, title: string, fileName: string, advisorId?: string) {
    if (!dealership) return
    setBusy(key)
    setMessage(null)
    try {
      setShown({ title, fileName, dataUrl: await getQrCodeDataUrl(dealership.id, advisorId) })
    } catch (e) {
      setMessage({ ok: false, text: errorMessage(e) })
    } finally {
      setBusy(null)
    }
  }

  async function save() {
    if (!shown) return
    try {
      await savePng(shown.dataUrl, shown.fileName)
      setMessage({ ok: true, text: process.env.TARO_ENV === 'h5' ? '已下载二维码图片' : '已保存到相册' })
    } catch (e) {
      setMessage({ ok: false, text: errorMessage(e) })
    }
  }

  return (
    <PageContainer
      className="qrcodes e2e-page-manager-qrcodes"
      require="staff"
      capability="console.open"
      loading={data.loading && !data.data}
      error={data.error}
      onRetry={() => void data.reload()}
      empty={!!data.data && dealerships.length === 0}
      emptyText="没有可管理的门店"
    >
      {dealerships.length > 1 ? (
        <Section>
          <Chips
            label="门店"
            hook="e2e-qr-dealership"
            options={dealerships.map((d) => ({ value: d.id, label: d.name }))}
            value={dealership?.id ?? ''}
            onChange={(id) => {
              setDealershipId(id)
              setShown(null)
            }}
          />
        </Section>
      ) : null}

      {dealership ? (
        <Section title={`${dealership.name}（${dealership.code}）`}>
          <Text className="hint">车主扫描门店码完成绑定；扫描顾问码绑定的车主会自动分配给该顾问。</Text>
          <View className="actions">
            <Button
              type="primary"
              className="e2e-qr-dealership-show"
              loading={busy === 'dealer'}
              onClick={() => void show('dealer', `${dealership.name} 门店码`, `门店码-${dealership.code}.png`)}
            >
              门店二维码
            </Button>
          </View>
        </Section>
      ) : null}

      {shown ? (
        <Section title={shown.title} className="qrcodes__preview e2e-qr-preview">
          <View className="qrcodes__image-wrap">
            <Image className="qrcodes__image e2e-qr-image" src={shown.dataUrl} mode="aspectFit" showMenuByLongpress />
          </View>
          <View className="actions">
            <Button type="primary" block className="e2e-qr-save" onClick={() => void save()}>
              {process.env.TARO_ENV === 'h5' ? '下载图片' : '保存到相册'}
            </Button>
          </View>
        </Section>
      ) : null}
      {message ? <Text className={message.ok ? 'success-text e2e-qr-message' : 'error-text e2e-qr-message'}>{message.text}</Text> : null}

      {dealership ? (
        <Section title="服务顾问专属码">
          {advisors.length === 0 ? <Text className="muted">暂无服务顾问</Text> : null}
          {advisors.map((advisor) => (
            <View key={advisor.id} className="qrcodes__advisor e2e-qr-advisor-row">
              <View>
                <Text className="list-item__title">{advisor.name}</Text>
                <Text className="list-item__meta">顾问码 {advisor.advisorCode ?? '—'}</Text>
              </View>
              <Button
                size="small"
                fill="outline"
                className="e2e-qr-advisor-show"
                loading={busy === advisor.id}
                onClick={() =>
                  void show(
                    advisor.id,
                    `${dealership.name} · ${advisor.name}`,
                    `顾问码-${dealership.code}-${advisor.advisorCode ?? advisor.id}.png`,
                    advisor.id
                  )
                }
              >
                生成二维码
              </Button>
            </View>
          ))}
        </Section>
      ) : null}
    </PageContainer>
  )
}

import { api } from './request'
import { arrayBufferToBase64 } from '../utils/base64'
import type {
  LotteryCampaign,
  LotteryCampaignList,
  LotteryCampaignStatus,
  LotteryCampaignTerms,
  LotteryConversion,
  LotteryDraw,
  LotteryDrawList,
  LotteryJoinResponse,
  LotteryPickup,
  LotteryResults,
  LotteryRules,
  LotteryVerification,
  LotteryVoucherItemList,
  OwnerLotteryCampaign,
  OwnerLotteryCampaignList
} from './api-types'

const path = (id: string) => `/api/lottery/campaigns/${encodeURIComponent(id)}`

// ---- marketing and managers (dealershipId: the store a group admin chose) ----

export const listLotteryCampaigns = (dealershipId?: string, status?: LotteryCampaignStatus) =>
  api.get<LotteryCampaignList>('/api/lottery/campaigns', { dealershipId, status })
export const getLotteryCampaign = (id: string) => api.get<LotteryCampaign>(path(id))
export const createLotteryCampaign = (terms: LotteryCampaignTerms, dealershipId?: string) =>
  api.post<LotteryCampaign>('/api/lottery/campaigns', dealershipId ? { dealershipId, terms } : { terms })
/** A draft changes freely; a published campaign only in the participants' favour (refused with the reasons). */
export const updateLotteryCampaign = (id: string, terms: LotteryCampaignTerms) => api.request<LotteryCampaign>('PUT', path(id), { body: { terms } })
export const submitLotteryCampaign = (id: string) => api.post<LotteryCampaign>(`${path(id)}/submit`)
export const approveLotteryCampaign = (id: string) => api.post<LotteryCampaign>(`${path(id)}/approve`)
export const rejectLotteryCampaign = (id: string, reason: string) => api.post<LotteryCampaign>(`${path(id)}/reject`, { reason })
export const getLotteryResults = (id: string) => api.get<LotteryResults>(`${path(id)}/results`)
export const getLotteryConversion = (id: string) => api.get<LotteryConversion>(`${path(id)}/conversion`)
/** The rewards catalog to pick a voucher prize from (read-only, lottery.campaigns). */
export const listLotteryVoucherItems = (dealershipId?: string) => api.get<LotteryVoucherItemList>('/api/lottery/voucher-items', { dealershipId })
/** The event QR code as a data URL (the endpoint needs the bearer token, so no plain <img src>). */
export async function getLotteryEventCodeDataUrl(id: string): Promise<string> {
  const bytes = await api.request<ArrayBuffer>('GET', `${path(id)}/qrcode.png`, { responseType: 'arraybuffer' })
  return `data:image/png;base64,${arrayBufferToBase64(bytes)}`
}
export const lotteryConversionCsvPath = (id: string) => `${path(id)}/conversion.csv`

// ---- the desk (points.verify): gift prizes handed out against their pickup code ----

export const lookUpLotteryPickup = (code: string) => api.get<LotteryPickup>(`/api/lottery/pickups/${encodeURIComponent(code)}`)
export const confirmLotteryPickup = (code: string) => api.post<LotteryPickup>(`/api/lottery/pickups/${encodeURIComponent(code)}/confirm`)

// ---- owners ----

export const listMyLotteryCampaigns = () => api.get<OwnerLotteryCampaignList>('/api/owner/lottery/campaigns')
export const getMyLotteryCampaign = (id: string) => api.get<OwnerLotteryCampaign>(`/api/owner/lottery/campaigns/${encodeURIComponent(id)}`)
/** One tap, one key: a retry with the same key returns the same draw instead of drawing again. */
export const drawLottery = (id: string, idempotencyKey: string) =>
  api.post<LotteryDraw>(`/api/owner/lottery/campaigns/${encodeURIComponent(id)}/draws`, { idempotencyKey })
export const getMyLotteryDraws = () => api.get<LotteryDrawList>('/api/owner/lottery/draws')
export const joinLotteryFromEvent = (scene: string, phoneCode: string) => api.post<LotteryJoinResponse>('/api/owner/lottery/join', { scene, phoneCode })

// ---- anyone ----

export const getLotteryRules = (id: string) => api.get<LotteryRules>(`${path(id)}/rules`)
export const getLotteryVerification = (id: string) => api.get<LotteryVerification>(`${path(id)}/verification`)

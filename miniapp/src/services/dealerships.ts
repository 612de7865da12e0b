import { api } from './request'
import { arrayBufferToBase64 } from '../utils/base64'
import type { DealershipList } from './api-types'

export function listDealerships(): Promise<DealershipList> {
  return api.get<DealershipList>('/api/dealerships')
}

/** The binding QR code as a data URL (the endpoint needs the bearer token, so no plain <img src>). */
export async function getQrCodeDataUrl(dealershipId: string, advisorId?: string): Promise<string> {
  const bytes = await api.request<ArrayBuffer>('GET', `/api/dealerships/${encodeURIComponent(dealershipId)}/qrcode.png`, {
    query: { advisorId },
    responseType: 'arraybuffer'
  })
  return `data:image/png;base64,${arrayBufferToBase64(bytes)}`
}

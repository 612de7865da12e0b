import Taro from '@tarojs/taro'
import { api, ApiError } from './request'
import { toApiError, type Query } from './request-core'

/**
 * Downloads an authenticated file (CSV exports, error reports). H5: fetch with the bearer
 * token and save through a temporary link. Mini-program: download to a temporary file and
 * offer to forward it to a chat (the usual way files leave WeChat).
 */
export async function downloadAuthed(path: string, fileName: string, query?: Query): Promise<void> {
  const url = api.url(path, query)
  if (process.env.TARO_ENV === 'h5') {
    const response = await fetch(url, { headers: api.authHeaders() })
    if (!response.ok) {
      const text = await response.text()
      throw toApiError(response.status, text)
    }
    const blob = await response.blob()
    const href = URL.createObjectURL(blob)
    const link = document.createElement('a')
    link.href = href
    link.download = fileName
    document.body.appendChild(link)
    link.click()
    link.remove()
    setTimeout(() => URL.revokeObjectURL(href), 10000)
    return
  }
  const result = await Taro.downloadFile({ url, header: api.authHeaders() })
  if (result.statusCode !== 200) throw new ApiError(result.statusCode, `HTTP_${result.statusCode}`, '下载失败')
  const share = (Taro as unknown as { shareFileMessage?: (o: { filePath: string; fileName: string }) => Promise<unknown> }).shareFileMessage
  if (share) {
    await share({ filePath: result.tempFilePath, fileName })
  } else {
    await Taro.showToast({ title: '已下载，请在电脑端导出', icon: 'none' })
  }
}

import Taro from '@tarojs/taro'
import { api, ApiError } from './request'
import { toApiError } from './request-core'

/** A loaded image: what an <Image src> takes, and how to let it go. */
export interface LoadedImage {
  src: string
  release: () => void
}

/**
 * Loads an image the server serves only with the session header (complaint photos): an
 * <Image src> cannot send it. H5: fetch with the bearer token → blob → object URL (released
 * by `release`). Mini-program: `Taro.downloadFile` with the header → the temporary file path.
 */
export async function loadAuthedImage(path: string): Promise<LoadedImage> {
  const url = api.url(path)
  if (process.env.TARO_ENV === 'h5') {
    const response = await fetch(url, { headers: api.authHeaders() })
    if (!response.ok) throw toApiError(response.status, await response.text())
    const src = URL.createObjectURL(await response.blob())
    return { src, release: () => URL.revokeObjectURL(src) }
  }
  const result = await Taro.downloadFile({ url, header: api.authHeaders() })
  if (result.statusCode !== 200) throw new ApiError(result.statusCode, `HTTP_${result.statusCode}`, '图片加载失败')
  return { src: result.tempFilePath, release: () => undefined }
}

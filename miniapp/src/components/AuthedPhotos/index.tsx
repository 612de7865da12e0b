import Taro from '@tarojs/taro'
import { View, Image, Text } from '@tarojs/components'
import { useAuthedImages } from '../../hooks/useAuthedImages'
import './index.scss'

interface Props {
  /** API paths of the photos (each served only with the session header). */
  paths: readonly string[]
  hook?: string
}

/** Thumbnails of photos the server serves only to who may see them; a tap shows them large. */
export default function AuthedPhotos({ paths, hook }: Props) {
  const images = useAuthedImages(paths)
  if (paths.length === 0) return null
  const loaded = paths.map((p) => images[p]).filter((src): src is string => Boolean(src) && src !== 'error')
  return (
    <View className={`authed-photos ${hook ?? ''}`}>
      {paths.map((path) => {
        const src = images[path]
        if (src === 'error')
          return (
            <View key={path} className="authed-photos__cell authed-photos__cell--failed">
              <Text className="muted">加载失败</Text>
            </View>
          )
        if (!src)
          return (
            <View key={path} className="authed-photos__cell">
              <Text className="muted">加载中</Text>
            </View>
          )
        return (
          <Image
            key={path}
            className="authed-photos__cell authed-photos__image e2e-photo-thumb"
            src={src}
            mode="aspectFill"
            onClick={() => void Taro.previewImage({ current: src, urls: loaded })}
          />
        )
      })}
    </View>
  )
}

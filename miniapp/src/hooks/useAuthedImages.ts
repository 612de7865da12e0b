import { useEffect, useState } from 'react'
import { loadAuthedImage } from '../services/authed-image'

/** Per path: the loaded source, `'error'` when it could not be loaded, absent while loading. */
export type AuthedImages = Record<string, string>

/**
 * Loads each authenticated image path once (see `loadAuthedImage`) and releases them when
 * the paths change or the component goes away.
 */
export function useAuthedImages(paths: readonly string[]): AuthedImages {
  const [images, setImages] = useState<AuthedImages>({})
  const key = paths.join('|')
  useEffect(() => {
    let live = true
    const releases: Array<() => void> = []
    setImages({})
    for (const path of paths) {
      loadAuthedImage(path).then(
        (image) => {
          if (!live) {
            image.release()
            return
          }
          releases.push(image.release)
          setImages((current) => ({ ...current, [path]: image.src }))
        },
        () => {
          if (live) setImages((current) => ({ ...current, [path]: 'error' }))
        }
      )
    }
    return () => {
      live = false
      for (const release of releases) release()
    }
    // The paths are compared by their joined key, not by the array's identity.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key])
  return images
}

import { useCallback, useEffect, useRef, useState } from 'react'

export interface AsyncState<T> {
  data: T | undefined
  error: unknown
  loading: boolean
  reload: () => Promise<void>
  setData: (data: T | undefined) => void
}

/** Runs `load` now and whenever `deps` change; `reload()` runs it again. Stale results are dropped. */
export function useAsync<T>(load: () => Promise<T>, deps: readonly unknown[], enabled = true): AsyncState<T> {
  const [data, setData] = useState<T | undefined>(undefined)
  const [error, setError] = useState<unknown>(null)
  const [loading, setLoading] = useState<boolean>(enabled)
  const run = useRef(0)
  const loadRef = useRef(load)
  loadRef.current = load

  const reload = useCallback(async () => {
    const id = ++run.current
    setLoading(true)
    setError(null)
    try {
      const result = await loadRef.current()
      if (id === run.current) setData(result)
    } catch (e) {
      if (id === run.current) setError(e)
    } finally {
      if (id === run.current) setLoading(false)
    }
  }, [])

  useEffect(
    () => {
      if (enabled) void reload()
      else setLoading(false)
    },
    // The caller's own dependency list, forwarded (`reload` is stable): the rule cannot see through it.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [enabled, reload, ...deps]
  )

  return { data, error, loading, reload, setData }
}

import { useCallback, useEffect, useRef, useState } from 'react'
import { useReachBottom } from '@tarojs/taro'

/** One page of a paged API list. */
export interface ListPage<T> {
  items: T[]
  total: number
  page?: number
}

export interface PagedList<T> {
  items: T[]
  total: number
  /** The last page loaded; 0 before the first arrives. */
  page: number
  loading: boolean
  error: unknown
  hasMore: boolean
  /** Loads the first page again (after a change, or to retry). */
  reload: () => Promise<void>
  /** Appends the next page (also on reaching the bottom of the page). */
  loadMore: () => void
}

/**
 * A list read page by page: page 1 when enabled and whenever `fetchPage` changes (make it with
 * useCallback over what it reads), the next page when the user reaches the bottom. An answer
 * overtaken by a newer load is dropped.
 */
export function usePagedList<T>(fetchPage: (page: number) => Promise<ListPage<T>>, enabled: boolean): PagedList<T> {
  const [items, setItems] = useState<T[]>([])
  const [total, setTotal] = useState(0)
  const [page, setPage] = useState(0)
  const [loading, setLoading] = useState(false)
  const [error, setError] = useState<unknown>(null)
  const run = useRef(0)

  const load = useCallback(
    async (next: number) => {
      const id = ++run.current
      setLoading(true)
      setError(null)
      try {
        const result = await fetchPage(next)
        if (id !== run.current) return
        setItems((prev) => (next === 1 ? result.items : [...prev, ...result.items]))
        setTotal(result.total)
        setPage(result.page ?? next)
      } catch (e) {
        if (id === run.current) setError(e)
      } finally {
        if (id === run.current) setLoading(false)
      }
    },
    [fetchPage]
  )

  useEffect(() => {
    if (enabled) void load(1)
  }, [enabled, load])

  const hasMore = items.length < total
  const loadMore = () => {
    if (!loading && hasMore) void load(page + 1)
  }
  useReachBottom(loadMore)

  return { items, total, page, loading, error, hasMore, reload: () => load(1), loadMore }
}

import { useCallback, useEffect, useMemo, useState } from 'react'
import type { CombinedError, OperationContext } from '@urql/core'
import { Button } from './Button'
import { ErrorMessage } from './ErrorMessage'
import './PageChain.css'

/** What one page of a cursor-paged list reported: its items and where the next page starts. */
export interface ChainPage<T> {
  items: readonly T[]
  endCursor: string | null
  hasNextPage: boolean
  fetching: boolean
  error?: CombinedError
  /** Ask for this page again (after an error). */
  retry?: () => void
}

/** A page of a connection as the API sends it: its nodes and where the next page starts. */
interface Connection<T> {
  edges: readonly { node: T }[]
  pageInfo: { endCursor?: string | null; hasNextPage: boolean }
}

/** Reports one page's query to its chain; call it in the component that runs that page's query. */
export function useReportPage<T>(
  report: (index: number, page: ChainPage<T>) => void,
  index: number,
  connection: Connection<T> | null | undefined,
  fetching: boolean,
  error: CombinedError | undefined,
  reexecute: (context?: Partial<OperationContext>) => void,
): void {
  useEffect(() => {
    report(index, {
      items: connection?.edges.map((edge) => edge.node) ?? [],
      endCursor: connection?.pageInfo.endCursor ?? null,
      hasNextPage: connection?.pageInfo.hasNextPage ?? false,
      fetching,
      error,
      retry: () => reexecute({ requestPolicy: 'network-only' }),
    })
  }, [report, index, connection, fetching, error, reexecute])
}

export interface PageChain<T> {
  /** The `after` of every page to query, in order: `[null, cursor1, ...]`. Render one query per entry. */
  afters: readonly (string | null)[]
  /** Each page's query reports here (stable): `report(index, page)`. */
  report: (index: number, page: ChainPage<T>) => void
  /** The items of every page shown, in order, without repeats. */
  items: readonly T[]
  /** The first page has not answered yet. */
  loading: boolean
  /** The first page failed and nothing can be shown. */
  error: CombinedError | undefined
  /** Ask for the first page again. */
  retryFirst: (() => void) | undefined
  /** Everything was fetched and there is nothing at all. */
  empty: boolean
  hasMore: boolean
  loadingMore: boolean
  /** A later page failed. */
  moreError: CombinedError | undefined
  /** Ask for the failed later page again. */
  retryMore: (() => void) | undefined
  loadMore: () => void
}

/**
 * "Load more" paging where every page shown stays live: each page is its own query, so a
 * mutation or a live event refreshes all of them (urql's document cache re-runs each). Page i
 * starts after the end cursor page i-1 reports *now*, so when a new item pushes the first page's
 * last one down, the next page picks it up instead of losing it.
 */
export function usePageChain<T>(keyOf: (item: T) => string): PageChain<T> {
  const [wanted, setWanted] = useState(1)
  const [pages, setPages] = useState<readonly (ChainPage<T> | undefined)[]>([])

  const report = useCallback((index: number, page: ChainPage<T>) => {
    setPages((previous) => {
      const next = previous.slice()
      next[index] = page
      return next
    })
  }, [])

  const afters = useMemo(() => {
    const list: (string | null)[] = [null]
    for (let index = 1; index < wanted; index++) {
      const before = pages[index - 1]
      if (!before?.hasNextPage || !before.endCursor) break
      list.push(before.endCursor)
    }
    return list
  }, [pages, wanted])

  const items = useMemo(() => {
    const seen = new Set<string>()
    const all: T[] = []
    for (const page of pages.slice(0, afters.length)) {
      for (const item of page?.items ?? []) {
        const key = keyOf(item)
        if (seen.has(key)) continue
        seen.add(key)
        all.push(item)
      }
    }
    return all
  }, [pages, afters.length, keyOf])

  const first = pages[0]
  const lastIndex = afters.length - 1
  const last = pages[lastIndex]
  const firstAnswered = first !== undefined && (!first.fetching || first.items.length > 0 || first.error !== undefined)
  const loadMore = useCallback(() => setWanted(afters.length + 1), [afters.length])

  return {
    afters,
    report,
    items,
    loading: !firstAnswered,
    error: first?.error && first.items.length === 0 ? first.error : undefined,
    retryFirst: first?.retry,
    empty: firstAnswered && !first.error && items.length === 0 && !first.fetching,
    hasMore: lastIndex === wanted - 1 && !!last && !last.fetching && last.hasNextPage,
    loadingMore: lastIndex > 0 && (!last || (last.fetching && last.items.length === 0)),
    moreError: lastIndex > 0 ? last?.error : undefined,
    retryMore: lastIndex > 0 ? last?.retry : undefined,
    loadMore,
  }
}

/** The "Load more" button (and a later page's error) under a paged list. */
export function LoadMore({
  chain,
  label = 'Load more',
}: {
  chain: Pick<PageChain<unknown>, 'hasMore' | 'loadingMore' | 'moreError' | 'retryMore' | 'loadMore'>
  label?: string
}) {
  if (!chain.hasMore && !chain.loadingMore && !chain.moreError) return null
  const retry = chain.retryMore
  return (
    <div className="load-more">
      <ErrorMessage error={chain.moreError} action={retry && <Button onClick={retry}>Try again</Button>} />
      {(chain.hasMore || chain.loadingMore) && (
        <Button onClick={chain.loadMore} pending={chain.loadingMore}>
          {label}
        </Button>
      )}
    </div>
  )
}

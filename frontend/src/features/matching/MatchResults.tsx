import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react'
import type { CombinedError } from 'urql'
import { Button, ErrorMessage, Loading } from '@/components/ui'
import type { CoverageRef } from './CoverageNotice'

/** Results per page of a match list. */
export const PAGE_SIZE = 10

/** What one page of results tells the list around it. */
export interface MatchPageState {
  fetching: boolean
  /** Only when the page has nothing to show. */
  error: CombinedError | undefined
  /** Results on this page, once it has loaded. */
  count: number | null
  hasNextPage: boolean
  endCursor: string | null
  /** Asked for on the first page only. */
  totalCount: number | null
  /** How well anyone eligible covers what was searched for (the first page's is shown). */
  coverage: Coverage
  retry: () => void
}

/** A connection's `coverage` and `noGoodMatch`. */
export interface Coverage {
  noGoodMatch: boolean
  coverage: readonly CoverageRef[]
}

const NO_COVERAGE: readonly CoverageRef[] = []

export interface MatchPageProps {
  index: number
  /** The cursor this page starts after; null for the first. */
  after: string | null
  onState: (index: number, state: MatchPageState) => void
}

interface ConnectionLike {
  edges: readonly unknown[]
  pageInfo: { hasNextPage: boolean; endCursor: string | null }
  totalCount?: number | null
  noGoodMatch: boolean
  coverage: readonly CoverageRef[]
}

/** Inside a page component: report its query's state to the list (loading, error, where it ends). */
export function useReportPage(
  { index, onState }: Pick<MatchPageProps, 'index' | 'onState'>,
  result: { fetching: boolean; error?: CombinedError },
  connection: ConnectionLike | undefined,
  reexecute: (options: { requestPolicy: 'network-only' }) => void,
) {
  const retry = useCallback(() => reexecute({ requestPolicy: 'network-only' }), [reexecute])
  const error = connection ? undefined : result.error
  const count = connection ? connection.edges.length : null
  const hasNextPage = connection?.pageInfo.hasNextPage ?? false
  const endCursor = connection?.pageInfo.endCursor ?? null
  const totalCount = connection?.totalCount ?? null
  const noGoodMatch = connection?.noGoodMatch ?? false
  const needs = connection?.coverage ?? NO_COVERAGE
  const coverage = useMemo(() => ({ noGoodMatch, coverage: needs }), [noGoodMatch, needs])
  useEffect(() => {
    onState(index, { fetching: result.fetching, error, count, hasNextPage, endCursor, totalCount, coverage, retry })
  }, [index, onState, result.fetching, error, count, hasNextPage, endCursor, totalCount, coverage, retry])
}

export interface MatchResultsProps {
  /** The list's accessible name: "Mentors" or "Mentees". */
  label: string
  /** "mentor" / "mentee", for "12 mentors". */
  noun: string
  /** One page of `<li>` results. */
  renderPage: (props: MatchPageProps) => ReactNode
  /** Shown when the first page is empty. */
  empty: ReactNode
  /** Above the results: what they cannot offer (see CoverageNotice), from the first page's coverage. */
  notice?: (coverage: Coverage) => ReactNode
}

/**
 * A ranked list paged with "Load more": each page is its own query from the cursor where the one
 * before ended (urql's document cache keeps every page as it was served). Remount it (a `key`)
 * when the search changes, to start again from the first page.
 */
export function MatchResults({ label, noun, renderPage, empty, notice }: MatchResultsProps) {
  const [cursors, setCursors] = useState<(string | null)[]>([null])
  const [states, setStates] = useState<(MatchPageState | undefined)[]>([])
  const listRef = useRef<HTMLUListElement>(null)
  // The page whose first result gets the focus when it arrives (after "Load more").
  const focusPage = useRef<number | null>(null)

  const onState = useCallback((index: number, state: MatchPageState) => {
    setStates((previous) => {
      const next = [...previous]
      next[index] = state
      return next
    })
  }, [])

  const first = states[0]
  const lastIndex = cursors.length - 1
  const last = states[lastIndex]

  useEffect(() => {
    const index = focusPage.current
    if (index === null) return
    const page = states[index]
    if (!page || page.count === null) return
    focusPage.current = null
    const before = states.slice(0, index).reduce((sum, state) => sum + (state?.count ?? 0), 0)
    const items = listRef.current?.children
    const target = items?.[Math.min(before, items.length - 1)]
    target?.querySelector<HTMLElement>('h2 a, a')?.focus()
  }, [states])

  const loadMore = () => {
    if (!last?.endCursor) return
    focusPage.current = cursors.length
    setCursors([...cursors, last.endCursor])
  }

  const loadingFirst = !first || first.count === null
  const loadingMore = lastIndex > 0 && (!last || (last.count === null && !last.error))
  const total = first?.totalCount
  const shown = states.reduce((sum, state) => sum + (state?.count ?? 0), 0)

  return (
    <div className="results">
      {loadingFirst && !first?.error && <Loading label={`Finding ${noun}s…`} />}
      {first?.error && (
        <ErrorMessage
          error={first.error}
          action={
            <Button onClick={first.retry} pending={first.fetching}>
              Try again
            </Button>
          }
        />
      )}
      {first?.count === 0 && empty}
      {first && !!first.count && notice?.(first.coverage)}
      {!loadingFirst && shown > 0 && total !== null && total !== undefined && (
        <p className="results__count">
          {total === 1 ? `1 ${noun}` : `${total} ${noun}s`}
          {shown < total ? `, showing ${shown}` : ''}
        </p>
      )}
      <ul aria-label={label} className="stack results__list" ref={listRef} hidden={shown === 0}>
        {cursors.map((after, index) => (
          <RenderPage key={after ?? 'first'} render={renderPage} index={index} after={after} onState={onState} />
        ))}
      </ul>
      {lastIndex > 0 && last?.error && (
        <ErrorMessage
          error={last.error}
          action={
            <Button onClick={last.retry} pending={last.fetching}>
              Try again
            </Button>
          }
        />
      )}
      {(loadingMore || (last?.hasNextPage && !loadingFirst)) && (
        <div className="results__more">
          <Button onClick={loadMore} pending={loadingMore}>
            Load more
          </Button>
        </div>
      )}
    </div>
  )
}

function RenderPage({ render, ...props }: MatchPageProps & { render: (props: MatchPageProps) => ReactNode }) {
  return <>{render(props)}</>
}

import { useCallback, useMemo } from 'react'
import { useSearchParams } from 'react-router'
import { apiFilter, readMatchSearch, writeMatchSearch, type MatchSearch, type MatchSide } from './searchParams'

/** A match list's search, read from and written to the URL (so Back steps through searches). */
export function useMatchSearch(side: MatchSide) {
  const [params, setParams] = useSearchParams()
  const search = useMemo(() => readMatchSearch(params, side), [params, side])
  const apply = useCallback((next: MatchSearch) => setParams(writeMatchSearch(next, side)), [setParams, side])
  return {
    search,
    apply,
    /** The API's `query` and `filter` arguments. */
    variables: useMemo(() => ({ query: search.q, filter: apiFilter(search, side) }), [search, side]),
    /** Changes with any part of the search: remount the results to start from the first page. */
    resultsKey: writeMatchSearch(search, side).toString(),
    /** Changes with the filters only: remount the filters form without losing the search box's text. */
    filtersKey: writeMatchSearch({ ...search, q: null }, side).toString(),
  }
}

import { Link } from 'react-router'
import { Button, EmptyState } from '@/components/ui'
import { EMPTY_SEARCH, hasFilters, type MatchSearch } from './searchParams'

/** The line above a list saying what it is ranked by. */
export function RankedBy({ search, basis }: { search: MatchSearch; basis: string }) {
  const filtered = hasFilters(search) ? ', filtered' : ''
  return (
    <p className="ranked-by" aria-live="polite">
      {search.q ? `Results for “${search.q}”${filtered}` : `${basis}${filtered}`}
    </p>
  )
}

/** "Ranked by your 3 learning objectives" */
export function countedBasis(count: number, item: string): string {
  return `Ranked by your ${count === 1 ? `1 ${item}` : `${count} ${item}s`}`
}

/** An empty list: says so and offers what could widen it (clear filters, other words). */
export function NoResults({
  search,
  noun,
  apply,
  withoutSearch,
}: {
  search: MatchSearch
  noun: string
  apply: (search: MatchSearch) => void
  /** What to try when no search text or filter narrowed the list. */
  withoutSearch: string
}) {
  const filtered = hasFilters(search)
  return (
    <EmptyState
      title={`No ${noun}s found`}
      action={
        filtered ? <Button onClick={() => apply({ ...EMPTY_SEARCH, q: search.q })}>Clear filters</Button> : undefined
      }
    >
      {filtered ? (
        <p>No {noun} fits all of these filters. Clearing some of them shows more.</p>
      ) : search.q ? (
        <p>No {noun} matches “{search.q}”. Try describing it in other words.</p>
      ) : (
        <p>{withoutSearch}</p>
      )}
    </EmptyState>
  )
}

/** Nothing to rank by yet: my profile lacks what the ranking uses. */
export function NothingToRankBy({ title, children }: { title: string; children: string }) {
  return (
    <EmptyState title={title} action={<Link to="/profile">Go to My profile</Link>}>
      <p>{children}</p>
    </EmptyState>
  )
}

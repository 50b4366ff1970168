import { useId, useState, type FormEvent } from 'react'
import { useQuery } from 'urql'
import { Button, ErrorMessage, Loading, TextField } from '@/components/ui'
import { graphql } from '@/gql'

const RESULTS = 8

export const cohortPeopleSearchQuery = graphql(`
  query CohortPeopleSearch($first: Int!, $filter: UserFilter) {
    users(first: $first, filter: $filter) {
      edges {
        node {
          id
          displayName
          email
        }
      }
    }
  }
`)

/** Someone picked for a cohort: enough to name them and send their id. */
export interface PickedPerson {
  id: string
  displayName: string
}

export type CohortSide = 'mentee' | 'mentor'

const SIDE = {
  mentee: { plural: 'Mentees', search: 'Find mentees', field: 'Mentee name or email', everyone: 'every mentee without a mentor', filter: { seeksMentoring: true } },
  mentor: { plural: 'Mentors', search: 'Find mentors', field: 'Mentor name or email', everyone: 'every mentor with a free place', filter: { canMentor: true } },
} as const

function SearchResults({
  side,
  search,
  picked,
  onPick,
}: {
  side: CohortSide
  search: string
  picked: readonly PickedPerson[]
  onPick: (person: PickedPerson) => void
}) {
  const [{ data, fetching, error }, reexecute] = useQuery({
    query: cohortPeopleSearchQuery,
    variables: { first: RESULTS, filter: { ...SIDE[side].filter, suspended: false, search } },
  })
  if (fetching && !data) return <Loading label="Searching…" />
  if (error && !data)
    return <ErrorMessage error={error} action={<Button onClick={() => reexecute({ requestPolicy: 'network-only' })}>Try again</Button>} />
  const people = data?.users.edges.map((edge) => edge.node) ?? []
  if (people.length === 0) return <p className="admin__count">Nobody matches “{search}”.</p>
  const chosen = new Set(picked.map((person) => person.id))
  return (
    <ul className="admin-list" aria-label={`${SIDE[side].plural} found`}>
      {people.map((person) => (
        <li key={person.id} className="admin-row">
          <span className="admin-row__main">
            <span className="admin-row__name">{person.displayName}</span>
            <span className="admin-row__email">{person.email}</span>
          </span>
          {chosen.has(person.id) ? (
            <span className="admin__count">Added</span>
          ) : (
            <Button onClick={() => onPick({ id: person.id, displayName: person.displayName })} aria-label={`Add ${person.displayName}`}>
              Add
            </Button>
          )}
        </li>
      ))}
    </ul>
  )
}

/**
 * Narrows one side of a cohort to people picked through the admin users search; none picked means
 * the proposal's default for that side.
 */
export function CohortPeoplePicker({
  side,
  picked,
  onChange,
}: {
  side: CohortSide
  picked: readonly PickedPerson[]
  onChange: (picked: PickedPerson[]) => void
}) {
  const headingId = useId()
  const [text, setText] = useState('')
  const [search, setSearch] = useState<string | null>(null)
  const words = SIDE[side]

  function handleSearch(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    setSearch(text.trim() || null)
  }

  return (
    <section className="cohort-picker" aria-labelledby={headingId}>
      <h3 id={headingId}>{words.plural}</h3>
      {picked.length === 0 ? (
        <p className="admin__count">Everyone: {words.everyone}.</p>
      ) : (
        <ul className="badges cohort-picker__chosen" aria-label={`${words.plural} chosen`}>
          {picked.map((person) => (
            <li key={person.id} className="cohort-picker__chip">
              {person.displayName}
              <Button variant="quiet" aria-label={`Remove ${person.displayName}`} onClick={() => onChange(picked.filter((p) => p.id !== person.id))}>
                ×
              </Button>
            </li>
          ))}
        </ul>
      )}
      <form role="search" aria-label={words.search} className="cohort-picker__search" onSubmit={handleSearch}>
        <TextField label={words.field} type="search" value={text} onChange={(event) => setText(event.target.value)} />
        <Button type="submit">Search</Button>
      </form>
      {search && <SearchResults side={side} search={search} picked={picked} onPick={(person) => onChange([...picked, person])} />}
    </section>
  )
}

import { Link } from 'react-router'
import { useCallback, useState } from 'react'
import { useQuery } from 'urql'
import { Button, ErrorMessage, FormStatus, Loading, PageHeader } from '@/components/ui'
import { graphql } from '@/gql'
import { CoverageNotice } from './CoverageNotice'
import { FiltersForm } from './FiltersForm'
import { MatchCard } from './MatchCard'
import { MatchResults, PAGE_SIZE, useReportPage, type MatchPageProps } from './MatchResults'
import { countedBasis, NothingToRankBy, NoResults, RankedBy } from './MatchStates'
import { useMyMatchingProfile } from './myProfile'
import { focusProposalButton, proposalButtonId } from './ProposalDialog'
import { RequestDialog, type Participant } from './RequestDialog'
import { SearchForm } from './SearchForm'
import { useMatchSearch } from './useMatchSearch'
import './matching.css'

export const mentorMatchesQuery = graphql(`
  query MentorMatches($query: String, $first: Int!, $after: String, $filter: MentorFilter, $withCount: Boolean!) {
    mentorMatches(query: $query, first: $first, after: $after, filter: $filter) {
      totalCount @include(if: $withCount)
      noGoodMatch
      coverage {
        ...CoverageNotice_coverage
      }
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        cursor
        node {
          score
          mentor {
            id
            displayName
            ...MatchCard_user
            profile {
              mentorRecord {
                ...MentorRecord_record
              }
            }
          }
          explanation {
            ...MatchCard_explanation
          }
        }
      }
    }
  }
`)

type Variables = ReturnType<typeof useMatchSearch>['variables']

interface MentorPageProps extends MatchPageProps {
  variables: Variables
  requested: ReadonlySet<string>
  onRequest: (mentor: Participant) => void
}

function MentorPage({ variables, requested, onRequest, ...page }: MentorPageProps) {
  const [result, reexecute] = useQuery({
    query: mentorMatchesQuery,
    variables: { ...variables, first: PAGE_SIZE, after: page.after, withCount: page.index === 0 },
  })
  const connection = result.data?.mentorMatches
  useReportPage(page, result, connection, reexecute)
  return connection?.edges.map(({ node }) => {
    const { id, displayName } = node.mentor
    return (
      <li key={id}>
        <MatchCard
          user={node.mentor}
          explanation={node.explanation}
          score={node.score}
          candidate="mentor"
          searched={variables.query !== null}
          href={`/mentors/${id}`}
          record={node.mentor.profile?.mentorRecord}
          action={
            requested.has(id) ? (
              <Button id={proposalButtonId(id)} aria-disabled="true" aria-label={`Requested ${displayName}`} className="button--done">
                Requested
              </Button>
            ) : (
              <Button id={proposalButtonId(id)} variant="primary" aria-label={`Request ${displayName}`} onClick={() => onRequest({ id, displayName })}>
                Request
              </Button>
            )
          }
        />
      </li>
    )
  })
}

/** Find a mentor (/mentors): recommendations for my objectives, or a search, with filters in the URL. */
export function FindMentorScreen() {
  const { search, apply, variables, resultsKey, filtersKey } = useMatchSearch('mentors')
  const me = useMyMatchingProfile()
  const [asking, setAsking] = useState<Participant | null>(null)
  const [requested, setRequested] = useState<ReadonlySet<string>>(new Set())
  const [status, setStatus] = useState<string | null>(null)

  const onRequest = useCallback((mentor: Participant) => {
    setStatus(null)
    setAsking(mentor)
  }, [])
  const onSent = useCallback((mentor: Participant) => {
    setRequested((previous) => new Set(previous).add(mentor.id))
    setAsking(null)
    setStatus(`Request sent to ${mentor.displayName}.`)
    focusProposalButton(mentor.id)
  }, [])

  let body
  if (me.loading) body = <Loading />
  else if (me.error) {
    body = <ErrorMessage error={me.error} action={<Button onClick={me.retry}>Try again</Button>} />
  } else if (!search.q && me.objectives.length === 0) {
    body = (
      <NothingToRankBy title="Add what you want to learn">
        Recommendations are ranked by your learning objectives, and you have none yet. Add a few in My
        profile, or search above for what you want to learn.
      </NothingToRankBy>
    )
  } else {
    body = (
      <>
        <RankedBy search={search} basis={countedBasis(me.objectives.length, 'learning objective')} />
        <MatchResults
          key={resultsKey}
          label="Mentors"
          noun="mentor"
          notice={(coverage) => <CoverageNotice candidate="mentor" searched={search.q !== null} {...coverage} />}
          empty={
            <NoResults
              search={search}
              noun="mentor"
              apply={apply}
              withoutSearch="No mentor who is taking requests has expertise near your objectives yet. Try searching in other words, or come back later."
            />
          }
          renderPage={(page) => (
            <MentorPage {...page} variables={variables} requested={requested} onRequest={onRequest} />
          )}
        />
      </>
    )
  }

  return (
    <div className="matching">
      <PageHeader title="Find a mentor">
        <p>Mentors whose expertise meets what you want to learn, and why each one fits.</p>
        <p>
          See <Link to="/skill-gap">My skill gap</Link>: your skills against the levels of your mentors or best matches.
        </p>
      </PageHeader>
      <SearchForm
        key={`q:${search.q ?? ''}`}
        label="What do you want to learn?"
        description="In your own words. Leave it empty for recommendations from your learning objectives."
        value={search.q}
        onSearch={(q) => apply({ ...search, q })}
      />
      <FiltersForm key={`f:${filtersKey}`} side="mentors" search={search} onApply={apply} />
      <FormStatus message={status} />
      {body}
      {asking && (
        <RequestDialog mentor={asking} objectives={me.objectives} onClose={() => setAsking(null)} onSent={onSent} />
      )}
    </div>
  )
}

import { useCallback, useState } from 'react'
import { Link } from 'react-router'
import { useQuery } from 'urql'
import { Button, EmptyState, ErrorMessage, FormStatus, Loading, PageHeader } from '@/components/ui'
import { graphql } from '@/gql'
import { CoverageNotice } from './CoverageNotice'
import { FiltersForm } from './FiltersForm'
import { InviteDialog } from './InviteDialog'
import { MatchCard } from './MatchCard'
import { MatchResults, PAGE_SIZE, useReportPage, type MatchPageProps } from './MatchResults'
import { countedBasis, NothingToRankBy, NoResults, RankedBy } from './MatchStates'
import { useMyMatchingProfile } from './myProfile'
import { focusProposalButton, proposalButtonId } from './ProposalDialog'
import type { Participant } from './RequestDialog'
import { SearchForm } from './SearchForm'
import { useMatchSearch } from './useMatchSearch'
import './matching.css'

export const menteeMatchesQuery = graphql(`
  query MenteeMatches($query: String, $first: Int!, $after: String, $filter: MenteeFilter, $withCount: Boolean!) {
    menteeMatches(query: $query, first: $first, after: $after, filter: $filter) {
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
          mentee {
            id
            displayName
            profile {
              objectives
            }
            ...MatchCard_user
          }
          explanation {
            ...MatchCard_explanation
          }
        }
      }
    }
  }
`)

export interface Invitee extends Participant {
  objectives: readonly string[]
}

type Variables = ReturnType<typeof useMatchSearch>['variables']

interface MenteePageProps extends MatchPageProps {
  variables: Variables
  invited: ReadonlySet<string>
  onInvite: (mentee: Invitee) => void
}

function MenteePage({ variables, invited, onInvite, ...page }: MenteePageProps) {
  const [result, reexecute] = useQuery({
    query: menteeMatchesQuery,
    variables: { ...variables, first: PAGE_SIZE, after: page.after, withCount: page.index === 0 },
  })
  const connection = result.data?.menteeMatches
  useReportPage(page, result, connection, reexecute)
  return connection?.edges.map(({ node }) => {
    const { id, displayName } = node.mentee
    const objectives = node.mentee.profile?.objectives ?? []
    return (
      <li key={id}>
        <MatchCard
          user={node.mentee}
          explanation={node.explanation}
          score={node.score}
          candidate="mentee"
          searched={variables.query !== null}
          href={`/mentees/${id}`}
          action={
            invited.has(id) ? (
              <Button id={proposalButtonId(id)} aria-disabled="true" aria-label={`Invited ${displayName}`} className="button--done">
                Invited
              </Button>
            ) : (
              <Button
                id={proposalButtonId(id)}
                variant="primary"
                aria-label={`Invite ${displayName}`}
                onClick={() => onInvite({ id, displayName, objectives })}
              >
                Invite
              </Button>
            )
          }
        />
      </li>
    )
  })
}

/** For participants who do not mentor: what this screen is, and where to turn mentoring on. */
export function NotAMentor() {
  return (
    <EmptyState title="Only mentors look for mentees" action={<Link to="/profile">Go to My profile</Link>}>
      <p>
        Turn on “I can mentor” in My profile and add what you can teach; then mentees who want to learn it
        show up here, and you can invite them.
      </p>
    </EmptyState>
  )
}

/** Find a mentee (/mentees, mentors only): mentees whose objectives my expertise meets, or a search. */
export function FindMenteeScreen() {
  const { search, apply, variables, resultsKey, filtersKey } = useMatchSearch('mentees')
  const me = useMyMatchingProfile()
  const [inviting, setInviting] = useState<Invitee | null>(null)
  const [invited, setInvited] = useState<ReadonlySet<string>>(new Set())
  const [status, setStatus] = useState<string | null>(null)

  const onInvite = useCallback((mentee: Invitee) => {
    setStatus(null)
    setInviting(mentee)
  }, [])
  const onSent = useCallback((mentee: Participant) => {
    setInvited((previous) => new Set(previous).add(mentee.id))
    setInviting(null)
    setStatus(`Invitation sent to ${mentee.displayName}.`)
    focusProposalButton(mentee.id)
  }, [])

  const header = (
    <PageHeader title="Find a mentee">
      <p>People who want to learn what you can teach, and why each one fits.</p>
    </PageHeader>
  )
  if (me.loading) {
    return (
      <div className="matching">
        {header}
        <Loading />
      </div>
    )
  }
  if (me.error) {
    return (
      <div className="matching">
        {header}
        <ErrorMessage error={me.error} action={<Button onClick={me.retry}>Try again</Button>} />
      </div>
    )
  }
  if (!me.canMentor) {
    return (
      <div className="matching">
        {header}
        <NotAMentor />
      </div>
    )
  }

  return (
    <div className="matching">
      {header}
      <SearchForm
        key={`q:${search.q ?? ''}`}
        label="Who do you want to help?"
        description="What a mentee might want to learn; leave it empty to rank by your expertise."
        value={search.q}
        onSearch={(q) => apply({ ...search, q })}
      />
      <FiltersForm key={`f:${filtersKey}`} side="mentees" search={search} onApply={apply} />
      <FormStatus message={status} />
      {!search.q && me.expertise.length === 0 ? (
        <NothingToRankBy title="Add what you can teach">
          Mentees are ranked by how well your expertise meets their learning objectives, and you have listed no
          expertise yet. Add some in My profile, or search above for what a mentee might want to learn.
        </NothingToRankBy>
      ) : (
        <>
          <RankedBy search={search} basis={countedBasis(me.expertise.length, 'expertise item')} />
          <MatchResults
            key={resultsKey}
            label="Mentees"
            noun="mentee"
            notice={(coverage) => <CoverageNotice candidate="mentee" searched={search.q !== null} {...coverage} />}
            empty={
              <NoResults
                search={search}
                noun="mentee"
                apply={apply}
                withoutSearch="No one looking for a mentor has objectives near your expertise yet. Try searching in other words, or come back later."
              />
            }
            renderPage={(page) => (
              <MenteePage {...page} variables={variables} invited={invited} onInvite={onInvite} />
            )}
          />
        </>
      )}
      {inviting && (
        <InviteDialog mentee={inviting} objectives={inviting.objectives} onClose={() => setInviting(null)} onSent={onSent} />
      )}
    </div>
  )
}

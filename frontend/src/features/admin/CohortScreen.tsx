import { useEffect, useId, useState } from 'react'
import { Link, useNavigate, useParams, useSearchParams } from 'react-router'
import { useMutation, useQuery, type CombinedError } from 'urql'
import { Badge, Button, EmptyState, ErrorMessage, FormStatus, Loading } from '@/components/ui'
import { graphql, useFragment, type FragmentType } from '@/gql'
import type { CohortPairCardFragment, CohortProposalViewFragment } from '@/gql/graphql'
import { describeError, errorCode, formErrors, type UserErrorLike } from '@/lib/errors'
import { formatDateTime, formatPercent } from '@/lib/format'
import { AdminPage, useAdminForbidden } from './AdminPage'
import { CohortPeoplePicker, type PickedPerson } from './CohortPeoplePicker'
import { actionOutcome, ConfirmDialog } from './ConfirmDialog'

export const cohortPairCardFragment = graphql(`
  fragment CohortPairCard on CohortPair {
    id
    score
    explanation
    publishedAt
    requestId
    skippedReason
    mentee {
      id
      displayName
    }
    mentor {
      id
      displayName
    }
  }
`)

export const cohortProposalViewFragment = graphql(`
  fragment CohortProposalView on CohortProposal {
    id
    createdAt
    totalScore
    pairs {
      id
      ...CohortPairCard
    }
    unmatched {
      menteeId
      reason
      mentee {
        id
        displayName
      }
    }
  }
`)

export const cohortProposalQuery = graphql(`
  query CohortProposal($id: ID!) {
    cohortProposal(id: $id) {
      id
      ...CohortProposalView
    }
  }
`)

export const proposeCohortMatchesMutation = graphql(`
  mutation ProposeCohortMatches($input: ProposeCohortMatchesInput) {
    proposeCohortMatches(input: $input) {
      proposal {
        id
        ...CohortProposalView
      }
      errors {
        code
        message
        field
      }
    }
  }
`)

export const publishCohortMatchesMutation = graphql(`
  mutation PublishCohortMatches($proposalId: ID!, $pairIds: [ID!]!) {
    publishCohortMatches(proposalId: $proposalId, pairIds: $pairIds) {
      proposal {
        id
        ...CohortProposalView
      }
      published {
        id
      }
      skipped {
        reason
        pair {
          id
          ...CohortPairCard
        }
      }
      errors {
        code
        message
        field
      }
    }
  }
`)

const INTRO = (
  <p>
    Pair a whole cohort at once: the pairs with the greatest total match score that fit every mentor’s free places and
    the programme’s rules. Nothing is sent until you publish.
  </p>
)

type Pair = CohortPairCardFragment
type PairRef = { id: string } & FragmentType<typeof cohortPairCardFragment>

/** "Tom Becker with Priya Raman": how a pair is named in its controls and results. */
function pairName(pair: Pair): string {
  return `${pair.mentee.displayName} with ${pair.mentor.displayName}`
}

/** 2.4137 -> "2.41": a proposal's total is a sum of scores from 0 to 1. */
function formatTotal(total: number): string {
  return total.toFixed(2)
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`
}

/** Who a proposal was narrowed to (ids), as the draft's URL keeps them (`?mentee=&mentor=`, repeatable). */
interface Narrowing {
  menteeIds: readonly string[]
  mentorIds: readonly string[]
}

function narrowingFromParams(params: URLSearchParams): Narrowing {
  return { menteeIds: params.getAll('mentee'), mentorIds: params.getAll('mentor') }
}

/** The API's input: a side left empty is its default (everyone waiting). */
function proposeInput({ menteeIds, mentorIds }: Narrowing) {
  if (menteeIds.length === 0 && mentorIds.length === 0) return null
  return { menteeIds: menteeIds.length > 0 ? [...menteeIds] : null, mentorIds: mentorIds.length > 0 ? [...mentorIds] : null }
}

/** Proposes and opens the new draft; the parent shows progress while it runs and its refusal after. */
function useProposeCohort(): { propose: (narrowing: Narrowing) => void; running: boolean; problem: string | null } {
  const navigate = useNavigate()
  const [{ fetching }, propose] = useMutation(proposeCohortMatchesMutation)
  const [problem, setProblem] = useState<string | null>(null)
  return {
    running: fetching,
    problem,
    propose: (narrowing) => {
      setProblem(null)
      void propose({ input: proposeInput(narrowing) }).then((result) => {
        const payload = result.data?.proposeCohortMatches
        const outcome = actionOutcome(result, payload)
        if (outcome.ok && payload?.proposal) {
          const params = new URLSearchParams()
          for (const id of narrowing.menteeIds) params.append('mentee', id)
          for (const id of narrowing.mentorIds) params.append('mentor', id)
          const query = params.toString()
          navigate(`/admin/cohorts/${payload.proposal.id}${query ? `?${query}` : ''}`)
          return
        }
        setProblem(problemText(outcome.ok ? [] : outcome.errors, outcome.ok ? undefined : outcome.error))
      })
    },
  }
}

/** "Everyone waiting", or what the proposal was narrowed to. */
function describeNarrowing({ menteeIds, mentorIds }: Narrowing): string {
  const mentees = menteeIds.length > 0 ? plural(menteeIds.length, 'chosen mentee') : 'every mentee without a mentor'
  const mentors = mentorIds.length > 0 ? plural(mentorIds.length, 'chosen mentor') : 'every mentor with a free place'
  return `For ${mentees} and ${mentors}.`
}

function problemText(errors: readonly UserErrorLike[], error?: CombinedError): string {
  if (error) return describeError(error)
  const words = [...formErrors(errors), ...errors.filter((e) => e.field).map((e) => describeError(e))]
  return words.length > 0 ? words.join(' ') : describeError(null)
}

function ProposeProgress() {
  return <Loading label="Finding the best pairs… This can take a few seconds for a large cohort." />
}

/** /admin/cohorts: who a proposal covers (everyone waiting, or people picked), and the button that makes one. */
export function CohortStartScreen() {
  const { propose, running, problem } = useProposeCohort()
  const [mentees, setMentees] = useState<PickedPerson[]>([])
  const [mentors, setMentors] = useState<PickedPerson[]>([])
  const headingId = useId()
  const narrowing = { menteeIds: mentees.map((p) => p.id), mentorIds: mentors.map((p) => p.id) }
  return (
    <AdminPage title="Cohort matching" intro={INTRO}>
      <section className="card admin__section" aria-labelledby={headingId}>
        <h2 id={headingId}>Propose pairs</h2>
        <p>
          By default everyone who is waiting is included: every mentee without a mentor, and every mentor with a free
          place who accepts requests. To pair only some of them, add them below. You review the pairs before anything is
          sent.
        </p>
        <div className="cohort-pickers">
          <CohortPeoplePicker side="mentee" picked={mentees} onChange={setMentees} />
          <CohortPeoplePicker side="mentor" picked={mentors} onChange={setMentors} />
        </div>
        <p className="cohort-summary__totals">{describeNarrowing(narrowing)}</p>
        <ErrorMessage>{problem}</ErrorMessage>
        <div className="button-row">
          <Button variant="primary" pending={running} onClick={() => propose(narrowing)}>
            Propose pairs
          </Button>
        </div>
        {running && <ProposeProgress />}
      </section>
    </AdminPage>
  )
}

/** One proposed pair: who with whom, how well they fit and why, and whether it is kept. */
function PairCard({
  pair: ref,
  included,
  onToggle,
}: {
  pair: FragmentType<typeof cohortPairCardFragment>
  included: boolean
  onToggle: (pairId: string, include: boolean) => void
}) {
  const pair = useFragment(cohortPairCardFragment, ref)
  const headingId = useId()
  return (
    <li>
      <article className={['cohort-pair', included ? '' : 'cohort-pair--dropped'].join(' ')} aria-label={pairName(pair)}>
        <div className="cohort-pair__head">
          <h3 id={headingId} className="cohort-pair__names">
            <Link to={`/admin/users/${pair.mentee.id}`}>{pair.mentee.displayName}</Link>
            <span aria-hidden="true"> → </span>
            <span className="visually-hidden">with </span>
            <Link to={`/admin/users/${pair.mentor.id}`}>{pair.mentor.displayName}</Link>
          </h3>
          <span className="cohort-pair__score">{formatPercent(pair.score)} match</span>
        </div>
        <p className="cohort-pair__why">{pair.explanation}</p>
        <div className="check">
          <input
            type="checkbox"
            className="check__input"
            id={`${headingId}-include`}
            checked={included}
            onChange={(event) => onToggle(pair.id, event.target.checked)}
          />
          <label htmlFor={`${headingId}-include`} className="check__label">
            Include {pairName(pair)}
          </label>
        </div>
        {!included && <p className="cohort-pair__note">Dropped: this pair will not be published. Tick it to keep it.</p>}
      </article>
    </li>
  )
}

/** The pairs publishing sent as requests, and those it skipped with the reason in words. */
function PublishedPairs({ pairs }: { pairs: readonly Pair[] }) {
  const sentId = useId()
  const skippedId = useId()
  const sent = pairs.filter((pair) => pair.requestId)
  const skipped = pairs.filter((pair) => !pair.requestId)
  return (
    <>
      {sent.length > 0 && (
        <section className="card admin__section" aria-labelledby={sentId}>
          <h2 id={sentId}>Published: {plural(sent.length, 'request')} sent</h2>
          <p>Each mentor is asked by their mentee and accepts or declines as with any request.</p>
          <ul className="admin-list" aria-label="Published pairs">
            {sent.map((pair) => (
              <li key={pair.id} className="admin-row">
                <span>
                  <Link to={`/admin/users/${pair.mentee.id}`}>{pair.mentee.displayName}</Link> asked{' '}
                  <Link to={`/admin/users/${pair.mentor.id}`}>{pair.mentor.displayName}</Link>
                </span>
                <Badge tone="success">Request sent</Badge>
              </li>
            ))}
          </ul>
        </section>
      )}
      {skipped.length > 0 && (
        <section className="card admin__section" aria-labelledby={skippedId}>
          <h2 id={skippedId}>Skipped: {plural(skipped.length, 'pair')}</h2>
          <p>These had changed since the proposal, so no request was sent.</p>
          <ul className="admin-list" aria-label="Skipped pairs">
            {skipped.map((pair) => (
              <li key={pair.id} className="admin-row cohort-skipped">
                <span>
                  <Link to={`/admin/users/${pair.mentee.id}`}>{pair.mentee.displayName}</Link> with{' '}
                  <Link to={`/admin/users/${pair.mentor.id}`}>{pair.mentor.displayName}</Link>
                </span>
                <span className="cohort-skipped__reason">{pair.skippedReason ?? 'Skipped.'}</span>
              </li>
            ))}
          </ul>
        </section>
      )}
    </>
  )
}

function Unmatched({ unmatched }: { unmatched: CohortProposalViewFragment['unmatched'] }) {
  const headingId = useId()
  return (
    <section className="card admin__section" aria-labelledby={headingId}>
      <h2 id={headingId}>Left without a mentor: {unmatched.length}</h2>
      {unmatched.length === 0 ? (
        <p>Every mentee in this cohort has a pair.</p>
      ) : (
        <ul className="admin-list" aria-label="Unmatched mentees">
          {unmatched.map((entry) => (
            <li key={entry.menteeId} className="admin-row cohort-unmatched">
              {entry.mentee ? (
                <Link to={`/admin/users/${entry.mentee.id}`} className="admin-row__name">
                  {entry.mentee.displayName}
                </Link>
              ) : (
                <span className="admin-row__name">A participant no longer here</span>
              )}
              <span>{entry.reason}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}

/** The pair ids the URL says were dropped (`?drop=<id>`, repeatable), so a reload keeps the review. */
function useDropped(): [ReadonlySet<string>, (pairId: string, include: boolean) => void] {
  const [params, setParams] = useSearchParams()
  const dropped = new Set(params.getAll('drop'))
  const toggle = (pairId: string, include: boolean) => {
    setParams(
      (current) => {
        const next = new URLSearchParams(current)
        const ids = new Set(next.getAll('drop'))
        if (include) ids.delete(pairId)
        else ids.add(pairId)
        next.delete('drop')
        for (const id of ids) next.append('drop', id)
        return next
      },
      // A ticked box must show its new state at once: without flushSync the router renders the new
      // URL in a transition, which a busy page defers, and React puts the box back meanwhile.
      { replace: true, flushSync: true },
    )
  }
  return [dropped, toggle]
}

function Draft({ proposal: ref }: { proposal: FragmentType<typeof cohortProposalViewFragment> }) {
  // What publishing answered, until the query's own refetch brings the same.
  const [latest, setLatest] = useState<FragmentType<typeof cohortProposalViewFragment> | null>(null)
  const proposal = useFragment(cohortProposalViewFragment, latest ?? ref)
  const unmasked = useFragment(cohortPairCardFragment, proposal.pairs)
  const pairs = proposal.pairs.map((entry, index) => ({ ref: entry as PairRef, pair: unmasked[index]! }))
  const [dropped, toggle] = useDropped()
  const [confirming, setConfirming] = useState(false)
  const [status, setStatus] = useState<string | null>(null)
  const [, publish] = useMutation(publishCohortMatchesMutation)
  const { propose, running, problem } = useProposeCohort()
  const [params] = useSearchParams()
  const narrowing = narrowingFromParams(params)
  const rerun = () => propose(narrowing)
  const summaryId = useId()
  const pairsId = useId()

  const drafts = pairs.filter(({ pair }) => pair.publishedAt === null)
  const done = pairs.filter(({ pair }) => pair.publishedAt !== null).map(({ pair }) => pair)
  const kept = drafts.filter(({ pair }) => !dropped.has(pair.id))
  const keptTotal = kept.reduce((sum, { pair }) => sum + pair.score, 0)
  const draftTotal = drafts.reduce((sum, { pair }) => sum + pair.score, 0)
  const average = kept.length > 0 ? formatPercent(keptTotal / kept.length) : null

  async function handlePublish() {
    const pairIds = kept.map(({ pair }) => pair.id)
    const result = await publish({ proposalId: proposal.id, pairIds })
    const payload = result.data?.publishCohortMatches
    const outcome = actionOutcome(result, payload)
    if (outcome.ok && payload) {
      const sent = payload.published.length
      const skipped = payload.skipped.length
      setStatus(
        `Published: ${plural(sent, 'request')} sent` + (skipped > 0 ? `, ${plural(skipped, 'pair')} skipped (see why below).` : '.'),
      )
      if (payload.proposal) setLatest(payload.proposal)
    }
    return outcome
  }

  return (
    <>
      <p className="admin__count">
        Proposed {formatDateTime(proposal.createdAt)}. {describeNarrowing(narrowing)}
      </p>
      <FormStatus message={status} />
      <PublishedPairs pairs={done} />

      {drafts.length > 0 && (
        <section className="card admin__section cohort-summary" aria-labelledby={summaryId}>
          <h2 id={summaryId}>Draft</h2>
          <p aria-live="polite" className="cohort-summary__totals">
            {kept.length === drafts.length
              ? `${plural(drafts.length, 'pair')}, total score ${formatTotal(draftTotal)}`
              : `${kept.length} of ${plural(drafts.length, 'pair')} kept, total score ${formatTotal(keptTotal)} (of ${formatTotal(draftTotal)} proposed)`}
            {average && `, ${average} match on average.`}
          </p>
          <ErrorMessage>{problem}</ErrorMessage>
          <div className="button-row">
            <Button
              variant="primary"
              aria-disabled={kept.length === 0 || undefined}
              onClick={() => kept.length > 0 && setConfirming(true)}
              aria-describedby={kept.length === 0 ? `${summaryId}-none` : undefined}
            >
              Publish {plural(kept.length, 'pair')}
            </Button>
            <Button pending={running} onClick={rerun}>
              Run again
            </Button>
          </div>
          {kept.length === 0 && (
            <p id={`${summaryId}-none`} className="admin__count">
              Every pair is dropped: include at least one to publish.
            </p>
          )}
          {running && <ProposeProgress />}
        </section>
      )}
      {drafts.length === 0 && done.length === 0 && (
        <>
          <EmptyState
            title="No pairs to propose"
            action={
              <Button pending={running} onClick={rerun}>
                Run again
              </Button>
            }
          >
            <p>No waiting mentee could be paired with a mentor who has a free place. The reasons are below.</p>
          </EmptyState>
          <ErrorMessage>{problem}</ErrorMessage>
          {running && <ProposeProgress />}
        </>
      )}
      {drafts.length === 0 && done.length > 0 && (
        <p className="admin__count">
          Every pair of this proposal is published. <Link to="/admin/cohorts">Propose a new cohort</Link>
        </p>
      )}

      {drafts.length > 0 && (
        <section className="admin__section" aria-labelledby={pairsId}>
          <h2 id={pairsId}>Proposed pairs</h2>
          <ul className="admin-cards" aria-label="Proposed pairs">
            {drafts.map(({ ref: pairRef, pair }) => (
              <PairCard key={pair.id} pair={pairRef} included={!dropped.has(pair.id)} onToggle={toggle} />
            ))}
          </ul>
        </section>
      )}

      <Unmatched unmatched={proposal.unmatched} />

      {confirming && (
        <ConfirmDialog
          title={`Publish ${plural(kept.length, 'pair')}?`}
          confirmLabel="Publish"
          onConfirm={() => handlePublish()}
          onClose={() => setConfirming(false)}
        >
          <p>
            Each mentee’s request goes to their mentor, who accepts or declines as usual; both are notified.
            {drafts.length - kept.length === 1 && ' The dropped pair stays in the draft.'}
            {drafts.length - kept.length > 1 && ` The ${drafts.length - kept.length} dropped pairs stay in the draft.`}
          </p>
          <ul>
            {kept.map(({ pair }) => (
              <li key={pair.id}>{pairName(pair)}</li>
            ))}
          </ul>
        </ConfirmDialog>
      )}
    </>
  )
}

/** /admin/cohorts/:id: review a proposal (drop pairs, run again), publish it, and see what became of it. */
export function CohortProposalScreen() {
  const { id = '' } = useParams()
  const onForbidden = useAdminForbidden()
  const [{ data, fetching, error }, reexecute] = useQuery({
    query: cohortProposalQuery,
    variables: { id },
    requestPolicy: 'cache-and-network',
  })
  const code = errorCode(error)
  useEffect(() => {
    if (!data && code === 'FORBIDDEN') onForbidden()
  }, [data, code, onForbidden])
  const proposal = data?.cohortProposal
  return (
    <AdminPage title="Cohort matching" intro={INTRO}>
      {proposal ? (
        <Draft key={proposal.id} proposal={proposal} />
      ) : fetching ? (
        <Loading label="Loading the proposal…" />
      ) : code === 'NOT_FOUND' || code === 'INVALID_INPUT' ? (
        <EmptyState title="No such proposal" action={<Link to="/admin/cohorts">Propose pairs</Link>}>
          <p>The link may be mistyped. Start a new proposal instead.</p>
        </EmptyState>
      ) : (
        <ErrorMessage error={error} action={<Button onClick={() => reexecute({ requestPolicy: 'network-only' })}>Try again</Button>} />
      )}
    </AdminPage>
  )
}

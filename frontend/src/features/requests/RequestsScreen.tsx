import { useCallback, useEffect, useMemo, useState } from 'react'
import { Link, useSearchParams } from 'react-router'
import { useQuery } from 'urql'
import { Button, buttonClass, EmptyState, ErrorMessage, FormStatus, Loading, PageHeader } from '@/components/ui'
import { LoadMore, usePageChain, useReportPage, type ChainPage } from '@/components/ui/PageChain'
import { graphql, type FragmentType } from '@/gql'
import { useViewer } from '@/lib/auth'
import { RequestCard, type requestCardFragment } from './RequestCard'
import type { Box } from './requestStatus'
import './requests.css'

const PAGE_SIZE = 20

export const incomingRequestsQuery = graphql(`
  query IncomingRequests($first: Int!, $after: String) {
    requests: incomingMentorshipRequests(first: $first, after: $after) {
      edges {
        node {
          id
          ...RequestCard
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`)

export const outgoingRequestsQuery = graphql(`
  query OutgoingRequests($first: Int!, $after: String) {
    requests: outgoingMentorshipRequests(first: $first, after: $after) {
      edges {
        node {
          id
          ...RequestCard
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`)

type RequestNode = { id: string } & FragmentType<typeof requestCardFragment>

// Fetched again when any request changes (an action here, or a live notification through the bell),
// even while the list is empty and so names no MentorshipRequest of its own.
const listContext = { additionalTypenames: ['MentorshipRequest'] }

/** One page of a box: runs its query and reports to the chain; renders nothing itself. */
function RequestsPage({
  box,
  index,
  after,
  report,
}: {
  box: Box
  index: number
  after: string | null
  report: (index: number, page: ChainPage<RequestNode>) => void
}) {
  // Both boxes answer the same shape under the alias `requests`.
  const query: typeof incomingRequestsQuery = box === 'incoming' ? incomingRequestsQuery : outgoingRequestsQuery
  const [{ data, fetching, error }, reexecute] = useQuery({
    query,
    variables: { first: PAGE_SIZE, after },
    context: listContext,
    // A request may have arrived or expired since this box was last shown.
    requestPolicy: 'cache-and-network',
  })
  const connection = data?.requests
  useReportPage(report, index, connection, fetching, error, reexecute)
  return null
}

/** Ticks once a minute, so "Expires in 3 hours" stays true while the page is open. */
function useNow(intervalMs = 60_000): number {
  const [now, setNow] = useState(() => Date.now())
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs)
    return () => clearInterval(timer)
  }, [intervalMs])
  return now
}

const nodeKey = (node: RequestNode) => node.id

function RequestList({ box, onDone }: { box: Box; onDone: (message: string) => void }) {
  const chain = usePageChain<RequestNode>(nodeKey)
  const now = useNow()
  const canMentor = useViewer().viewer?.profile?.canMentor ?? false
  const label = box === 'incoming' ? 'Incoming requests' : 'Outgoing requests'
  return (
    <>
      {chain.afters.map((after, index) => (
        <RequestsPage key={index} box={box} index={index} after={after} report={chain.report} />
      ))}
      {chain.loading ? (
        <Loading label="Loading requests…" />
      ) : chain.error ? (
        <ErrorMessage
          error={chain.error}
          action={<Button onClick={() => chain.retryFirst?.()}>Try again</Button>}
        />
      ) : chain.empty ? (
        box === 'incoming' ? (
          <EmptyState title="No requests yet">
            <p>When someone asks you to mentor them, or invites you to be their mentee, it shows here.</p>
          </EmptyState>
        ) : (
          <EmptyState
            title="You have not sent any requests"
            action={
              <div className="button-row button-row--center">
                <Link to="/mentors" className={buttonClass('primary')}>
                  Find a mentor
                </Link>
                {canMentor && (
                  <Link to="/mentees" className={buttonClass('secondary')}>
                    Find a mentee
                  </Link>
                )}
              </div>
            }
          >
            <p>
              {canMentor
                ? 'Ask a mentor who can teach what you want to learn, or invite a mentee you can help.'
                : 'Find a mentor who can teach what you want to learn, and ask them.'}
            </p>
          </EmptyState>
        )
      ) : (
        <ul className="stack" aria-label={label}>
          {chain.items.map((node) => (
            <li key={node.id}>
              <RequestCard request={node} box={box} now={now} onDone={onDone} />
            </li>
          ))}
        </ul>
      )}
      <LoadMore chain={chain} />
    </>
  )
}

const BOXES: { box: Box; label: string }[] = [
  { box: 'incoming', label: 'Incoming' },
  { box: 'outgoing', label: 'Outgoing' },
]

/** /requests: requests sent to me (`?box=incoming`, the default) and sent by me (`?box=outgoing`). */
export function RequestsScreen() {
  const [params] = useSearchParams()
  const box: Box = params.get('box') === 'outgoing' ? 'outgoing' : 'incoming'
  const [status, setStatus] = useState<string | null>(null)
  const onDone = useCallback((message: string) => setStatus(message), [])
  const tabs = useMemo(
    () =>
      BOXES.map(({ box: each, label }) => (
        <li key={each}>
          <Link to={`/requests?box=${each}`} className="tabs__link" aria-current={each === box ? 'page' : undefined}>
            {label}
          </Link>
        </li>
      )),
    [box],
  )

  useEffect(() => setStatus(null), [box])

  return (
    <>
      <PageHeader title="Requests">
        <p>Requests to mentor or be mentored wait for an answer until they expire.</p>
      </PageHeader>
      <nav aria-label="Request boxes" className="tabs">
        <ul className="tabs__list">{tabs}</ul>
      </nav>
      <FormStatus message={status} />
      <RequestList key={box} box={box} onDone={onDone} />
    </>
  )
}

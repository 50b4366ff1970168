import { useCallback, useEffect, useRef, useState, type Ref } from 'react'
import { Link } from 'react-router'
import { useQuery } from 'urql'
import { Button, buttonClass, EmptyState, ErrorMessage, FormStatus, Loading, PageHeader } from '@/components/ui'
import { LoadMore, usePageChain, useReportPage, type ChainPage } from '@/components/ui/PageChain'
import { graphql, type FragmentType } from '@/gql'
import type { MentorshipStatus } from '@/gql/graphql'
import { useViewer } from '@/lib/auth'
import { MentorshipCard, type mentorshipCardFragment } from './MentorshipCard'
import './mentorships.css'

const PAGE_SIZE = 20

export const myMentorshipsQuery = graphql(`
  query MyMentorships($status: [MentorshipStatus!], $first: Int!, $after: String) {
    myMentorships(status: $status, first: $first, after: $after) {
      edges {
        node {
          id
          ...MentorshipCard
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`)

type MentorshipNode = { id: string } & FragmentType<typeof mentorshipCardFragment>

// Asked again after any change to a mentorship or request (an accept starts one), even when empty.
const listContext = { additionalTypenames: ['Mentorship', 'MentorshipRequest'] }

function MentorshipsPage({
  status,
  index,
  after,
  report,
}: {
  status: MentorshipStatus
  index: number
  after: string | null
  report: (index: number, page: ChainPage<MentorshipNode>) => void
}) {
  const [{ data, fetching, error }, reexecute] = useQuery({
    query: myMentorshipsQuery,
    variables: { status: [status], first: PAGE_SIZE, after },
    context: listContext,
    requestPolicy: 'cache-and-network',
  })
  const connection = data?.myMentorships
  useReportPage(report, index, connection, fetching, error, reexecute)
  return null
}

const nodeKey = (node: MentorshipNode) => node.id

function MentorshipSection({
  status,
  viewerId,
  onEnded,
  headingRef,
}: {
  status: MentorshipStatus
  viewerId: string
  onEnded: (message: string) => void
  headingRef?: Ref<HTMLHeadingElement>
}) {
  const chain = usePageChain<MentorshipNode>(nodeKey)
  const title = status === 'ACTIVE' ? 'Active' : 'Past'
  const headingId = `mentorships-${status.toLowerCase()}`
  return (
    <section className="mentorships__section" aria-labelledby={headingId}>
      <h2 id={headingId} ref={headingRef} tabIndex={-1}>
        {title}
      </h2>
      {chain.afters.map((after, index) => (
        <MentorshipsPage key={index} status={status} index={index} after={after} report={chain.report} />
      ))}
      {chain.loading ? (
        <Loading label={`Loading ${title.toLowerCase()} mentorships…`} />
      ) : chain.error ? (
        <ErrorMessage error={chain.error} action={<Button onClick={() => chain.retryFirst?.()}>Try again</Button>} />
      ) : chain.empty ? (
        status === 'ACTIVE' ? (
          <EmptyState
            title="No active mentorship"
            headingLevel={3}
            action={
              <Link to="/mentors" className={buttonClass('primary')}>
                Find a mentor
              </Link>
            }
          >
            <p>A mentorship starts when someone accepts a request. See your requests for any waiting for an answer.</p>
          </EmptyState>
        ) : (
          <EmptyState title="No past mentorships" headingLevel={3}>
            <p>Mentorships you or your partner end are kept here.</p>
          </EmptyState>
        )
      ) : (
        <ul className="stack" aria-labelledby={headingId}>
          {chain.items.map((node) => (
            <li key={node.id}>
              <MentorshipCard mentorship={node} viewerId={viewerId} onEnded={onEnded} />
            </li>
          ))}
        </ul>
      )}
      <LoadMore chain={chain} />
    </section>
  )
}

/** /mentorships: active ones (with the partner's contact details) and past ones. */
export function MentorshipsScreen() {
  const { viewer } = useViewer()
  const [status, setStatus] = useState<string | null>(null)
  const pastHeading = useRef<HTMLHeadingElement>(null)
  const [focusPast, setFocusPast] = useState(0)
  const onEnded = useCallback((message: string) => {
    setStatus(message)
    setFocusPast((count) => count + 1)
  }, [])
  useEffect(() => {
    // The card (and its button) leaves the Active list: go on from where it went. After a frame,
    // so that the closing dialog has given focus back first.
    if (focusPast === 0) return
    const frame = requestAnimationFrame(() => pastHeading.current?.focus())
    return () => cancelAnimationFrame(frame)
  }, [focusPast])
  return (
    <>
      <PageHeader title="Mentorships">
        <p>While a mentorship is active, you and your partner see each other’s email and contact note.</p>
      </PageHeader>
      <FormStatus message={status} />
      {viewer ? (
        <div className="mentorships">
          <MentorshipSection status="ACTIVE" viewerId={viewer.id} onEnded={onEnded} />
          <MentorshipSection status="ENDED" viewerId={viewer.id} onEnded={onEnded} headingRef={pastHeading} />
        </div>
      ) : (
        <Loading />
      )}
    </>
  )
}

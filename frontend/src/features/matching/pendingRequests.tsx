import { Link } from 'react-router'
import { useQuery } from 'urql'
import { Button } from '@/components/ui'
import { graphql } from '@/gql'
import { formatDate } from '@/lib/format'

// Whether a request is already pending between me and someone (either way), so their page can say so
// instead of offering a button the API would refuse. Refetched after a request or invitation is sent
// (the document cache sees the MentorshipRequest come back).
export const pendingRequestsQuery = graphql(`
  query PendingRequestsWith {
    outgoingMentorshipRequests(status: [PENDING], first: 50) {
      edges {
        node {
          id
          createdAt
          initiator
          recipient {
            id
          }
        }
      }
    }
    incomingMentorshipRequests(status: [PENDING], first: 50) {
      edges {
        node {
          id
          createdAt
          initiator
          sender {
            id
          }
        }
      }
    }
  }
`)

export interface PendingWith {
  /** I sent it (outgoing) or they did (incoming). */
  box: 'outgoing' | 'incoming'
  createdAt: string
  /** MENTEE: a request for a mentor; MENTOR: an invitation to a mentee. */
  initiator: 'MENTOR' | 'MENTEE'
}

/** The pending request between me and `otherId`, if any (null while unknown or none). */
export function usePendingWith(otherId: string | undefined, pause = false): PendingWith | null {
  const [{ data }] = useQuery({ query: pendingRequestsQuery, pause: pause || !otherId })
  if (!data || !otherId) return null
  const sent = data.outgoingMentorshipRequests.edges.find((edge) => edge.node.recipient.id === otherId)
  if (sent) return { box: 'outgoing', createdAt: sent.node.createdAt, initiator: sent.node.initiator }
  const received = data.incomingMentorshipRequests.edges.find((edge) => edge.node.sender.id === otherId)
  if (received) return { box: 'incoming', createdAt: received.node.createdAt, initiator: received.node.initiator }
  return null
}

/** The "Requested" / "Invited" button of a proposal I sent, unavailable but focusable. */
export function SentButton({ initiator, name }: { initiator: PendingWith['initiator']; name: string }) {
  const label = initiator === 'MENTEE' ? 'Requested' : 'Invited'
  return (
    <Button aria-disabled="true" aria-label={`${label} ${name}`} className="button--done">
      {label}
    </Button>
  )
}

/** What a participant's page says instead of its button while a request between us is pending. */
export function PendingNotice({ pending, name }: { pending: PendingWith; name: string }) {
  if (pending.box === 'outgoing') {
    const what =
      pending.initiator === 'MENTEE' ? `You asked ${name} to be your mentor` : `You invited ${name} to be your mentee`
    return (
      <>
        <SentButton initiator={pending.initiator} name={name} />
        <p className="participant__note">
          {what} on {formatDate(pending.createdAt)}; the answer will show in{' '}
          <Link to="/requests?box=outgoing">Requests</Link>.
        </p>
      </>
    )
  }
  const what = pending.initiator === 'MENTOR' ? `${name} has invited you to be their mentee` : `${name} has asked you to be their mentor`
  return (
    <p className="participant__note">
      {what}: answer in <Link to="/requests?box=incoming">Requests</Link>.
    </p>
  )
}

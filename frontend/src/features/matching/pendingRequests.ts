import { useQuery } from 'urql'
import { graphql } from '@/gql'

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
}

/** The pending request between me and `otherId`, if any (null while unknown or none). */
export function usePendingWith(otherId: string | undefined, pause = false): PendingWith | null {
  const [{ data }] = useQuery({ query: pendingRequestsQuery, pause: pause || !otherId })
  if (!data || !otherId) return null
  const sent = data.outgoingMentorshipRequests.edges.find((edge) => edge.node.recipient.id === otherId)
  if (sent) return { box: 'outgoing', createdAt: sent.node.createdAt }
  const received = data.incomingMentorshipRequests.edges.find((edge) => edge.node.sender.id === otherId)
  if (received) return { box: 'incoming', createdAt: received.node.createdAt }
  return null
}

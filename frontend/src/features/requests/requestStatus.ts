// What a request's status means in words, from the side of the one reading it.
import type { BadgeTone } from '@/components/ui'
import type { MentorshipRole, RequestStatus } from '@/gql/graphql'
import { formatDate, formatRelative } from '@/lib/format'

export type Box = 'incoming' | 'outgoing'

export const STATUS_BADGES: Record<RequestStatus, { label: string; tone: BadgeTone }> = {
  PENDING: { label: 'Pending', tone: 'info' },
  ACCEPTED: { label: 'Accepted', tone: 'success' },
  DECLINED: { label: 'Declined', tone: 'danger' },
  WITHDRAWN: { label: 'Withdrawn', tone: 'neutral' },
  EXPIRED: { label: 'Expired', tone: 'warning' },
  CANCELLED: { label: 'Cancelled', tone: 'neutral' },
}

export interface RequestFacts {
  status: RequestStatus
  initiator: MentorshipRole
  expiresAt: string
  decidedAt: string | null
}

/** "Sam asks you to be their mentor.", "You invited Sam to be your mentee." */
export function requestKind(initiator: MentorshipRole, box: Box, other: string): string {
  if (box === 'incoming') {
    return initiator === 'MENTEE' ? `${other} asks you to be their mentor.` : `${other} invites you to be their mentee.`
  }
  return initiator === 'MENTEE' ? `You asked ${other} to be your mentor.` : `You invited ${other} to be your mentee.`
}

/** "request" or "invitation": what the sender proposed. */
export function requestNoun(initiator: MentorshipRole): string {
  return initiator === 'MENTEE' ? 'request' : 'invitation'
}

/**
 * The time left of a pending request ("Expires in 13 days"), or what happened to a decided one and
 * when ("You declined it on 3 Dec 2026.").
 */
export function requestOutcome(request: RequestFacts, box: Box, other: string, now: number | Date = Date.now()): string {
  const on = request.decidedAt ? ` on ${formatDate(request.decidedAt)}` : ''
  switch (request.status) {
    case 'PENDING': {
      const left = new Date(request.expiresAt).getTime() - new Date(now).getTime()
      // The API turns it EXPIRED at its next read; until then, say it is about to.
      return left <= 30_000 ? 'Expires now' : `Expires ${formatRelative(request.expiresAt, now)}`
    }
    case 'ACCEPTED':
      return box === 'incoming' ? `You accepted it${on}.` : `${other} accepted it${on}.`
    case 'DECLINED':
      return box === 'incoming' ? `You declined it${on}.` : `${other} declined it${on}.`
    case 'WITHDRAWN':
      return box === 'outgoing' ? `You withdrew it${on}.` : `${other} withdrew it${on}.`
    case 'EXPIRED':
      return `It expired${on} without an answer.`
    case 'CANCELLED':
      return `It was cancelled${on}.`
  }
}

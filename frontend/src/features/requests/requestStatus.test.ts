import { describe, expect, it } from 'vitest'
import { requestKind, requestOutcome, type RequestFacts } from './requestStatus'

const NOW = new Date('2026-12-03T12:00:00Z')
const pending: RequestFacts = {
  status: 'PENDING',
  initiator: 'MENTEE',
  expiresAt: '2026-12-16T12:00:00Z',
  decidedAt: null,
}

describe('request status in words', () => {
  it('says the time left of a pending request', () => {
    expect(requestOutcome(pending, 'incoming', 'Sam', NOW)).toBe('Expires in 13 days')
    expect(requestOutcome({ ...pending, expiresAt: '2026-12-03T17:00:00Z' }, 'incoming', 'Sam', NOW)).toBe('Expires in 5 hours')
    expect(requestOutcome({ ...pending, expiresAt: '2026-12-03T12:00:10Z' }, 'outgoing', 'Sam', NOW)).toBe('Expires now')
  })

  it('says what happened to a decided request and when, from my side', () => {
    const decided = { ...pending, decidedAt: '2026-12-02T12:00:00Z' }
    expect(requestOutcome({ ...decided, status: 'ACCEPTED' }, 'incoming', 'Sam', NOW)).toBe('You accepted it on 2 Dec 2026.')
    expect(requestOutcome({ ...decided, status: 'ACCEPTED' }, 'outgoing', 'Sam', NOW)).toBe('Sam accepted it on 2 Dec 2026.')
    expect(requestOutcome({ ...decided, status: 'DECLINED' }, 'outgoing', 'Sam', NOW)).toBe('Sam declined it on 2 Dec 2026.')
    expect(requestOutcome({ ...decided, status: 'WITHDRAWN' }, 'incoming', 'Sam', NOW)).toBe('Sam withdrew it on 2 Dec 2026.')
    expect(requestOutcome({ ...decided, status: 'WITHDRAWN' }, 'outgoing', 'Sam', NOW)).toBe('You withdrew it on 2 Dec 2026.')
    expect(requestOutcome({ ...decided, status: 'EXPIRED' }, 'outgoing', 'Sam', NOW)).toBe('It expired on 2 Dec 2026 without an answer.')
    expect(requestOutcome({ ...decided, status: 'CANCELLED' }, 'outgoing', 'Sam', NOW)).toBe('It was cancelled on 2 Dec 2026.')
  })

  it('tells a request from an invitation', () => {
    expect(requestKind('MENTEE', 'incoming', 'Sam')).toBe('Sam asks you to be their mentor.')
    expect(requestKind('MENTOR', 'incoming', 'Maya')).toBe('Maya invites you to be their mentee.')
    expect(requestKind('MENTEE', 'outgoing', 'Maya')).toBe('You asked Maya to be your mentor.')
    expect(requestKind('MENTOR', 'outgoing', 'Sam')).toBe('You invited Sam to be your mentee.')
  })
})

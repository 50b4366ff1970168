import { describe, expect, it } from 'vitest'
import { formatDays, formatHours, funnelSummary, ratingsSummary, responseSummary, unmatchedSummary } from './summaries'

const PERIOD = { from: '2026-12-01', to: '2026-12-01' }

describe('analytics in words', () => {
  it('says times to respond and waits in the unit that reads best', () => {
    expect([0.3, 1, 5.25, 47.9, 50].map(formatHours)).toEqual(['18 min', '1 hour', '5.3 hours', '47.9 hours', '2.1 days'])
    expect([0.4, 1.2, 12.6].map(formatDays)).toEqual(['under a day', '1 day', '13 days'])
  })

  it('counts one request and one mentorship in the singular, and says when none was decided yet', () => {
    expect(
      funnelSummary({ ...PERIOD, requestsMade: 1, requestsAccepted: 0, acceptanceRate: null, mentorshipsStarted: 1, completedMentorships: 0 }),
    ).toBe(
      'From 1 Dec 2026, 1 request was made and 0 accepted (none was answered or expired yet, so there is no acceptance rate); 1 mentorship was started and 0 completed.',
    )
  })

  it('names the only week that had figures', () => {
    const weeks = [
      { weekStart: '2026-11-23', checkIns: 0, averageRating: null, goodFitRate: null, medianHoursToRespond: null },
      { weekStart: '2026-11-30', checkIns: 3, averageRating: 3.67, goodFitRate: 1 / 3, medianHoursToRespond: 2 },
    ]
    expect(ratingsSummary({ ...PERIOD, checkIns: 3, averageRating: 3.67, goodFitRate: 1 / 3, weeks })).toBe(
      'From 1 Dec 2026, 3 check-ins rated the mentorship 3.7 / 5 on average and 33% said the pair is a good fit; only the week of 30 Nov 2026 had check-ins (3.7 / 5, 33% a good fit); 1 of the 2 weeks had no check-ins (no data).',
    )
    expect(responseSummary({ ...PERIOD, medianHoursToRespond: 2, weeks })).toBe(
      'From 1 Dec 2026, requests were accepted or declined in a median 2 hours; only requests made in the week of 30 Nov 2026 were answered; 1 of the 2 weeks had no answered requests (no data).',
    )
  })

  it('says how many mentees wait in a one-week period, and that one mentee waits', () => {
    expect(
      unmatchedSummary({ unmatchedMentees: 1, medianDaysUnmatched: 0.5, longestDaysUnmatched: 0.5, weeks: [{ weekStart: '2026-11-30', unmatchedMentees: 1 }] }),
    ).toBe('At the end of the week of 30 Nov 2026, 1 mentee had no mentor. Now 1 mentee has no mentor, waiting under a day (median), the longest under a day.')
  })
})

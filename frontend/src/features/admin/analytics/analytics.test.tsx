import { screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { CombinedError } from 'urql'
import { mockApi, queryVariables, type MockClient, type Variables } from '@/testing/operations'
import { renderWithProviders } from '@/testing/render'
import { AnalyticsScreen } from './AnalyticsScreen'

const ADA = { __typename: 'User', id: 'u-ada', displayName: 'Ada Admin', email: 'ada@example.com', isAdmin: true, profile: null }

function week(weekStart: string, extra: Record<string, number | null> = {}) {
  return {
    __typename: 'AnalyticsWeek',
    weekStart,
    requestsMade: 0,
    requestsAccepted: 0,
    medianHoursToRespond: null,
    checkIns: 0,
    averageRating: null,
    goodFitRate: null,
    unmatchedMentees: 3,
    ...extra,
  }
}

const ANALYTICS = {
  __typename: 'ProgramAnalytics',
  from: '2026-10-06',
  to: '2026-12-28',
  participants: 30,
  mentors: 12,
  mentees: 21,
  byCareerStage: [
    { __typename: 'CareerStageCount', careerStage: 'EARLY_CAREER', participants: 10, mentors: 2, mentees: 9 },
    { __typename: 'CareerStageCount', careerStage: null, participants: 20, mentors: 10, mentees: 12 },
  ],
  requestsMade: 40,
  requestsByStatus: [
    { __typename: 'StatusCount', status: 'PENDING', count: 5 },
    { __typename: 'StatusCount', status: 'ACCEPTED', count: 28 },
    { __typename: 'StatusCount', status: 'DECLINED', count: 4 },
    { __typename: 'StatusCount', status: 'WITHDRAWN', count: 0 },
    { __typename: 'StatusCount', status: 'EXPIRED', count: 3 },
    { __typename: 'StatusCount', status: 'CANCELLED', count: 0 },
  ],
  acceptanceRate: 28 / 35,
  medianHoursToRespond: 5.25,
  mentorshipsStarted: 27,
  activeMentorships: 20,
  completedMentorships: 6,
  outcomes: [
    { __typename: 'StatusCount', status: 'COMPLETED', count: 6 },
    { __typename: 'StatusCount', status: 'ENDED_EARLY', count: 1 },
    { __typename: 'StatusCount', status: 'NOT_A_FIT', count: 2 },
  ],
  checkIns: 14,
  averageRating: 4.14,
  goodFitRate: 0.857,
  averageProgress: 57.6,
  sessionsLogged: 9,
  sessionMinutes: 450,
  unmatchedMentees: 7,
  medianDaysUnmatched: 12.4,
  longestDaysUnmatched: 40.2,
  weeks: [
    week('2026-12-14', { requestsMade: 10, requestsAccepted: 8, medianHoursToRespond: 3, checkIns: 4, averageRating: 4.25, goodFitRate: 1, unmatchedMentees: 4 }),
    week('2026-12-21', { unmatchedMentees: 9 }),
    week('2026-12-28', { requestsMade: 2, requestsAccepted: 1, medianHoursToRespond: 30, checkIns: 2, averageRating: 3.5, goodFitRate: 0.5, unmatchedMentees: 7 }),
  ],
}

const FEEDBACK = {
  __typename: 'FeedbackSummary',
  checkInsExpected: 20,
  checkInCompletionRate: 0.7,
  requestsDecided: 10,
  requestsAnsweredInTimeRate: 0.8,
}

const EMPTY_PERIOD = {
  ...ANALYTICS,
  requestsMade: 0,
  requestsByStatus: ANALYTICS.requestsByStatus.map((status) => ({ ...status, count: 0 })),
  acceptanceRate: null,
  medianHoursToRespond: null,
  mentorshipsStarted: 0,
  completedMentorships: 0,
  outcomes: ANALYTICS.outcomes.map((outcome) => ({ ...outcome, count: 0 })),
  checkIns: 0,
  averageRating: null,
  goodFitRate: null,
  averageProgress: null,
  sessionsLogged: 0,
  sessionMinutes: 0,
  unmatchedMentees: 0,
  medianDaysUnmatched: null,
  longestDaysUnmatched: null,
  weeks: [week('2026-12-21', { unmatchedMentees: 0 }), week('2026-12-28', { unmatchedMentees: 0 })],
}

function api({ me = ADA, analytics = () => ANALYTICS }: { me?: typeof ADA; analytics?: (variables: Variables) => object | CombinedError } = {}) {
  return mockApi({
    me,
    queries: {
      AdminAnalytics: (variables) => {
        const result = analytics(variables)
        return result instanceof CombinedError ? result : { programAnalytics: result, feedbackSummary: FEEDBACK }
      },
    },
  })
}

function renderAt(url: string, client: MockClient) {
  return renderWithProviders(<AnalyticsScreen />, { url, path: '/admin/analytics', client })
}

function figure(section: string, label: string): string[] {
  const region = screen.getByRole('region', { name: section })
  const term = within(region).getByText(label, { selector: 'dt' })
  return [...term.parentElement!.querySelectorAll('dd')].map((dd) => dd.textContent ?? '')
}

/** A chart: its image (named by its heading, described by its summary) and its figures' table. */
function chart(title: string) {
  const region = screen.getByRole('region', { name: title })
  return {
    image: within(region).getByRole('img', { name: title }),
    table: within(region).getAllByRole('table')[0]!,
  }
}

function rows(table: HTMLElement): string[][] {
  return within(table)
    .getAllByRole('row')
    .slice(1)
    .map((row) => [...row.querySelectorAll('th, td')].map((cell) => cell.textContent ?? ''))
}

// Four charts render in each test: slower than a form alone on a busy 2-core machine.
describe('AnalyticsScreen', { timeout: 30_000 }, () => {
  beforeEach(() => {
    // Only the clock: "today" is 28 Dec 2026 (UTC), so the default period is the 12 weeks up to it.
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(new Date('2026-12-28T15:00:00Z'))
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  it('shows the last 12 weeks’ headline figures, each in words with what it counts', async () => {
    const client = api()
    renderAt('/admin/analytics', client)

    expect(screen.getByRole('heading', { level: 1, name: 'Analytics' })).toBeInTheDocument()
    await waitFor(() => expect(document.title).toBe('Analytics · Admin · mentormatch'))
    expect(screen.getByRole('navigation', { name: 'Admin' }).querySelector('a[href="/admin/analytics"]')).toHaveTextContent('Analytics')
    expect(await screen.findByText(/^6 Oct 2026 to 28 Dec 2026 \(UTC days, both included\)/)).toBeInTheDocument()
    expect(queryVariables(client, 'AdminAnalytics')[0]).toEqual({ from: '2026-10-06', to: '2026-12-28' })

    expect(figure('Participants', 'Participants')).toEqual(['30', 'who mentor or want a mentor, now'])
    expect(figure('Participants', 'Mentors')[0]).toBe('12')
    const stages = screen.getByRole('table', { name: 'By career stage' })
    expect(rows(stages)).toEqual([
      ['Early career', '10', '2', '9'],
      ['Not given', '20', '10', '12'],
    ])
    expect(figure('Requests', 'Requests made')[0]).toBe('40')
    expect(figure('Requests', 'Acceptance rate')).toEqual(['80%', 'of those accepted, declined or expired'])
    expect(figure('Requests', 'Median time to respond')[0]).toBe('5.3 hours')
    expect(figure('Requests', 'Answered in time')).toEqual(['80%', 'of 10 mentees’ requests answered or expired'])
    expect(screen.getByText('Where they stand now: 5 pending, 28 accepted, 4 declined, 3 expired.')).toBeInTheDocument()
    expect(figure('Mentorships', 'Active')).toEqual(['20', 'at the period’s end'])
    expect(figure('Mentorships', 'Ended')).toEqual(['9', '6 completed, 1 ended early, 2 not a fit'])
    expect(figure('Check-ins and sessions', 'Average rating')[0]).toBe('4.1 / 5')
    expect(figure('Check-ins and sessions', 'Good fit')[0]).toBe('86%')
    expect(figure('Check-ins and sessions', 'Average progress')[0]).toBe('58%')
    expect(figure('Check-ins and sessions', 'Check-in completion')).toEqual(['70%', 'of 20 check-ins expected'])
    expect(figure('Check-ins and sessions', 'Sessions')).toEqual(['9', 'logged, 7 h 30 min in all'])
    expect(figure('Mentees without a mentor', 'Without a mentor')[0]).toBe('7')
    expect(figure('Mentees without a mentor', 'Median wait')[0]).toBe('12 days')
    expect(figure('Mentees without a mentor', 'Longest wait')[0]).toBe('40 days')
  })

  it('gives every chart a summary in words with its figures, and the figures as a table', async () => {
    renderAt('/admin/analytics', api())
    await screen.findByRole('region', { name: 'Requests funnel' })

    const funnel = chart('Requests funnel')
    expect(funnel.image).toHaveAccessibleDescription(
      'From 6 Oct 2026 to 28 Dec 2026, 40 requests were made and 28 accepted (80% of those answered or expired); 27 mentorships were started and 6 completed.',
    )
    expect(rows(funnel.table)).toEqual([
      ['Requests made', '40'],
      ['Accepted', '28'],
      ['Mentorships started', '27'],
      ['Completed', '6'],
    ])
    expect(rows(within(screen.getByRole('region', { name: 'Requests funnel' })).getByRole('table', { name: 'The requests made, by where they stand now' }))).toContainEqual(['Expired', '3'])

    const ratings = chart('Ratings and good fit, week by week')
    expect(ratings.image).toHaveAccessibleDescription(
      'From 6 Oct 2026 to 28 Dec 2026, 14 check-ins rated the mentorship 4.1 / 5 on average and 86% said the pair is a good fit; week by week, the average rating went from 3.5 / 5 (week of 28 Dec 2026) to 4.3 / 5 (week of 14 Dec 2026) and the good-fit rate from 50% to 100%; 1 of the 3 weeks had no check-ins (no data).',
    )
    // An empty week says "no data", never 0.
    expect(rows(ratings.table)).toEqual([
      ['14 Dec 2026', '4', '4.3 / 5', '100%'],
      ['21 Dec 2026', '0', 'no data', 'no data'],
      ['28 Dec 2026', '2', '3.5 / 5', '50%'],
    ])

    const response = chart('Median time to respond, week by week')
    expect(response.image).toHaveAccessibleDescription(
      'From 6 Oct 2026 to 28 Dec 2026, requests were accepted or declined in a median 5.3 hours; by the week a request was made, the median went from 3 hours (week of 14 Dec 2026) to 30 hours (week of 28 Dec 2026); 1 of the 3 weeks had no answered requests (no data).',
    )
    expect(rows(response.table)[1]).toEqual(['21 Dec 2026', '0', '0', 'no data'])

    const unmatched = chart('Mentees without a mentor, week by week')
    expect(unmatched.image).toHaveAccessibleDescription(
      'At the end of the week of 14 Dec 2026, 4 mentees had no mentor; at the end of the week of 28 Dec 2026, 7, with the most, 9, at the end of the week of 21 Dec 2026. Now 7 mentees have no mentor, waiting 12 days (median), the longest 40 days.',
    )
    expect(rows(unmatched.table)).toEqual([
      ['14 Dec 2026', '4'],
      ['21 Dec 2026', '9'],
      ['28 Dec 2026', '7'],
    ])
  })

  it('says in words which figures and charts have nothing to be computed from, never 0', async () => {
    renderAt('/admin/analytics', api({ analytics: () => EMPTY_PERIOD }))
    await screen.findByRole('region', { name: 'Requests funnel' })

    expect(figure('Requests', 'Acceptance rate')[0]).toBe('None decided yet')
    expect(figure('Requests', 'Median time to respond')[0]).toBe('None answered')
    expect(figure('Check-ins and sessions', 'Average rating')[0]).toBe('No check-ins')
    expect(figure('Check-ins and sessions', 'Average progress')[0]).toBe('None given')
    expect(figure('Mentees without a mentor', 'Median wait')[0]).toBe('Nobody waiting')
    expect(figure('Mentorships', 'Ended')).toEqual(['0', 'none ended in the period'])
    expect(screen.getByText('No requests were made in the period.')).toBeInTheDocument()

    expect(chart('Requests funnel').image).toHaveAccessibleDescription(
      'From 6 Oct 2026 to 28 Dec 2026, no requests were made; 0 mentorships were started and 0 completed.',
    )
    expect(chart('Ratings and good fit, week by week').image).toHaveAccessibleDescription(
      'From 6 Oct 2026 to 28 Dec 2026, no check-ins were given, so there is no rating or good-fit rate to show (no data).',
    )
    expect(rows(chart('Ratings and good fit, week by week').table)).toEqual([
      ['21 Dec 2026', '0', 'no data', 'no data'],
      ['28 Dec 2026', '0', 'no data', 'no data'],
    ])
    expect(chart('Median time to respond, week by week').image).toHaveAccessibleDescription(/no time to respond to show \(no data\)\.$/)
    expect(chart('Mentees without a mentor, week by week').image).toHaveAccessibleDescription(/Now every mentee has a mentor\.$/)
  })

  it('says when there is nothing at all to count', async () => {
    renderAt('/admin/analytics', api({ analytics: () => ({ ...EMPTY_PERIOD, participants: 0, mentors: 0, mentees: 0, activeMentorships: 0, byCareerStage: [] }) }))

    expect(await screen.findByRole('heading', { level: 2, name: 'Nothing to count yet' })).toBeInTheDocument()
    expect(screen.queryByRole('img')).not.toBeInTheDocument()
  })

  it('asks for the period typed in or picked, kept in the URL, and says what is wrong with one that cannot be', async () => {
    const user = userEvent.setup()
    const client = api({ analytics: (period) => ({ ...ANALYTICS, ...period }) })
    const { router } = renderAt('/admin/analytics?from=2026-10-01&to=2026-10-31', client)

    expect(await screen.findByText(/^1 Oct 2026 to 31 Oct 2026 \(UTC days/)).toBeInTheDocument()
    expect(queryVariables(client, 'AdminAnalytics')).toEqual([{ from: '2026-10-01', to: '2026-10-31' }])
    expect(screen.getByLabelText('From')).toHaveValue('2026-10-01')
    expect(screen.getByRole('button', { name: 'Last 12 weeks' })).toHaveAttribute('aria-pressed', 'false')

    const to = screen.getByLabelText('To')
    await user.clear(to)
    await user.type(to, '2026-09-15')
    await user.click(screen.getByRole('button', { name: 'Show figures' }))
    expect(to).toHaveAttribute('aria-invalid', 'true')
    expect(to).toHaveAccessibleDescription('The last day must not be before the first.')
    expect(router.state.location.search).toBe('?from=2026-10-01&to=2026-10-31')

    await user.clear(to)
    await user.type(to, '2026-11-15')
    await user.click(screen.getByRole('button', { name: 'Show figures' }))
    await waitFor(() => expect(router.state.location.search).toBe('?from=2026-10-01&to=2026-11-15'))
    expect(await screen.findByText(/^1 Oct 2026 to 15 Nov 2026 \(UTC days/)).toBeInTheDocument()
    expect(queryVariables(client, 'AdminAnalytics').at(-1)).toEqual({ from: '2026-10-01', to: '2026-11-15' })

    await user.click(screen.getByRole('button', { name: 'Last 4 weeks' }))
    await waitFor(() => expect(router.state.location.search).toBe('?from=2026-12-01&to=2026-12-28'))
    expect(queryVariables(client, 'AdminAnalytics').at(-1)).toEqual({ from: '2026-12-01', to: '2026-12-28' })
    expect(screen.getByRole('button', { name: 'Last 4 weeks' })).toHaveAttribute('aria-pressed', 'true')

    await user.click(screen.getByRole('button', { name: 'Last 12 weeks' }))
    await waitFor(() => expect(router.state.location.search).toBe(''))
    expect(screen.getByLabelText('From')).toHaveValue('2026-10-06')
    expect(queryVariables(client, 'AdminAnalytics').at(-1)).toEqual({ from: '2026-10-06', to: '2026-12-28' })
  })

  it('shows the API’s refusal of a period next to the field it names', async () => {
    const tooLong = new CombinedError({
      graphQLErrors: [{ message: 'The period may be at most 1098 days.', extensions: { code: 'INVALID_INPUT', field: 'from' } }],
    })
    renderAt('/admin/analytics?from=2020-01-01&to=2026-12-28', api({ analytics: () => tooLong }))

    const from = screen.getByLabelText('From')
    await waitFor(() => expect(from).toHaveAttribute('aria-invalid', 'true'))
    expect(from).toHaveAccessibleDescription('The period may be at most 1098 days.')
    expect(screen.queryByRole('alert')).not.toBeInTheDocument()
    expect(screen.queryByRole('img')).not.toBeInTheDocument()
  })

  it('shows a failed query in words, with a way to try again', async () => {
    const client = api({ analytics: () => new CombinedError({ networkError: new Error('offline') }) })
    renderAt('/admin/analytics', client)

    expect(await screen.findByRole('alert')).toHaveTextContent('We could not reach mentormatch')
    await userEvent.setup().click(screen.getByRole('button', { name: 'Try again' }))
    await waitFor(() => expect(queryVariables(client, 'AdminAnalytics').length).toBeGreaterThan(1))
  })

  it('tells a participant it is for admins, asking nothing of the API', async () => {
    const client = api({ me: { ...ADA, isAdmin: false } })
    renderAt('/admin/analytics', client)

    expect(await screen.findByRole('heading', { level: 2, name: 'Only admins can see this' })).toBeInTheDocument()
    expect(screen.queryByRole('navigation', { name: 'Admin' })).not.toBeInTheDocument()
    expect(queryVariables(client, 'AdminAnalytics')).toEqual([])
  })

  it('says the same when the API refuses (admin rights gone since sign-in)', async () => {
    const forbidden = new CombinedError({ graphQLErrors: [{ message: 'Only admins may do that.', extensions: { code: 'FORBIDDEN' } }] })
    renderAt('/admin/analytics', api({ analytics: () => forbidden }))

    expect(await screen.findByRole('heading', { level: 2, name: 'Only admins can see this' })).toBeInTheDocument()
    expect(screen.queryByRole('form', { name: 'Period' })).not.toBeInTheDocument()
    expect(screen.queryByRole('alert')).not.toBeInTheDocument()
  })
})

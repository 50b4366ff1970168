import { fireEvent, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { CombinedError } from 'urql'
import { concat, fromValue, never } from 'wonka'
import { mockClient, renderWithProviders } from '@/testing/render'
import { ProgrammeScreen } from './ProgrammeScreen'

type Variables = Record<string, unknown>
type Request = { query: { definitions: { kind: string; name?: { value: string } }[] }; variables: Variables }

function operationName(request: Request): string {
  return request.query.definitions.find((d) => d.kind === 'OperationDefinition')?.name?.value ?? ''
}

/** An answer that stays open like a real one: urql forgets an error when its source ends. */
function answer(result: object) {
  return concat([fromValue(result), never])
}

const ADA = { __typename: 'User', id: 'u-ada', displayName: 'Ada Admin', email: 'ada@example.com', isAdmin: true, profile: null }

function week(weekStart: string, checkIns: number, extra: Partial<Record<string, number | null>> = {}) {
  return {
    weekStart,
    checkIns,
    averageRating: checkIns ? 4 : null,
    goodFitRate: checkIns ? 0.75 : null,
    averageProgress: checkIns ? 50 : null,
    sessionsLogged: 1,
    sessionMinutes: 60,
    ...extra,
  }
}

const SUMMARY = {
  __typename: 'FeedbackSummary',
  from: '2026-10-06',
  to: '2026-12-28',
  checkIns: 14,
  averageRating: 4.14,
  goodFitRate: 0.857,
  averageProgress: 57.6,
  checkInsExpected: 20,
  checkInCompletionRate: 0.7,
  sessionsLogged: 9,
  sessionMinutes: 450,
  requestsDecided: 10,
  requestsAnsweredInTimeRate: 0.8,
  weeks: [
    week('2026-12-14', 4, { averageRating: 4.25, goodFitRate: 1, averageProgress: 62.5, sessionsLogged: 3, sessionMinutes: 150 }),
    week('2026-12-21', 0, { sessionsLogged: 0, sessionMinutes: 0 }),
    week('2026-12-28', 2),
  ],
}

const EMPTY = {
  ...SUMMARY,
  checkIns: 0,
  averageRating: null,
  goodFitRate: null,
  averageProgress: null,
  checkInsExpected: 0,
  checkInCompletionRate: null,
  sessionsLogged: 0,
  sessionMinutes: 0,
  requestsDecided: 0,
  requestsAnsweredInTimeRate: null,
  weeks: [],
}

const SETTINGS = {
  __typename: 'MatchingSettings',
  weights: [
    { kind: 'SEMANTIC', weight: 0.55 },
    { kind: 'SKILLS', weight: 0.1 },
    { kind: 'PERSONALITY', weight: 0.05 },
    { kind: 'FEEDBACK', weight: 0.1 },
    { kind: 'AVAILABILITY', weight: 0.05 },
    { kind: 'CAREER_DIRECTION', weight: 0.1 },
    { kind: 'RESPONSIVENESS', weight: 0.05 },
  ],
  direction: 'REVERSE',
  requireDirection: false,
  defaultCapacity: 2,
  maxMentorsPerMentee: 1,
  maxPendingRequests: 5,
  requestTtlDays: 14,
  checkInIntervalDays: 14,
}

interface ApiOptions {
  me?: typeof ADA
  summary?: (variables: Variables) => object | CombinedError
  interval?: number
  update?: (variables: Variables) => object
}

function api({ me = ADA, summary = () => SUMMARY, interval = 14, update }: ApiOptions = {}) {
  return mockClient({
    executeQuery: ((request: Request) => {
      switch (operationName(request)) {
        case 'Viewer':
          return answer({ data: { me } })
        case 'ProgrammeSummary': {
          const result = summary(request.variables)
          return answer(result instanceof CombinedError ? { error: result } : { data: { feedbackSummary: result } })
        }
        case 'ProgrammeSettings':
          return answer({ data: { matchingSettings: { ...SETTINGS, checkInIntervalDays: interval } } })
        default:
          return never
      }
    }) as never,
    executeMutation: ((request: Request) => {
      if (operationName(request) === 'UpdateProgrammeSettings' && update) {
        return fromValue({ data: { updateMatchingSettings: update(request.variables) } })
      }
      return never
    }) as never,
  })
}

function summaryVariables(client: ReturnType<typeof api>): Variables[] {
  return client.executeQuery.mock.calls
    .map(([request]) => request as Request)
    .filter((request) => operationName(request) === 'ProgrammeSummary')
    .map((request) => request.variables)
}

function renderAt(url: string, client: ReturnType<typeof api>) {
  return renderWithProviders(<ProgrammeScreen />, { url, path: '/programme', client })
}

function figure(label: string): string[] {
  const term = screen.getByText(label, { selector: 'dt' })
  return [...term.parentElement!.querySelectorAll('dd')].map((dd) => dd.textContent ?? '')
}

describe('ProgrammeScreen', () => {
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
    renderAt('/programme', client)

    expect(screen.getByRole('heading', { level: 1, name: 'Programme' })).toBeInTheDocument()
    await waitFor(() => expect(document.title).toBe('Programme · mentormatch'))
    expect(await screen.findByText('6 Oct 2026 to 28 Dec 2026 (UTC days, both included)')).toBeInTheDocument()
    expect(summaryVariables(client)[0]).toEqual({ from: '2026-10-06', to: '2026-12-28' })
    expect(screen.getByLabelText('From')).toHaveValue('2026-10-06')
    expect(screen.getByLabelText('To')).toHaveValue('2026-12-28')

    expect(figure('Check-ins')).toEqual(['14', 'given by mentors and mentees'])
    expect(figure('Average rating')).toEqual(['4.1 / 5', 'over every check-in'])
    expect(figure('Good fit')).toEqual(['86%', 'of check-ins said the pair works'])
    expect(figure('Average progress')).toEqual(['58%', 'on the objectives, where a check-in gave it'])
    expect(figure('Check-in completion')).toEqual(['70%', 'of 20 check-ins expected'])
    expect(figure('Sessions')).toEqual(['9', 'logged, 7 h 30 min in all'])
    expect(figure('Requests answered in time')).toEqual(['80%', 'of 10 requests answered or expired'])
  })

  it('shows the weeks as a table with a caption, column and row headers, and words for empty cells', async () => {
    renderAt('/programme', api())

    const table = await screen.findByRole('table', { name: 'Week by week, 6 Oct 2026 to 28 Dec 2026' })
    // Scrollable on a narrow screen, and reachable by keyboard to scroll it.
    expect(screen.getByRole('region', { name: 'Week by week, 6 Oct 2026 to 28 Dec 2026' })).toHaveAttribute('tabindex', '0')
    expect(within(table).getAllByRole('columnheader').map((th) => th.textContent)).toEqual([
      'Week of',
      'Check-ins',
      'Average rating',
      'Good fit',
      'Average progress',
      'Sessions',
      'Minutes',
    ])
    const rows = within(table).getAllByRole('row').slice(1)
    expect(rows.map((row) => within(row).getByRole('rowheader').textContent)).toEqual(['14 Dec 2026', '21 Dec 2026', '28 Dec 2026'])
    expect(within(rows[0]!).getAllByRole('cell').map((cell) => cell.textContent)).toEqual(['4', '4.3 / 5', '100%', '63%', '3', '150'])
    expect(within(rows[1]!).getAllByRole('cell').map((cell) => cell.textContent)).toEqual(['0', '–none', '–none', '–none', '0', '0'])
  })

  it('asks for the period typed in, kept in the URL, and says what is wrong with one that cannot be', async () => {
    const user = userEvent.setup()
    const client = api({ summary: (period) => ({ ...SUMMARY, ...period }) })
    const { router } = renderAt('/programme?from=2026-10-01&to=2026-10-31', client)

    expect(await screen.findByText('1 Oct 2026 to 31 Oct 2026 (UTC days, both included)')).toBeInTheDocument()
    expect(summaryVariables(client)).toEqual([{ from: '2026-10-01', to: '2026-10-31' }])
    expect(screen.getByLabelText('From')).toHaveValue('2026-10-01')

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
    expect(await screen.findByText('1 Oct 2026 to 15 Nov 2026 (UTC days, both included)')).toBeInTheDocument()
    expect(summaryVariables(client).at(-1)).toEqual({ from: '2026-10-01', to: '2026-11-15' })

    await user.click(screen.getByRole('button', { name: 'Last 12 weeks' }))
    await waitFor(() => expect(router.state.location.search).toBe(''))
    expect(screen.getByLabelText('From')).toHaveValue('2026-10-06')
  })

  it('shows the API’s refusal of a period next to the field it names', async () => {
    const tooLong = new CombinedError({
      graphQLErrors: [
        { message: 'The period may be at most 1098 days.', extensions: { code: 'INVALID_INPUT', field: 'from' } },
      ],
    })
    renderAt('/programme?from=2020-01-01&to=2026-12-28', api({ summary: () => tooLong }))

    const from = screen.getByLabelText('From')
    await waitFor(() => expect(from).toHaveAttribute('aria-invalid', 'true'))
    expect(from).toHaveAccessibleDescription('The period may be at most 1098 days.')
    expect(screen.queryByRole('alert')).not.toBeInTheDocument()
    expect(screen.queryByRole('table')).not.toBeInTheDocument()
  })

  it('says in words which figures have nothing to be computed from', async () => {
    renderAt('/programme', api({ summary: () => ({ ...EMPTY, requestsDecided: 2, requestsAnsweredInTimeRate: 1 }) }))

    expect(await screen.findByText('Average rating', { selector: 'dt' })).toBeInTheDocument()
    expect(figure('Average rating')).toEqual(['No check-ins', 'over every check-in'])
    expect(figure('Good fit')).toEqual(['No check-ins', 'of check-ins said the pair works'])
    expect(figure('Average progress')).toEqual(['None given', 'on the objectives, where a check-in gave it'])
    expect(figure('Check-in completion')).toEqual(['None due yet', 'no check-in fell due in the period'])
    expect(figure('Sessions')).toEqual(['0', 'logged'])
    expect(figure('Requests answered in time')).toEqual(['100%', 'of 2 requests answered or expired'])
  })

  it('says when there is nothing to count in the period', async () => {
    renderAt('/programme', api({ summary: () => EMPTY }))

    expect(await screen.findByRole('heading', { level: 3, name: 'Nothing to count in this period' })).toBeInTheDocument()
    expect(screen.getByText(/No check-ins, sessions or requests between 6 Oct 2026 and 28 Dec 2026/)).toBeInTheDocument()
    expect(screen.queryByRole('table')).not.toBeInTheDocument()
  })

  it('shows a failed query in words, with a way to try again', async () => {
    const client = api({ summary: () => new CombinedError({ networkError: new Error('offline') }) })
    renderAt('/programme', client)

    expect(await screen.findByRole('alert')).toHaveTextContent('We could not reach mentormatch')
    await userEvent.setup().click(screen.getByRole('button', { name: 'Try again' }))
    await waitFor(() => expect(summaryVariables(client).length).toBeGreaterThan(1))
  })

  it('tells a participant it is for admins, asking nothing of the API', async () => {
    const client = api({ me: { ...ADA, isAdmin: false } })
    renderAt('/programme', client)

    expect(await screen.findByRole('heading', { level: 2, name: 'Only admins can see this' })).toBeInTheDocument()
    expect(screen.getByRole('link', { name: 'Go to Find a mentor' })).toHaveAttribute('href', '/mentors')
    expect(screen.queryByRole('alert')).not.toBeInTheDocument()
    expect(summaryVariables(client)).toEqual([])
  })

  it('says the same when the API refuses (admin rights gone since sign-in)', async () => {
    const forbidden = new CombinedError({
      graphQLErrors: [{ message: 'Only admins may do that.', extensions: { code: 'FORBIDDEN' } }],
    })
    renderAt('/programme', api({ summary: () => forbidden }))

    expect(await screen.findByRole('heading', { level: 2, name: 'Only admins can see this' })).toBeInTheDocument()
    expect(screen.queryByLabelText('Days between check-ins')).not.toBeInTheDocument()
  })

  it('shows every setting, each weight with its share of the score, and sends only what changed', async () => {
    const user = userEvent.setup()
    const sent: Variables[] = []
    const client = api({
      update: (variables) => {
        sent.push(variables)
        const input = variables.input as Record<string, unknown>
        if ((input.requestTtlDays as number) === 0) {
          return { settings: null, errors: [{ code: 'INVALID_INPUT', message: 'Must be between 1 and 90.', field: 'requestTtlDays' }] }
        }
        if ((input.weights as Record<string, number> | undefined)?.semantic === 0.9) {
          return { settings: null, errors: [{ code: 'INVALID_INPUT', message: 'Must be between 0 and 1.', field: 'weights.semantic' }] }
        }
        return { settings: { ...SETTINGS, ...input, weights: SETTINGS.weights }, errors: [] }
      },
    })
    renderAt('/programme', client)

    const form = await screen.findByRole('form', { name: 'Programme settings' })
    const semantic = within(form).getByRole('slider', { name: /^Semantic/ })
    expect(semantic).toHaveValue('0.55')
    // 0.55 of a total of 1.0.
    expect(semantic).toHaveAttribute('aria-valuetext', '0.55, 55% of the score')
    expect(within(form).getByLabelText('Capacity of a new mentor')).toHaveValue(2)
    expect(within(form).getByLabelText('Days between check-ins')).toHaveValue(14)
    expect(within(form).getByLabelText('Career direction')).toHaveValue('REVERSE')

    // Moving one slider changes every share.
    fireEvent.change(within(form).getByRole('slider', { name: /^Skills/ }), { target: { value: '0.6' } })
    expect(semantic).toHaveAttribute('aria-valuetext', '0.55, 37% of the score')

    // Checked here first: nothing is sent.
    const capacity = within(form).getByLabelText('Capacity of a new mentor')
    await user.clear(capacity)
    await user.type(capacity, '25')
    await user.click(within(form).getByRole('button', { name: 'Save settings' }))
    expect(capacity).toHaveAttribute('aria-invalid', 'true')
    expect(capacity).toHaveAccessibleDescription(/^Enter a whole number from 1 to 20\./)
    expect(sent).toEqual([])

    await user.clear(capacity)
    await user.type(capacity, '3')
    await user.click(within(form).getByRole('button', { name: 'Save settings' }))
    expect(await screen.findByText('Programme settings saved.')).toBeInTheDocument()
    expect(sent).toEqual([{ input: { weights: { skills: 0.6 }, defaultCapacity: 3 } }])
  })

  it('shows the API’s refusal next to the weight or limit it names', async () => {
    const user = userEvent.setup()
    const client = api({
      update: () => ({
        settings: null,
        errors: [
          { code: 'INVALID_INPUT', message: 'Must be between 1 and 50.', field: 'maxPendingRequests' },
          { code: 'INVALID_INPUT', message: 'Must be between 0 and 1.', field: 'weights.semantic' },
        ],
      }),
    })
    renderAt('/programme', client)

    const form = await screen.findByRole('form', { name: 'Programme settings' })
    const pending = within(form).getByLabelText('Pending requests per participant')
    await user.clear(pending)
    await user.type(pending, '7')
    await user.click(within(form).getByRole('button', { name: 'Save settings' }))
    await waitFor(() => expect(pending).toHaveAttribute('aria-invalid', 'true'))
    expect(pending).toHaveAccessibleDescription(/^Must be between 1 and 50\./)
    const semantic = within(form).getByRole('slider', { name: /^Semantic/ })
    expect(semantic).toHaveAttribute('aria-invalid', 'true')
    expect(semantic).toHaveAccessibleDescription('Must be between 0 and 1.')
  })
})

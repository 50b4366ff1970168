import { screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { fromValue } from 'wonka'
import { mockClient, renderWithProviders } from '@/testing/render'
import { MentorshipScreen } from './MentorshipScreen'

const priya = { __typename: 'User', id: 'u-priya', displayName: 'Priya', email: 'priya@example.com', profile: { __typename: 'Profile', contactNote: 'Slack @priya' } }
const tom = { __typename: 'User', id: 'u-tom', displayName: 'Tom', email: 'tom@example.com', profile: { __typename: 'Profile', contactNote: null } }

const mine = {
  __typename: 'Feedback',
  id: 'f2',
  rating: 4,
  goodFit: true,
  comment: 'Good first weeks.',
  final: false,
  createdAt: '2026-11-16T09:00:00Z',
  authorRole: 'MENTEE',
  author: tom,
  objectiveProgress: [{ __typename: 'ObjectiveProgress', objective: 'public speaking', progress: 30 }],
}

const base = {
  __typename: 'Mentorship',
  id: 'm1',
  status: 'ACTIVE',
  startedAt: '2026-11-02T12:00:00Z',
  endedAt: null,
  outcome: null,
  endReason: null,
  endedBy: null,
  objectives: ['public speaking', 'negotiation'],
  feedbackDue: true,
  canGiveFeedback: true,
  nextFeedbackAt: null,
  feedbackWindowEndsAt: null,
  rematchOffered: false,
  mentor: priya,
  mentee: tom,
  feedback: [mine],
  sessionCount: 2,
  sessionMinutes: 90,
  sessions: [
    { __typename: 'MentorshipSession', id: 's2', heldOn: '2026-11-20', minutes: 60, note: 'Mock talk.', loggedBy: priya },
    { __typename: 'MentorshipSession', id: 's1', heldOn: '2026-11-06', minutes: 30, note: null, loggedBy: tom },
  ],
}

type Operation = { query: { definitions: { name?: { value: string } }[] }; variables: Record<string, unknown>; context: Record<string, unknown> }
const nameOf = (operation: Operation) => operation.query.definitions[0]?.name?.value

function api(mentorship: unknown, mutation?: (name: string, input: Record<string, unknown>) => unknown, viewerId = 'u-tom') {
  return mockClient({
    executeQuery: ((operation: Operation) => {
      if (nameOf(operation) === 'Viewer') {
        const me = viewerId === 'u-tom' ? tom : viewerId === 'u-priya' ? priya : { __typename: 'User', id: viewerId, displayName: 'Ada', email: 'ada@example.com' }
        const profile = { canMentor: viewerId === 'u-priya', seeksMentoring: viewerId === 'u-tom' }
        return fromValue({ data: { me: { ...me, isAdmin: viewerId === 'u-admin', profile } } })
      }
      return fromValue({ data: { mentorship } })
    }) as never,
    executeMutation: ((operation: Operation) => {
      const name = nameOf(operation)!
      return fromValue({ data: mutation?.(name, operation.variables.input as Record<string, unknown>) })
    }) as never,
  })
}

function renderPage(client: ReturnType<typeof api>) {
  return renderWithProviders(<MentorshipScreen />, { client, url: '/mentorships/m1', path: '/mentorships/:id' })
}

describe('MentorshipScreen', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: new Date('2026-12-03T12:00:00Z'), toFake: ['Date'] })
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  it('shows the partner, my role, what it is about and their contact details; the due banner; my private check-ins', async () => {
    renderPage(api(base))

    expect(await screen.findByRole('heading', { level: 1, name: 'Mentorship with Priya' })).toBeInTheDocument()
    await waitFor(() => expect(document.title).toBe('Mentorship with Priya · mentormatch'))
    expect(screen.getByText('Your mentor')).toBeInTheDocument()
    const details = screen.getByRole('region', { name: 'Details' })
    expect(details).toHaveTextContent('Started2 Nov 2026')
    expect(details).toHaveTextContent('Aboutpublic speaking; negotiation')
    expect(within(details).getByRole('link', { name: 'priya@example.com' })).toHaveAttribute('href', 'mailto:priya@example.com')
    expect(details).toHaveTextContent('Slack @priya')
    expect(within(details).getByRole('link', { name: 'See Priya’s profile' })).toHaveAttribute('href', '/mentors/u-priya')

    const due = screen.getByRole('region', { name: 'Your check-in is due' })
    expect(due).toHaveTextContent('Tell us how it is going with Priya')

    const checkIns = screen.getByRole('region', { name: 'Check-ins' })
    expect(checkIns).toHaveTextContent('only you and the programme’s admins see your check-ins; Priya never does')
    const history = within(checkIns).getByRole('list', { name: 'Your check-ins' })
    const entries = within(history).getAllByRole('listitem').filter((item) => item.parentElement === history)
    expect(entries).toHaveLength(1)
    expect(entries[0]).toHaveTextContent('16 Nov 2026')
    expect(entries[0]).toHaveTextContent('Rating4 / 5, Very good')
    expect(entries[0]).toHaveTextContent('Good fitYes')
    expect(entries[0]).toHaveTextContent('public speaking: 30%')
    expect(entries[0]).toHaveTextContent('Good first weeks.')
    expect(entries[0]).not.toHaveTextContent('Final')
    // No re-match offer without a "not a good fit" check-in.
    expect(screen.queryByRole('region', { name: 'Not a good fit?' })).not.toBeInTheDocument()
  })

  it('says which fields a check-in needs before sending, next to each', async () => {
    const user = userEvent.setup()
    const client = api(base)
    renderPage(client)

    const form = await screen.findByRole('form', { name: 'Check-in' })
    await user.type(within(form).getByLabelText('negotiation'), '150')
    await user.click(within(form).getByRole('button', { name: 'Submit check-in' }))

    const rating = within(form).getByRole('radiogroup', { name: 'How is it going?' })
    expect(rating).toHaveAttribute('aria-invalid', 'true')
    expect(rating).toHaveAccessibleDescription('Choose a rating from 1 to 5.')
    const fit = within(form).getByRole('radiogroup', { name: 'Is Priya a good fit for you?' })
    expect(fit).toHaveAccessibleDescription('Say whether this is a good fit.')
    expect(within(form).getByLabelText('negotiation')).toHaveAccessibleDescription(/whole number from 0 to 100/)
    expect(within(form).getByLabelText('public speaking')).not.toHaveAttribute('aria-invalid')
    expect(client.executeMutation).not.toHaveBeenCalled()
    // The keyboard is taken to the first field at fault.
    await waitFor(() => expect(within(form).getByLabelText('1 Poor')).toHaveFocus())
  })

  it('sends a check-in (rating, fit, only the progress given, comment) and says it is saved', async () => {
    const user = userEvent.setup()
    const client = api(base, () => ({ submitFeedback: { feedback: { __typename: 'Feedback', id: 'f3', final: false, createdAt: '2026-12-03T12:00:00Z' }, errors: [] } }))
    renderPage(client)

    const form = await screen.findByRole('form', { name: 'Check-in' })
    expect(within(form).getAllByRole('radio').map((radio) => radio.closest('label')?.textContent)).toEqual([
      '1 Poor',
      '2 Fair',
      '3 Good',
      '4 Very good',
      '5 Excellent',
      'Yes',
      'No',
    ])
    await user.click(within(form).getByLabelText('2 Fair'))
    await user.click(within(form).getByLabelText('No'))
    await user.type(within(form).getByLabelText('negotiation'), '40')
    await user.type(within(form).getByLabelText('Comment'), 'We rarely find a time.')
    expect(within(form).getByLabelText('Comment')).toHaveAccessibleDescription(/22 \/ 2,000 characters/)
    await user.click(within(form).getByRole('button', { name: 'Submit check-in' }))

    await waitFor(() => expect(client.executeMutation).toHaveBeenCalledTimes(1))
    const [operation, context] = client.executeMutation.mock.calls[0]!
    expect(operation.variables).toEqual({
      input: {
        mentorshipId: 'm1',
        rating: 2,
        goodFit: false,
        objectiveProgress: [{ objective: 'negotiation', progress: 40 }],
        comment: 'We rarely find a time.',
      },
    })
    expect(context.additionalTypenames).toContain('Mentorship')
    expect(await screen.findByText('Your check-in is saved. Thank you.')).toBeInTheDocument()
  })

  it("shows the API's refusals next to their fields: progress by the objective sent, the comment, the rest at the form", async () => {
    const user = userEvent.setup()
    const client = api(base, () => ({
      submitFeedback: {
        feedback: null,
        errors: [
          { __typename: 'UserError', code: 'INVALID_INPUT', message: 'Must be between 0 and 100 (got 101).', field: 'objectiveProgress[0].progress' },
          { __typename: 'UserError', code: 'INVALID_INPUT', message: 'Must be at most 2000 characters (got 2001).', field: 'comment' },
          { __typename: 'UserError', code: 'CONFLICT', message: 'Your next check-in is due on 16 Dec 2026.', field: null },
        ],
      },
    }))
    renderPage(client)

    const form = await screen.findByRole('form', { name: 'Check-in' })
    await user.click(within(form).getByLabelText('5 Excellent'))
    await user.click(within(form).getByLabelText('Yes'))
    // Only the second objective is given a figure: the API's [0] is that one.
    await user.type(within(form).getByLabelText('negotiation'), '100')
    await user.click(within(form).getByRole('button', { name: 'Submit check-in' }))

    await waitFor(() => expect(within(form).getByLabelText('negotiation')).toHaveAttribute('aria-invalid', 'true'))
    expect(within(form).getByLabelText('negotiation')).toHaveAccessibleDescription('Must be between 0 and 100 (got 101).')
    expect(within(form).getByLabelText('public speaking')).not.toHaveAttribute('aria-invalid')
    expect(within(form).getByLabelText('Comment')).toHaveAccessibleDescription(/Must be at most 2000 characters/)
    expect(within(form).getByRole('alert')).toHaveTextContent('Your next check-in is due on 16 Dec 2026.')
  })

  it('says when the next check-in is due when one is not allowed now', async () => {
    renderPage(api({ ...base, feedbackDue: false, canGiveFeedback: false, nextFeedbackAt: '2026-12-14T09:00:00Z' }))

    expect(await screen.findByText('Your next check-in is due on 14 Dec 2026.')).toBeInTheDocument()
    expect(screen.queryByRole('form', { name: 'Check-in' })).not.toBeInTheDocument()
    expect(screen.queryByRole('region', { name: 'Your check-in is due' })).not.toBeInTheDocument()
  })

  it('asks for the final check-in after the end, until its window closes', async () => {
    const ended = {
      ...base,
      status: 'ENDED',
      endedAt: '2026-12-01T10:00:00Z',
      outcome: 'COMPLETED',
      endedBy: priya,
      feedbackDue: true,
      feedbackWindowEndsAt: '2026-12-15T10:00:00Z',
    }
    const { unmount } = renderPage(api(ended))
    expect(await screen.findByRole('region', { name: 'Your final check-in is due' })).toHaveTextContent('Tell us how it went with Priya')

    const form = await screen.findByRole('form', { name: 'Final check-in' })
    expect(screen.getByRole('heading', { level: 3, name: 'Final check-in' })).toBeInTheDocument()
    expect(screen.getByText(/This mentorship has ended\. Tell us how it went, until 15 Dec 2026/)).toBeInTheDocument()
    expect(within(form).getByRole('button', { name: 'Submit final check-in' })).toBeInTheDocument()
    // Contact details are for active mentorships only.
    expect(screen.getByRole('region', { name: 'Details' })).not.toHaveTextContent('priya@example.com')
    unmount()

    renderPage(api({ ...ended, feedbackDue: false, canGiveFeedback: false, feedbackWindowEndsAt: '2026-12-02T10:00:00Z' }))
    expect(await screen.findByText('The final check-in window closed on 2 Dec 2026.')).toBeInTheDocument()
    expect(screen.getByText('Sessions can no longer be logged on this mentorship.')).toBeInTheDocument()
  })

  it('marks a final check-in in the history and says it was given', async () => {
    const final = { ...mine, id: 'f4', final: true, goodFit: false, createdAt: '2026-12-02T09:00:00Z', comment: null, objectiveProgress: [] }
    renderPage(
      api({
        ...base,
        status: 'ENDED',
        endedAt: '2026-12-01T10:00:00Z',
        feedbackDue: false,
        canGiveFeedback: false,
        feedbackWindowEndsAt: '2026-12-15T10:00:00Z',
        feedback: [final, mine],
      }),
    )

    expect(await screen.findByText('You gave your final check-in on 2 Dec 2026.')).toBeInTheDocument()
    const history = screen.getByRole('list', { name: 'Your check-ins' })
    const entries = within(history).getAllByRole('listitem').filter((item) => item.parentElement === history)
    expect(entries.map((entry) => entry.querySelector('time')?.textContent)).toEqual(['2 Dec 2026', '16 Nov 2026'])
    expect(entries[0]).toHaveTextContent('Final')
    expect(entries[0]).toHaveTextContent('Good fitNo')
  })

  it('lists the sessions with their totals and logs a new one, with errors next to their fields', async () => {
    const user = userEvent.setup()
    let answer: unknown = {
      logSession: {
        session: null,
        errors: [{ __typename: 'UserError', code: 'INVALID_INPUT', message: 'Must be between 5 and 600 (got 700).', field: 'minutes' }],
      },
    }
    const client = api(base, () => answer)
    renderPage(client)

    const sessions = await screen.findByRole('region', { name: 'Sessions' })
    expect(sessions).toHaveTextContent('2 sessions, 1 h 30 min in all.')
    const items = within(within(sessions).getByRole('list', { name: 'Sessions' })).getAllByRole('listitem')
    expect(items[0]).toHaveTextContent('20 Nov 2026')
    expect(items[0]).toHaveTextContent('1 h')
    expect(items[0]).toHaveTextContent('logged by Priya')
    expect(items[0]).toHaveTextContent('Mock talk.')
    expect(items[1]).toHaveTextContent('logged by you')

    const form = within(sessions).getByRole('form', { name: 'Log a session' })
    expect(within(form).getByLabelText('Date')).toHaveValue('2026-12-03')
    await user.clear(within(form).getByLabelText('Minutes'))
    await user.type(within(form).getByLabelText('Minutes'), '700')
    await user.type(within(form).getByLabelText('Note'), 'Practised the pitch.')
    await user.click(within(form).getByRole('button', { name: 'Log session' }))

    await waitFor(() => expect(within(form).getByLabelText('Minutes')).toHaveAttribute('aria-invalid', 'true'))
    expect(within(form).getByLabelText('Minutes')).toHaveAccessibleDescription(/Must be between 5 and 600 \(got 700\)/)
    expect(client.executeMutation.mock.calls[0]![0].variables).toEqual({
      input: { mentorshipId: 'm1', heldOn: '2026-12-03', minutes: 700, note: 'Practised the pitch.' },
    })
    expect(client.executeMutation.mock.calls[0]![1].additionalTypenames).toContain('Mentorship')

    answer = { logSession: { session: { __typename: 'MentorshipSession', id: 's3', heldOn: '2026-12-03', minutes: 45, note: 'Practised the pitch.' }, errors: [] } }
    await user.clear(within(form).getByLabelText('Minutes'))
    await user.type(within(form).getByLabelText('Minutes'), '45')
    await user.click(within(form).getByRole('button', { name: 'Log session' }))
    expect(await within(form).findByText('Session of 45 min on 3 Dec 2026 logged.')).toBeInTheDocument()
    expect(within(form).getByLabelText('Minutes')).not.toHaveAttribute('aria-invalid')
    expect(within(form).getByLabelText('Note')).toHaveValue('')
  })

  it('offers the mentee a re-match: ends as NOT_A_FIT, drops the cached matches and goes to Find a mentor', async () => {
    const user = userEvent.setup()
    const client = api({ ...base, rematchOffered: true }, () => ({
      endMentorship: { mentorship: { ...base, status: 'ENDED', outcome: 'NOT_A_FIT', endedAt: '2026-12-03T12:00:00Z', endedBy: tom }, errors: [] },
    }))
    const { router } = renderPage(client)

    const offer = await screen.findByRole('region', { name: 'Not a good fit?' })
    expect(offer).toHaveTextContent('You can end this mentorship and get fresh recommendations.')
    await user.click(within(offer).getByRole('button', { name: 'End it and find a new mentor' }))
    const dialog = await screen.findByRole('dialog', { name: 'End your mentorship with Priya as not a fit' })
    // The outcome is fixed: no choice to make but an optional reason.
    expect(within(dialog).queryByLabelText('Outcome')).not.toBeInTheDocument()
    await user.type(within(dialog).getByLabelText('Reason'), 'Our schedules never meet.')
    await user.click(within(dialog).getByRole('button', { name: 'End mentorship' }))

    await waitFor(() => expect(router.state.location.pathname).toBe('/mentors'))
    const [operation, context] = client.executeMutation.mock.calls[0]!
    expect(operation.variables).toEqual({ input: { id: 'm1', outcome: 'NOT_A_FIT', reason: 'Our schedules never meet.' } })
    expect(context.additionalTypenames).toEqual(expect.arrayContaining(['Mentorship', 'MentorMatchConnection']))
  })

  it('keeps the re-match dialog open and says why when the API refuses', async () => {
    const user = userEvent.setup()
    const client = api({ ...base, rematchOffered: true }, () => ({
      endMentorship: { mentorship: null, errors: [{ __typename: 'UserError', code: 'NOT_FOUND', message: 'No such mentorship.', field: null }] },
    }))
    const { router } = renderPage(client)

    await user.click(await screen.findByRole('button', { name: 'End it and find a new mentor' }))
    const dialog = await screen.findByRole('dialog')
    await user.click(within(dialog).getByRole('button', { name: 'End mentorship' }))

    expect(await within(dialog).findByRole('alert')).toHaveTextContent('No such mentorship.')
    expect(router.state.location.pathname).toBe('/mentorships/m1')
  })

  it('offers no re-match to the mentor', async () => {
    renderPage(api({ ...base, rematchOffered: true }, undefined, 'u-priya'))

    expect(await screen.findByRole('heading', { level: 1, name: 'Mentorship with Tom' })).toBeInTheDocument()
    expect(screen.getByText('You mentor')).toBeInTheDocument()
    expect(screen.queryByRole('region', { name: 'Not a good fit?' })).not.toBeInTheDocument()
  })

  it("shows an admin both sides' check-ins, each named, and no form nor contact details", async () => {
    const theirs = { ...mine, id: 'f1', authorRole: 'MENTOR', author: priya, rating: 5, comment: 'Keen and prepared.' }
    renderPage(api({ ...base, feedbackDue: false, canGiveFeedback: false, feedback: [mine, theirs] }, undefined, 'u-admin'))

    expect(await screen.findByRole('heading', { level: 1, name: 'Mentorship of Tom with Priya' })).toBeInTheDocument()
    expect(screen.getByText('Only the two participants give check-ins.')).toBeInTheDocument()
    expect(screen.queryByRole('form')).not.toBeInTheDocument()
    expect(screen.getByRole('region', { name: 'Details' })).not.toHaveTextContent('Email')
    const history = screen.getByRole('list', { name: 'Check-ins of both participants' })
    expect(history).toHaveTextContent('by Tom (mentee)')
    expect(history).toHaveTextContent('by Priya (mentor)')
    expect(screen.getByText('Only the two participants log sessions.')).toBeInTheDocument()
  })

  it('says so when the mentorship is not there (or not mine)', async () => {
    renderPage(api(null))

    expect(await screen.findByRole('heading', { level: 1, name: 'Mentorship not found' })).toBeInTheDocument()
    expect(screen.getByRole('link', { name: 'Back to Mentorships' })).toHaveAttribute('href', '/mentorships')
  })
})

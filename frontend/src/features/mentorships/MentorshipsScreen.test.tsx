import { screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import { fromValue } from 'wonka'
import { mockClient, renderWithProviders } from '@/testing/render'
import { MentorshipsScreen } from './MentorshipsScreen'

const me = { __typename: 'User', id: 'u-maya', displayName: 'Maya', email: 'maya@example.com', profile: { __typename: 'Profile', contactNote: 'Slack @maya' } }
const sam = { __typename: 'User', id: 'u-sam', displayName: 'Sam', email: 'sam@example.com', profile: { __typename: 'Profile', contactNote: 'Teams, mornings' } }
const kim = { __typename: 'User', id: 'u-kim', displayName: 'Kim', email: null, profile: { __typename: 'Profile', contactNote: null } }

const active = {
  __typename: 'Mentorship',
  id: 'm1',
  status: 'ACTIVE',
  startedAt: '2026-11-02T12:00:00Z',
  endedAt: null,
  outcome: null,
  endReason: null,
  endedBy: null,
  mentor: me,
  mentee: sam,
  objectives: ['public speaking'],
  feedbackDue: true,
  rematchOffered: false,
}
const past = {
  ...active,
  id: 'm2',
  status: 'ENDED',
  endedAt: '2026-11-20T12:00:00Z',
  outcome: 'NOT_A_FIT',
  endReason: 'Different time zones.',
  endedBy: kim,
  mentor: kim,
  mentee: me,
  // Ended, my final check-in awaited.
  feedbackDue: true,
}

type Operation = { query: { definitions: { name?: { value: string } }[] }; variables: Record<string, unknown> }
const nameOf = (operation: Operation) => operation.query.definitions[0]?.name?.value

function api(
  mutation?: (operation: Operation) => unknown,
  nodesFor: (status: string) => unknown[] = (status) => (status === 'ACTIVE' ? [active] : [past]),
) {
  return mockClient({
    executeQuery: ((operation: Operation) => {
      if (nameOf(operation) === 'Viewer') {
        return fromValue({ data: { me: { id: 'u-maya', displayName: 'Maya', email: 'maya@example.com', isAdmin: false, profile: { canMentor: true, seeksMentoring: true } } } })
      }
      const status = (operation.variables.status as string[])[0]
      const nodes = nodesFor(status ?? '')
      return fromValue({
        data: {
          myMentorships: {
            __typename: 'MentorshipConnection',
            edges: nodes.map((node) => ({ __typename: 'MentorshipEdge', node })),
            pageInfo: { __typename: 'PageInfo', hasNextPage: false, endCursor: null },
          },
        },
      })
    }) as never,
    executeMutation: ((operation: Operation) => fromValue({ data: mutation?.(operation) })) as never,
  })
}

describe('MentorshipsScreen', () => {
  it('tells a mentee who said it is not a good fit that a re-match is offered', async () => {
    const mine = { ...active, id: 'm3', mentor: sam, mentee: me, feedbackDue: false, rematchOffered: true }
    renderWithProviders(<MentorshipsScreen />, { client: api(undefined, (status) => (status === 'ACTIVE' ? [mine] : [])), url: '/mentorships' })

    const current = within(await screen.findByRole('list', { name: 'Active' })).getByRole('article')
    expect(current).toHaveTextContent('Your mentor')
    expect(current).toHaveTextContent('Re-match offered')
    expect(current).not.toHaveTextContent('Check-in due')
  })

  it('shows the other participant, my role and dates; their contact details only while active', async () => {
    renderWithProviders(<MentorshipsScreen />, { client: api(), url: '/mentorships' })

    const activeList = await screen.findByRole('list', { name: 'Active' })
    const current = within(activeList).getByRole('article')
    expect(within(current).getByRole('link', { name: 'Sam' })).toHaveAttribute('href', '/mentees/u-sam')
    expect(current).toHaveTextContent('You mentor')
    expect(current).toHaveTextContent('Started2 Nov 2026')
    expect(within(current).getByRole('link', { name: 'sam@example.com' })).toHaveAttribute('href', 'mailto:sam@example.com')
    expect(current).toHaveTextContent('Teams, mornings')
    expect(within(current).getByRole('button', { name: 'End mentorship' })).toBeInTheDocument()
    expect(current).toHaveTextContent('Aboutpublic speaking')
    // My check-in is due: the card says so, and its page is one link away.
    expect(current).toHaveTextContent('Check-in due')
    expect(within(current).getByRole('link', { name: 'Open your mentorship with Sam' })).toHaveAttribute('href', '/mentorships/m1')

    const ended = within(screen.getByRole('list', { name: 'Past' })).getByRole('article')
    expect(within(ended).getByRole('link', { name: 'Kim' })).toHaveAttribute('href', '/mentors/u-kim')
    expect(ended).toHaveTextContent('Your mentor')
    expect(ended).toHaveTextContent('Ended20 Nov 2026 by Kim')
    expect(ended).toHaveTextContent('OutcomeNot a fit')
    expect(ended).toHaveTextContent('Different time zones.')
    expect(ended).not.toHaveTextContent('Email')
    expect(within(ended).queryByRole('button')).not.toBeInTheDocument()
    expect(ended).toHaveTextContent('Final check-in due')
    expect(within(ended).getByRole('link', { name: 'Open your mentorship with Kim' })).toHaveAttribute('href', '/mentorships/m2')
  })

  it('ends a mentorship with an outcome and an optional reason', async () => {
    const user = userEvent.setup()
    const client = api(() => ({
      endMentorship: { mentorship: { ...active, status: 'ENDED', endedAt: '2026-12-03T12:00:00Z', outcome: 'COMPLETED', endedBy: me }, errors: [] },
    }))
    renderWithProviders(<MentorshipsScreen />, { client, url: '/mentorships' })

    await user.click(await screen.findByRole('button', { name: 'End mentorship' }))
    const dialog = await screen.findByRole('dialog', { name: 'End your mentorship with Sam' })
    expect(within(dialog).getByLabelText('Outcome')).toHaveValue('COMPLETED')
    await user.selectOptions(within(dialog).getByLabelText('Outcome'), 'Ended early')
    await user.type(within(dialog).getByLabelText('Reason'), 'New role, less time.')
    await user.click(within(dialog).getByRole('button', { name: 'End mentorship' }))

    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument())
    expect(client.executeMutation.mock.calls[0]![0].variables).toEqual({
      input: { id: 'm1', outcome: 'ENDED_EARLY', reason: 'New role, less time.' },
    })
    expect(screen.getByRole('status')).toHaveTextContent('Your mentorship with Sam has ended.')
  })

  it('keeps the dialog open and says why when the API refuses', async () => {
    const user = userEvent.setup()
    const client = api(() => ({
      endMentorship: { mentorship: null, errors: [{ code: 'INVALID_INPUT', message: 'Must be at most 500 characters (got 501).', field: 'reason' }] },
    }))
    renderWithProviders(<MentorshipsScreen />, { client, url: '/mentorships' })

    await user.click(await screen.findByRole('button', { name: 'End mentorship' }))
    const dialog = await screen.findByRole('dialog')
    await user.click(within(dialog).getByRole('button', { name: 'End mentorship' }))

    await waitFor(() => expect(within(dialog).getByLabelText('Reason')).toHaveAttribute('aria-invalid', 'true'))
    expect(within(dialog).getByLabelText('Reason')).toHaveAccessibleDescription(/Must be at most 500 characters/)
  })
})

import { screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { fromValue } from 'wonka'
import { mockClient, renderWithProviders } from '@/testing/render'
import { notificationTarget, NotificationsScreen } from './NotificationsScreen'

const received = {
  __typename: 'Notification',
  id: 'n3',
  kind: 'REQUEST_RECEIVED',
  message: 'Sam asked you to mentor them.',
  createdAt: '2026-12-03T10:00:00Z',
  read: false,
  request: { __typename: 'MentorshipRequest', id: 'r1', recipient: { __typename: 'User', id: 'u-maya' } },
  mentorship: null,
}
const accepted = {
  ...received,
  id: 'n2',
  kind: 'REQUEST_ACCEPTED',
  message: 'Kim accepted your request.',
  createdAt: '2026-12-02T12:00:00Z',
  request: { __typename: 'MentorshipRequest', id: 'r2', recipient: { __typename: 'User', id: 'u-kim' } },
  mentorship: { __typename: 'Mentorship', id: 'm1' },
}
const declined = {
  ...received,
  id: 'n1',
  kind: 'REQUEST_DECLINED',
  message: 'Lee declined your request.',
  createdAt: '2026-11-28T12:00:00Z',
  read: true,
  request: { __typename: 'MentorshipRequest', id: 'r3', recipient: { __typename: 'User', id: 'u-lee' } },
}

type Operation = { query: { definitions: { name?: { value: string } }[] }; variables: Record<string, unknown> }
const nameOf = (operation: Operation) => operation.query.definitions[0]?.name?.value

function api({ unread = 2, mark }: { unread?: number; mark?: (input: Record<string, unknown>) => unknown } = {}) {
  return mockClient({
    executeQuery: ((operation: Operation) => {
      switch (nameOf(operation)) {
        case 'Viewer':
          return fromValue({ data: { me: { id: 'u-maya', displayName: 'Maya', email: null, isAdmin: false, profile: null } } })
        case 'UnreadNotificationCount':
          return fromValue({ data: { notifications: { __typename: 'NotificationConnection', unreadCount: unread } } })
        default:
          return fromValue({
            data: {
              notifications: {
                __typename: 'NotificationConnection',
                edges: [received, accepted, declined].map((node) => ({ __typename: 'NotificationEdge', node })),
                pageInfo: { __typename: 'PageInfo', hasNextPage: false, endCursor: 'c3' },
              },
            },
          })
      }
    }) as never,
    executeMutation: vi.fn((operation: { variables: { input: Record<string, unknown> } }) =>
      fromValue({ data: { markNotificationsRead: mark?.(operation.variables.input) } }),
    ) as never,
  })
}

describe('notificationTarget', () => {
  it('leads a notification about a mentorship to its page', () => {
    const about = (kind: string) =>
      notificationTarget({ ...accepted, kind, request: null, mentorship: { __typename: 'Mentorship', id: 'm7' } } as never, 'u-maya')
    expect(about('FEEDBACK_DUE')).toBe('/mentorships/m7')
    expect(about('REMATCH_OFFERED')).toBe('/mentorships/m7')
    expect(about('MENTORSHIP_ENDED')).toBe('/mentorships/m7')
  })
})

describe('NotificationsScreen', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: new Date('2026-12-03T12:00:00Z'), toFake: ['Date'] })
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  it('lists notifications newest first, with the unread count, each linking to what it is about', async () => {
    renderWithProviders(<NotificationsScreen />, { client: api(), url: '/notifications' })

    const list = await screen.findByRole('list', { name: 'Notifications' })
    const items = within(list).getAllByRole('listitem')
    expect(items.map((item) => within(item).getByRole('link').textContent)).toEqual([
      'Sam asked you to mentor them.',
      'Kim accepted your request.',
      'Lee declined your request.',
    ])
    expect(screen.getByText('2 unread. New ones appear here as they happen.')).toBeInTheDocument()
    expect(within(items[0]!).getByRole('link')).toHaveAttribute('href', '/requests?box=incoming')
    expect(within(items[1]!).getByRole('link')).toHaveAttribute('href', '/mentorships/m1')
    expect(within(items[2]!).getByRole('link')).toHaveAttribute('href', '/requests?box=outgoing')
    expect(items[0]).toHaveTextContent('2 hours ago')
    expect(items[0]).toHaveTextContent('Unread')
    expect(items[2]).not.toHaveTextContent('Unread')
    expect(within(items[2]!).queryByRole('button')).not.toBeInTheDocument()
  })

  it('marks one read', async () => {
    const user = userEvent.setup()
    const client = api({ mark: () => ({ marked: 1, unreadCount: 1, errors: [] }) })
    renderWithProviders(<NotificationsScreen />, { client, url: '/notifications' })

    await user.click(await screen.findByRole('button', { name: 'Mark read: Sam asked you to mentor them.' }))

    expect(client.executeMutation).toHaveBeenCalledTimes(1)
    const [operation, context] = client.executeMutation.mock.calls[0]!
    expect(operation.variables).toEqual({ input: { ids: ['n3'] } })
    // The bell and the list are asked again: the payload itself names no Notification.
    expect(context).toMatchObject({ additionalTypenames: ['Notification'] })
    await waitFor(() => expect(screen.queryByRole('button', { name: 'Mark read: Sam asked you to mentor them.' })).not.toBeInTheDocument())
    expect(screen.getByRole('button', { name: 'Mark read: Kim accepted your request.' })).toBeInTheDocument()
  })

  it('marks all read and says how many', async () => {
    const user = userEvent.setup()
    const client = api({ mark: () => ({ marked: 2, unreadCount: 0, errors: [] }) })
    renderWithProviders(<NotificationsScreen />, { client, url: '/notifications' })

    await user.click(await screen.findByRole('button', { name: 'Mark all read' }))

    expect(await screen.findByRole('status')).toHaveTextContent('Marked 2 notifications read.')
    expect(client.executeMutation.mock.calls[0]![0].variables).toEqual({ input: { all: true } })
    expect(screen.queryByRole('button', { name: /^Mark read:/ })).not.toBeInTheDocument()
  })

  it('offers nothing to mark when all is read', async () => {
    renderWithProviders(<NotificationsScreen />, { client: api({ unread: 0 }), url: '/notifications' })

    expect(await screen.findByText('All caught up. New ones appear here as they happen.')).toBeInTheDocument()
    expect(screen.getByRole('button', { name: 'Mark all read' })).toBeDisabled()
  })
})

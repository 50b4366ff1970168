import { screen, waitFor } from '@testing-library/react'
import { describe, expect, it, vi } from 'vitest'
import { fromValue, never } from 'wonka'
import { mockClient, renderWithProviders } from '@/testing/render'
import { bellLabel, NotificationBell } from './NotificationBell'

function countAnswer(unreadCount: number) {
  return fromValue({ data: { notifications: { unreadCount } } }) as never
}

describe('NotificationBell', () => {
  it('names the unread count for screen readers and shows it as a badge', async () => {
    const client = mockClient({ executeQuery: () => countAnswer(3) })
    renderWithProviders(<NotificationBell />, { client, url: '/' })

    const bell = await screen.findByRole('link', { name: 'Notifications, 3 unread' })
    expect(bell).toHaveAttribute('href', '/notifications')
    expect(bell).toHaveTextContent('3')
  })

  it('is just "Notifications" with nothing unread', async () => {
    renderWithProviders(<NotificationBell />, { client: mockClient({ executeQuery: () => countAnswer(0) }) })

    expect(await screen.findByRole('link', { name: 'Notifications' })).not.toHaveTextContent('0')
    expect(bellLabel(1)).toBe('Notifications, 1 unread')
  })

  it('asks for the count again when a notification arrives live', async () => {
    const executeQuery = vi.fn().mockReturnValueOnce(countAnswer(1)).mockReturnValue(countAnswer(2))
    const client = mockClient({
      executeQuery,
      executeSubscription: vi.fn(() =>
        fromValue({
          data: {
            notificationReceived: {
              id: 'n2',
              kind: 'REQUEST_RECEIVED',
              message: 'Sam asked you to mentor them.',
              createdAt: '2026-12-03T12:00:00Z',
              read: false,
            },
          },
        }),
      ) as never,
    })
    renderWithProviders(<NotificationBell />, { client })

    expect(await screen.findByRole('link', { name: 'Notifications, 2 unread' })).toBeInTheDocument()
    await waitFor(() =>
      expect(executeQuery).toHaveBeenLastCalledWith(
        expect.anything(),
        expect.objectContaining({ requestPolicy: 'network-only' }),
      ),
    )
    void never
  })

  it('makes every live notification refresh the lists it may change', async () => {
    const client = mockClient({ executeQuery: () => countAnswer(0) })
    renderWithProviders(<NotificationBell />, { client })

    await screen.findByRole('link', { name: 'Notifications' })
    const [, context] = client.executeSubscription.mock.calls[0]!
    expect(context).toMatchObject({
      additionalTypenames: expect.arrayContaining(['Notification', 'MentorshipRequest', 'Mentorship']),
    })
  })
})

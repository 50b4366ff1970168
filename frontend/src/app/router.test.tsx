import { screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { fromValue } from 'wonka'
import type { Client } from 'urql'
import { mockClient, renderWithProviders } from '@/testing/render'
import { routes } from './router'

const maya = {
  id: 'u1',
  displayName: 'Maya',
  email: 'maya@example.com',
  isAdmin: false,
  profile: { canMentor: true, seeksMentoring: true },
}

/** Answers the viewer query with `me`, the bell's count with 2, and never anything else. */
function apiWith(me: typeof maya | null): Client {
  return mockClient({
    executeQuery: ((request: { query: { definitions: { name?: { value: string } }[] } }) => {
      const name = request.query.definitions[0]?.name?.value
      if (name === 'Viewer') return fromValue({ data: { me } })
      if (name === 'UnreadNotificationCount') return fromValue({ data: { notifications: { unreadCount: 2 } } })
      return fromValue({ data: undefined })
    }) as never,
  })
}

describe('routes', () => {
  it('sends a signed-out visitor to sign in, remembering where they were going', async () => {
    const { router } = renderWithProviders(null, { routes, url: '/requests?box=outgoing', client: apiWith(null) })

    expect(await screen.findByRole('heading', { level: 1, name: 'Sign in' })).toBeInTheDocument()
    expect(router.state.location.pathname).toBe('/signin')
    expect(router.state.location.search).toBe(`?next=${encodeURIComponent('/requests?box=outgoing')}`)
    // The title is set by an effect after the screen renders.
    await waitFor(() => expect(document.title).toBe('Sign in · mentormatch'))
  })

  it('shows a signed-in participant the layout, the main nav and the screen', async () => {
    renderWithProviders(null, { routes, url: '/', client: apiWith(maya) })

    expect(await screen.findByRole('heading', { level: 1, name: 'Find a mentor' })).toBeInTheDocument()
    const nav = screen.getByRole('navigation', { name: 'Main' })
    expect(within(nav).getAllByRole('link').map((link) => link.textContent)).toEqual([
      'Find a mentor',
      'Find a mentee',
      'Requests',
      'Mentorships',
      'My profile',
    ])
    expect(within(nav).getByRole('link', { name: 'Find a mentor' })).toHaveAttribute('aria-current', 'page')
    expect(screen.getByRole('link', { name: 'Notifications, 2 unread' })).toBeInTheDocument()
    expect(screen.getByRole('button', { name: 'Sign out' })).toBeInTheDocument()
    expect(screen.getByRole('link', { name: 'Skip to content' })).toHaveAttribute('href', '#main')
    expect(screen.getByRole('main')).toHaveAttribute('id', 'main')
  })

  it('hides "Find a mentee" from someone who does not mentor', async () => {
    renderWithProviders(null, {
      routes,
      url: '/requests',
      client: apiWith({ ...maya, profile: { canMentor: false, seeksMentoring: true } }),
    })

    expect(await screen.findByRole('heading', { level: 1, name: 'Requests' })).toBeInTheDocument()
    expect(screen.queryByRole('link', { name: 'Find a mentee' })).not.toBeInTheDocument()
  })

  it('shows admins an Admin link, and a participant who opens the console that it is for admins', async () => {
    const { unmount } = renderWithProviders(null, { routes, url: '/requests', client: apiWith({ ...maya, isAdmin: true }) })
    const nav = await screen.findByRole('navigation', { name: 'Main' })
    expect(within(nav).getByRole('link', { name: 'Admin' })).toHaveAttribute('href', '/admin')
    unmount()

    for (const url of ['/admin', '/admin/users', '/admin/users/u2', '/admin/reports', '/admin/audit', '/admin/cohorts', '/admin/cohorts/p1']) {
      const view = renderWithProviders(null, { routes, url, client: apiWith(maya) })
      expect(await screen.findByRole('heading', { level: 2, name: 'Only admins can see this' })).toBeInTheDocument()
      expect(screen.queryByRole('navigation', { name: 'Admin' })).not.toBeInTheDocument()
      expect(within(screen.getByRole('navigation', { name: 'Main' })).queryByRole('link', { name: 'Admin' })).not.toBeInTheDocument()
      view.unmount()
    }
  })

  it('shows admins a Programme link, and a participant who opens it that it is for admins', async () => {
    const { unmount } = renderWithProviders(null, { routes, url: '/requests', client: apiWith({ ...maya, isAdmin: true }) })
    const nav = await screen.findByRole('navigation', { name: 'Main' })
    expect(within(nav).getByRole('link', { name: 'Programme' })).toHaveAttribute('href', '/programme')
    unmount()

    renderWithProviders(null, { routes, url: '/programme', client: apiWith(maya) })
    expect(await screen.findByRole('heading', { level: 2, name: 'Only admins can see this' })).toBeInTheDocument()
    expect(screen.getByRole('heading', { level: 1, name: 'Programme' })).toBeInTheDocument()
    expect(within(screen.getByRole('navigation', { name: 'Main' })).queryByRole('link', { name: 'Programme' })).not.toBeInTheDocument()
  })

  it('answers an unknown path with "Page not found" and a way home', async () => {
    renderWithProviders(null, { routes, url: '/no/such/page', client: apiWith(maya) })

    expect(await screen.findByRole('heading', { level: 1, name: 'Page not found' })).toBeInTheDocument()
    expect(screen.getByRole('link', { name: 'Go to the home page' })).toHaveAttribute('href', '/')
  })
})

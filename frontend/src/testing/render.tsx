import type { ReactElement } from 'react'
import { render } from '@testing-library/react'
import { createMemoryRouter, RouterProvider, useLocation, type RouteObject } from 'react-router'
import { routerFlushSync } from '@/lib/routerFlushSync'
import { Provider, type Client } from 'urql'
import { never } from 'wonka'
import { vi } from 'vitest'
import { SessionContext, type Session } from '@/lib/auth'

type Executors = Pick<Client, 'executeQuery' | 'executeMutation' | 'executeSubscription'>

/**
 * A stand-in urql client, as urql's testing docs show: give each execute* a function returning a
 * wonka source, e.g. `executeQuery: () => fromValue({ data })`. Unset ones never answer.
 */
export function mockClient(executors: Partial<Executors> = {}): Client & { [K in keyof Executors]: ReturnType<typeof vi.fn> } {
  return {
    executeQuery: vi.fn(executors.executeQuery ?? (() => never)),
    executeMutation: vi.fn(executors.executeMutation ?? (() => never)),
    executeSubscription: vi.fn(executors.executeSubscription ?? (() => never)),
  } as never
}

/** Shows where the router ended up, for asserting navigation. */
export function LocationProbe() {
  const location = useLocation()
  return <p data-testid="location">{location.pathname + location.search}</p>
}

export interface RenderOptions {
  client?: Client
  /** Where the memory router starts, e.g. '/signin?next=%2Frequests'. */
  url?: string
  /** The route pattern `ui` is mounted at (default: the path of `url`). */
  path?: string
  session?: Partial<Session>
  /** Routes to render instead of `ui` (e.g. the app's `routes`). */
  routes?: RouteObject[]
}

/** Renders `ui` (or `routes`) inside a memory router, a mock urql client and a session. */
export function renderWithProviders(ui: ReactElement | null, options: RenderOptions = {}) {
  const url = options.url ?? '/'
  const client = options.client ?? mockClient()
  const session: Session = { resetSession: vi.fn(), ...options.session }
  const routes = options.routes ?? [
    { path: options.path ?? url.split('?')[0], element: ui },
    { path: '*', element: <LocationProbe /> },
  ]
  const router = createMemoryRouter(routes, { initialEntries: [url] })
  const view = render(
    <SessionContext.Provider value={session}>
      <Provider value={client}>
        <RouterProvider router={router} flushSync={routerFlushSync} />
      </Provider>
    </SessionContext.Provider>,
  )
  return { ...view, client, session, router }
}

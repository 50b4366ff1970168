import { describe, expect, it, vi } from 'vitest'
import { gql } from '@urql/core'
import { createAppClient, readCsrfToken } from './client'

// A plain document: tests stay out of the generated src/gql.
const signOut = gql<{ logout: { success: boolean } }>(`
  mutation SignOutForClientTest {
    logout {
      success
    }
  }
`)

describe('the urql client', () => {
  it('reads the mm_csrf cookie', () => {
    expect(readCsrfToken('a=1; mm_csrf=abc%3D; mm_other=2')).toBe('abc=')
    expect(readCsrfToken('a=1')).toBeNull()
  })

  it('POSTs with the session cookie and echoes the CSRF token in X-CSRF-Token', async () => {
    document.cookie = 'mm_csrf=token-123'
    const fetchMock = vi.fn().mockResolvedValue(
      new Response(JSON.stringify({ data: { logout: { __typename: 'LogoutPayload', success: true } } }), {
        headers: { 'Content-Type': 'application/json' },
      }),
    )
    vi.stubGlobal('fetch', fetchMock)
    const { client, dispose } = createAppClient()

    const result = await client.mutation(signOut, {}).toPromise()

    expect(result.data?.logout.success).toBe(true)
    const [url, init] = fetchMock.mock.calls[0] as [string, RequestInit]
    expect(url).toBe('/graphql')
    expect(init.method).toBe('POST')
    expect(init.credentials).toBe('same-origin')
    expect(new Headers(init.headers).get('X-CSRF-Token')).toBe('token-123')
    dispose()
  })

  it('tells the app once when the API says the session has ended', async () => {
    const ended = {
      data: { logout: null },
      errors: [{ message: 'Sign in first.', extensions: { code: 'UNAUTHENTICATED' } }],
    }
    vi.stubGlobal(
      'fetch',
      vi.fn().mockImplementation(
        async () => new Response(JSON.stringify(ended), { headers: { 'Content-Type': 'application/json' } }),
      ),
    )
    const onSignedOut = vi.fn()
    const { client, dispose } = createAppClient(onSignedOut)

    await client.mutation(signOut, {}).toPromise()
    await client.mutation(signOut, {}).toPromise()

    expect(onSignedOut).toHaveBeenCalledTimes(1)
    dispose()
  })

  it('does not take other failures for a sign-out', async () => {
    const refused = { data: null, errors: [{ message: 'Nope.', extensions: { code: 'FORBIDDEN' } }] }
    vi.stubGlobal(
      'fetch',
      vi.fn().mockResolvedValue(
        new Response(JSON.stringify(refused), { headers: { 'Content-Type': 'application/json' } }),
      ),
    )
    const onSignedOut = vi.fn()
    const { client, dispose } = createAppClient(onSignedOut)

    await client.mutation(signOut, {}).toPromise()

    expect(onSignedOut).not.toHaveBeenCalled()
    dispose()
  })
})

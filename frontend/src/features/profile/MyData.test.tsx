import { screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { DocumentNode } from 'graphql'
import { fromValue } from 'wonka'
import { mockApi, operationName, type Handler, type Variables } from '@/testing/operations'
import { renderWithProviders } from '@/testing/render'
import { exportFileName, MyData } from './MyData'

function api({ exported, deleted, me }: { exported?: unknown; deleted?: Handler; me?: unknown } = {}) {
  const client = mockApi({
    me,
    // A source of its own, as before: answered once, not left open.
    queries: {
      ExportMyData: () => fromValue({ data: { exportMyData: exported } }),
      SignInOptions: () => ({
        signInOptions: { password: false, sso: { label: 'Sign in with Acme', startUrl: '/auth/oidc/start' } },
      }),
    },
    mutations: deleted ? { DeleteMyAccount: (variables) => ({ deleteMyAccount: deleted(variables) }) } : {},
  })
  // client.query(...).toPromise(), as the download asks it once.
  return Object.assign(client, {
    query: vi.fn((query: DocumentNode, _variables: Variables, context: object) => ({
      toPromise: () => Promise.resolve(operationName({ query }) === 'ExportMyData' ? { data: { exportMyData: exported }, context } : {}),
    })),
  })
}

describe('MyData', () => {
  afterEach(() => vi.restoreAllMocks())

  it('downloads everything the API exports as one JSON file named for the day', async () => {
    const user = userEvent.setup()
    const blobs: Blob[] = []
    vi.spyOn(URL, 'createObjectURL').mockImplementation((blob) => (blobs.push(blob as Blob), 'blob:export'))
    vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => {})
    const clicked: string[] = []
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicked.push(this.download)
    })
    const exported = { account: { email: 'sam@example.com' }, requests: [] }
    renderWithProviders(<MyData />, { client: api({ exported }), url: '/profile' })

    await user.click(screen.getByRole('button', { name: 'Download my data' }))
    expect(await screen.findByText(`Downloaded ${exportFileName()}.`)).toBeInTheDocument()
    expect(clicked).toEqual([exportFileName()])
    // jsdom's Blob has no text(): read it as the browser would.
    const text = await new Promise<string>((resolve) => {
      const reader = new FileReader()
      reader.onload = () => resolve(String(reader.result))
      reader.readAsText(blobs[0]!)
    })
    expect(JSON.parse(text)).toEqual(exported)
    expect(exportFileName(new Date(2026, 11, 1, 12))).toBe('mentormatch-my-data-2026-12-01.json')
  })

  it('deletes the account only with the password and the box ticked, then goes to sign in', async () => {
    const user = userEvent.setup()
    const sent: unknown[] = []
    const resetSession = vi.fn()
    const client = api({
      deleted: (variables) => {
        sent.push(variables)
        return sent.length === 1 ? { errors: [{ code: 'INVALID_CREDENTIALS', message: 'Wrong password.', field: null }] } : { errors: [] }
      },
    })
    const { router } = renderWithProviders(<MyData />, { client, url: '/profile', session: { resetSession } })

    await user.click(screen.getByRole('button', { name: 'Delete my account' }))
    const dialog = screen.getByRole('dialog', { name: 'Delete your account' })
    await user.click(within(dialog).getByRole('button', { name: 'Delete my account for good' }))
    expect(within(dialog).getByLabelText('Password')).toHaveAccessibleDescription('Enter your password to confirm it is you.')
    expect(within(dialog).getByLabelText('I understand this cannot be undone.')).toHaveAttribute('aria-invalid', 'true')
    expect(sent).toEqual([])

    await user.type(within(dialog).getByLabelText('Password'), 'not-my-password')
    await user.click(within(dialog).getByLabelText('I understand this cannot be undone.'))
    await user.click(within(dialog).getByRole('button', { name: 'Delete my account for good' }))
    await waitFor(() => expect(within(dialog).getByLabelText('Password')).toHaveAccessibleDescription('That is not your password.'))
    expect(resetSession).not.toHaveBeenCalled()

    await user.click(within(dialog).getByRole('button', { name: 'Delete my account for good' }))
    await waitFor(() => expect(router.state.location.pathname).toBe('/signin'))
    expect(router.state.location.state).toEqual({ accountDeleted: true })
    expect(resetSession).toHaveBeenCalled()
    expect(sent.at(-1)).toEqual({ input: { password: 'not-my-password' } })
  })

  it('an account made by single sign-on confirms without a password, and is linked to sign in again when asked', async () => {
    const user = userEvent.setup()
    const sent: unknown[] = []
    const me = { id: 'u1', displayName: 'Lin', email: 'lin@acme.example', isAdmin: false, hasPassword: false, profile: null }
    const client = api({
      me,
      deleted: (variables) => {
        sent.push(variables)
        return sent.length === 1
          ? { errors: [{ code: 'REAUTHENTICATION_REQUIRED', message: 'Sign in again to confirm it is you, then delete your account within 10 minutes.', field: null }] }
          : { errors: [] }
      },
    })
    const { router } = renderWithProviders(<MyData />, { client, url: '/profile' })

    await user.click(screen.getByRole('button', { name: 'Delete my account' }))
    const dialog = screen.getByRole('dialog', { name: 'Delete your account' })
    expect(within(dialog).queryByLabelText('Password')).not.toBeInTheDocument()
    expect(within(dialog).getByText(/no password to enter/)).toBeInTheDocument()
    await user.click(within(dialog).getByLabelText('I understand this cannot be undone.'))
    await user.click(within(dialog).getByRole('button', { name: 'Delete my account for good' }))

    expect(await within(dialog).findByText(/Sign in again to confirm it is you/)).toBeInTheDocument()
    expect(within(dialog).getByRole('link', { name: 'Sign in with Acme' })).toHaveAttribute('href', '/auth/oidc/start?next=%2Fprofile')
    expect(sent).toEqual([{ input: {} }])

    await user.click(within(dialog).getByRole('button', { name: 'Delete my account for good' }))
    await waitFor(() => expect(router.state.location.pathname).toBe('/signin'))
    expect(sent).toEqual([{ input: {} }, { input: {} }])
  })
})

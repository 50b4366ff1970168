import { screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { fromValue, never } from 'wonka'
import { mockClient, renderWithProviders } from '@/testing/render'
import { exportFileName, MyData } from './MyData'

type Request = { query: { definitions: { kind: string; name?: { value: string } }[] }; variables: Record<string, unknown> }

function operationName(request: Request): string {
  return request.query.definitions.find((d) => d.kind === 'OperationDefinition')?.name?.value ?? ''
}

function api({ exported, deleted }: { exported?: unknown; deleted?: (variables: Record<string, unknown>) => unknown } = {}) {
  const client = mockClient({
    executeQuery: ((request: Request) =>
      operationName(request) === 'ExportMyData' ? fromValue({ data: { exportMyData: exported } }) : never) as never,
    executeMutation: ((request: Request) =>
      operationName(request) === 'DeleteMyAccount' && deleted
        ? fromValue({ data: { deleteMyAccount: deleted(request.variables) } })
        : never) as never,
  })
  // client.query(...).toPromise(), as the download asks it once.
  return Object.assign(client, {
    query: vi.fn((query: Request['query'], variables: Record<string, unknown>, context: object) => ({
      toPromise: () => Promise.resolve(operationName({ query, variables }) === 'ExportMyData' ? { data: { exportMyData: exported }, context } : {}),
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
})

import { screen, waitFor } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it, vi } from 'vitest'
import { fromValue, never } from 'wonka'
import { mockClient, renderWithProviders } from '@/testing/render'
import { ResetPasswordScreen } from './ResetPasswordScreen'

type Request = { query: { definitions: { kind: string; name?: { value: string } }[] }; variables: Record<string, unknown> }

function api(answer: (variables: Record<string, unknown>) => unknown) {
  return mockClient({
    executeMutation: ((request: Request) =>
      request.query.definitions.some((d) => d.name?.value === 'ResetPassword')
        ? fromValue({ data: { resetPassword: answer(request.variables) } })
        : never) as never,
  })
}

describe('ResetPasswordScreen', () => {
  it('sets the new password with the link’s token, then starts a fresh session', async () => {
    const user = userEvent.setup()
    const sent: unknown[] = []
    const resetSession = vi.fn()
    const client = api((variables) => (sent.push(variables), { user: { id: 'u1' }, errors: [] }))
    const { router } = renderWithProviders(<ResetPasswordScreen />, {
      client,
      url: '/reset-password?token=tok-1',
      path: '/reset-password',
      session: { resetSession },
    })

    expect(screen.getByRole('heading', { level: 1, name: 'Choose a new password' })).toBeInTheDocument()
    await user.type(screen.getByLabelText('New password'), 'Lantern-quartz-41-orchard')
    await user.type(screen.getByLabelText('Repeat the new password'), 'Lantern-quartz-41-orchar')
    await user.click(screen.getByRole('button', { name: 'Set new password' }))
    expect(screen.getByLabelText('Repeat the new password')).toHaveAccessibleDescription('The two passwords differ.')
    expect(sent).toEqual([])

    await user.type(screen.getByLabelText('Repeat the new password'), 'd')
    await user.click(screen.getByRole('button', { name: 'Set new password' }))
    await waitFor(() => expect(router.state.location.pathname).toBe('/'))
    expect(sent).toEqual([{ input: { token: 'tok-1', newPassword: 'Lantern-quartz-41-orchard' } }])
    expect(resetSession).toHaveBeenCalled()
  })

  it('says in words that a used or expired link no longer works, and puts password rules by the field', async () => {
    const user = userEvent.setup()
    let calls = 0
    const client = api(() =>
      ++calls === 1
        ? { user: null, errors: [{ code: 'INVALID_INPUT', message: 'Must be at least 10 characters.', field: 'newPassword' }] }
        : { user: null, errors: [{ code: 'INVALID_INPUT', message: 'This link is not valid.', field: 'token' }] },
    )
    renderWithProviders(<ResetPasswordScreen />, { client, url: '/reset-password?token=old', path: '/reset-password' })

    await user.type(screen.getByLabelText('New password'), 'short')
    await user.type(screen.getByLabelText('Repeat the new password'), 'short')
    await user.click(screen.getByRole('button', { name: 'Set new password' }))
    await waitFor(() => expect(screen.getByLabelText('New password')).toHaveAccessibleDescription(/^Must be at least 10 characters\./))

    await user.click(screen.getByRole('button', { name: 'Set new password' }))
    expect(await screen.findByRole('alert')).toHaveTextContent('This link has been used or has expired.')
  })

  it('says so when the link has no token', () => {
    renderWithProviders(<ResetPasswordScreen />, { url: '/reset-password', path: '/reset-password' })
    expect(screen.getByRole('heading', { level: 2, name: 'This link is incomplete' })).toBeInTheDocument()
  })
})

import { screen, waitFor } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import { fromValue } from 'wonka'
import { mockClient, renderWithProviders } from '@/testing/render'
import { SignInScreen } from './SignInScreen'

function optionsAnswer(signInOptions: unknown) {
  return mockClient({ executeQuery: () => fromValue({ data: { signInOptions } }) as never })
}

const SSO = { label: 'Sign in with Acme', startUrl: '/auth/oidc/start' }

function loginAnswer(login: unknown) {
  return mockClient({ executeMutation: () => fromValue({ data: { login } }) as never })
}

async function signIn(email = 'maya@example.com', password = 'not the password') {
  const user = userEvent.setup()
  await user.type(screen.getByLabelText('Email'), email)
  await user.type(screen.getByLabelText('Password'), password)
  await user.click(screen.getByRole('button', { name: 'Sign in' }))
}

describe('SignInScreen', () => {
  it('shows INVALID_CREDENTIALS next to Password and for the form', async () => {
    const client = loginAnswer({
      user: null,
      errors: [{ code: 'INVALID_CREDENTIALS', message: 'The email or password is incorrect.', field: null }],
    })
    renderWithProviders(<SignInScreen />, { client, url: '/signin' })

    await signIn()

    const password = screen.getByLabelText('Password')
    await waitFor(() => expect(password).toHaveAttribute('aria-invalid', 'true'))
    expect(password).toHaveAccessibleDescription('The email or password is incorrect.')
    expect(screen.getByRole('alert')).toHaveTextContent('The email or password is incorrect.')
    expect(screen.getByLabelText('Email')).not.toHaveAttribute('aria-invalid')
    expect(client.executeMutation).toHaveBeenCalledTimes(1)
  })

  it('says how long to wait when RATE_LIMITED', async () => {
    const client = loginAnswer({
      user: null,
      errors: [{ code: 'RATE_LIMITED', message: 'Too many attempts. Try again in 840 seconds.', field: null }],
    })
    renderWithProviders(<SignInScreen />, { client, url: '/signin' })

    await signIn()

    expect(await screen.findByRole('alert')).toHaveTextContent('Too many attempts. Try again in 14 minutes.')
    expect(screen.queryByText(/RATE_LIMITED/)).not.toBeInTheDocument()
  })

  it('asks for what is missing without calling the API', async () => {
    const client = mockClient()
    renderWithProviders(<SignInScreen />, { client, url: '/signin' })

    await userEvent.setup().click(screen.getByRole('button', { name: 'Sign in' }))

    expect(screen.getByLabelText('Email')).toHaveAccessibleDescription('Enter your email address.')
    expect(screen.getByLabelText('Password')).toHaveAccessibleDescription('Enter your password.')
    expect(client.executeMutation).not.toHaveBeenCalled()
  })

  it('resets the session and goes on to `next` after signing in', async () => {
    const client = loginAnswer({ user: { id: 'u1' }, errors: [] })
    const { session, router } = renderWithProviders(<SignInScreen />, {
      client,
      url: '/signin?next=%2Frequests%3Fbox%3Doutgoing',
      path: '/signin',
    })

    await signIn('maya@example.com', 'correct horse battery staple')

    await waitFor(() => expect(router.state.location.pathname).toBe('/requests'))
    expect(router.state.location.search).toBe('?box=outgoing')
    expect(session.resetSession).toHaveBeenCalledTimes(1)
    expect(screen.getByTestId('location')).toHaveTextContent('/requests?box=outgoing')
  })

  it('offers the organisation’s single sign-on beside the password form, keeping `next`', async () => {
    renderWithProviders(<SignInScreen />, {
      client: optionsAnswer({ password: true, sso: SSO }),
      url: '/signin?next=%2Frequests%3Fbox%3Doutgoing',
      path: '/signin',
    })

    const link = await screen.findByRole('link', { name: 'Sign in with Acme' })
    expect(link).toHaveAttribute('href', '/auth/oidc/start?next=%2Frequests%3Fbox%3Doutgoing')
    expect(screen.getByLabelText('Password')).toBeInTheDocument()
    expect(screen.getByRole('link', { name: 'Create an account' })).toBeInTheDocument()
  })

  it('shows no single sign-on when it is not configured', async () => {
    const client = optionsAnswer({ password: true, sso: null })
    renderWithProviders(<SignInScreen />, { client, url: '/signin' })

    await waitFor(() => expect(client.executeQuery).toHaveBeenCalled())
    expect(screen.getByLabelText('Email')).toBeInTheDocument()
    expect(screen.queryByRole('link', { name: /Sign in with/ })).not.toBeInTheDocument()
  })

  it('hides the password form and sign-up when password sign-in is off', async () => {
    renderWithProviders(<SignInScreen />, { client: optionsAnswer({ password: false, sso: SSO }), url: '/signin' })

    expect(await screen.findByRole('link', { name: 'Sign in with Acme' })).toHaveAttribute('href', '/auth/oidc/start')
    expect(screen.queryByLabelText('Password')).not.toBeInTheDocument()
    expect(screen.queryByRole('form', { name: 'Sign in' })).not.toBeInTheDocument()
    expect(screen.queryByRole('link', { name: 'Create an account' })).not.toBeInTheDocument()
  })

  it('explains a refused single sign-on from the `error` in the URL, in plain words', async () => {
    renderWithProviders(<SignInScreen />, {
      client: optionsAnswer({ password: true, sso: SSO }),
      url: '/signin?error=SSO_DOMAIN_NOT_ALLOWED',
      path: '/signin',
    })

    expect(await screen.findByRole('alert')).toHaveTextContent(
      'That email address is not from an organisation that takes part in this programme.',
    )
    expect(screen.queryByText(/SSO_DOMAIN_NOT_ALLOWED/)).not.toBeInTheDocument()
  })

  it('still says something for a code it does not know', async () => {
    renderWithProviders(<SignInScreen />, {
      client: optionsAnswer({ password: true, sso: SSO }),
      url: '/signin?error=SSO_NEW_THING',
      path: '/signin',
    })

    expect(await screen.findByRole('alert')).toHaveTextContent('Signing in with your organisation did not work.')
  })
})

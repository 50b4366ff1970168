import { screen } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { fromValue } from 'wonka'
import { mockClient, renderWithProviders } from '@/testing/render'
import { SignUpScreen } from './SignUpScreen'

function optionsAnswer(signInOptions: unknown) {
  return mockClient({ executeQuery: () => fromValue({ data: { signInOptions } }) as never })
}

describe('SignUpScreen', () => {
  it('offers the sign-up form while password sign-in is on', async () => {
    renderWithProviders(<SignUpScreen />, { client: optionsAnswer({ password: true, sso: null }), url: '/signup' })

    expect(await screen.findByRole('button', { name: 'Create account' })).toBeInTheDocument()
    expect(screen.getByLabelText('Password')).toBeInTheDocument()
  })

  it('sends people to single sign-on instead when password sign-in is off', async () => {
    const sso = { label: 'Sign in with Acme', startUrl: '/auth/oidc/start' }
    renderWithProviders(<SignUpScreen />, {
      client: optionsAnswer({ password: false, sso }),
      url: '/signup?next=%2Fmentors',
      path: '/signup',
    })

    const link = await screen.findByRole('link', { name: 'Sign in with your organisation’s account' })
    expect(link).toHaveAttribute('href', '/signin?next=%2Fmentors')
    expect(screen.queryByLabelText('Password')).not.toBeInTheDocument()
    expect(screen.queryByRole('button', { name: 'Create account' })).not.toBeInTheDocument()
  })
})

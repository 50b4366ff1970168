import { screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import { fromValue, never } from 'wonka'
import { mockClient, renderWithProviders } from '@/testing/render'
import { EmailSettingsScreen } from './EmailSettingsScreen'
import { ForgotPasswordScreen } from './ForgotPasswordScreen'
import { UnsubscribeScreen } from './UnsubscribeScreen'

type Request = { query: { definitions: { kind: string; name?: { value: string } }[] }; variables: Record<string, unknown> }
const named = (request: Request, name: string) => request.query.definitions.some((d) => d.name?.value === name)

const choices = (delivery: Record<string, string> = {}) => [
  { kind: 'REQUEST_RECEIVED', label: 'Someone asks you to be their mentor or mentee', delivery: delivery.REQUEST_RECEIVED ?? 'IMMEDIATELY' },
  { kind: 'FEEDBACK_DUE', label: 'A check-in is due', delivery: delivery.FEEDBACK_DUE ?? 'IMMEDIATELY' },
  { kind: 'MATCH_SUGGESTIONS', label: 'Mentors suggested while you are still looking', delivery: delivery.MATCH_SUGGESTIONS ?? 'NEVER' },
]

describe('EmailSettingsScreen', () => {
  it('shows each kind’s choice and sends only the changed ones, one request per delivery', async () => {
    const user = userEvent.setup()
    const sent: unknown[] = []
    const client = mockClient({
      executeQuery: ((request: Request) =>
        named(request, 'EmailSettings')
          ? fromValue({ data: { emailSettings: { enabled: true, digestHour: 8, choices: choices() } } })
          : never) as never,
      executeMutation: ((request: Request) => {
        sent.push(request.variables)
        return fromValue({
          data: {
            setEmailDelivery: {
              emailSettings: { enabled: true, digestHour: 8, choices: choices({ REQUEST_RECEIVED: 'DAILY_DIGEST', FEEDBACK_DUE: 'DAILY_DIGEST' }) },
              errors: [],
            },
          },
        })
      }) as never,
    })
    renderWithProviders(<EmailSettingsScreen />, { client })

    expect(await screen.findByText(/A daily digest arrives at 08:00/)).toBeInTheDocument()
    const form = screen.getByRole('form', { name: 'Email choices' })
    expect(within(form).getByLabelText('Mentors suggested while you are still looking')).toHaveValue('NEVER')
    expect(within(form).getByRole('button', { name: 'Save' })).toBeDisabled()
    await user.selectOptions(within(form).getByLabelText('Someone asks you to be their mentor or mentee'), 'DAILY_DIGEST')
    await user.selectOptions(within(form).getByLabelText('A check-in is due'), 'DAILY_DIGEST')
    await user.click(within(form).getByRole('button', { name: 'Save' }))
    expect(await screen.findByText('Your email choices are saved.')).toBeInTheDocument()
    expect(sent).toEqual([{ input: { kinds: ['REQUEST_RECEIVED', 'FEEDBACK_DUE'], delivery: 'DAILY_DIGEST' } }])
  })

  it('says when the programme sends no email, and keeps the choices for later', async () => {
    const client = mockClient({
      executeQuery: (() => fromValue({ data: { emailSettings: { enabled: false, digestHour: 8, choices: choices() } } })) as never,
    })
    renderWithProviders(<EmailSettingsScreen />, { client })
    expect(await screen.findByRole('heading', { name: 'This programme does not send email yet' })).toBeInTheDocument()
    expect(screen.getByRole('form', { name: 'Email choices' })).toBeInTheDocument()
  })
})

describe('ForgotPasswordScreen', () => {
  it('asks for the address and answers the same whoever it belongs to', async () => {
    const user = userEvent.setup()
    const sent: unknown[] = []
    const client = mockClient({
      executeMutation: ((request: Request) => {
        sent.push(request.variables)
        return fromValue({ data: { requestPasswordReset: { sent: true, errors: [] } } })
      }) as never,
    })
    renderWithProviders(<ForgotPasswordScreen />, { client, url: '/forgot-password', path: '/forgot-password' })
    await user.click(screen.getByRole('button', { name: 'Email me a link' }))
    expect(screen.getByLabelText('Email')).toHaveAccessibleDescription('Enter the email address you signed up with.')
    expect(sent).toEqual([])
    await user.type(screen.getByLabelText('Email'), ' fay@example.com ')
    await user.click(screen.getByRole('button', { name: 'Email me a link' }))
    expect(await screen.findByRole('status')).toHaveTextContent('If an account has the address fay@example.com, a link is on its way')
    expect(sent).toEqual([{ input: { email: 'fay@example.com' } }])
  })

  it('shows the API’s words when asked too often', async () => {
    const user = userEvent.setup()
    const client = mockClient({
      executeMutation: (() =>
        fromValue({ data: { requestPasswordReset: { sent: false, errors: [{ code: 'RATE_LIMITED', message: 'Too many reset requests; try again in 12 minutes.', field: null }] } } })) as never,
    })
    renderWithProviders(<ForgotPasswordScreen />, { client, url: '/forgot-password', path: '/forgot-password' })
    await user.type(screen.getByLabelText('Email'), 'fay@example.com')
    await user.click(screen.getByRole('button', { name: 'Email me a link' }))
    expect(await screen.findByRole('alert')).toHaveTextContent('Too many reset requests; try again in 12 minutes.')
  })
})

describe('UnsubscribeScreen', () => {
  it('changes nothing until the button is pressed, then says what stopped', async () => {
    const user = userEvent.setup()
    const sent: unknown[] = []
    const client = mockClient({
      executeMutation: ((request: Request) => {
        sent.push(request.variables)
        return fromValue({ data: { unsubscribe: { kinds: ['REQUEST_RECEIVED'], errors: [] } } })
      }) as never,
    })
    renderWithProviders(<UnsubscribeScreen />, { client, url: '/unsubscribe?token=t.k.s', path: '/unsubscribe' })
    expect(sent).toEqual([])
    await user.click(screen.getByRole('button', { name: 'Stop these emails' }))
    await waitFor(() => expect(screen.getByRole('status')).toHaveTextContent('you will get no more emails like that one'))
    expect(sent).toEqual([{ input: { token: 't.k.s' } }])
    expect(screen.getByRole('link', { name: 'email settings' })).toHaveAttribute('href', '/settings/email')
  })

  it('says so when the link is not ours', async () => {
    const user = userEvent.setup()
    const client = mockClient({
      executeMutation: (() =>
        fromValue({ data: { unsubscribe: { kinds: [], errors: [{ code: 'INVALID_INPUT', message: 'This unsubscribe link is not valid; copy the whole link from the email.', field: 'token' }] } } })) as never,
    })
    renderWithProviders(<UnsubscribeScreen />, { client, url: '/unsubscribe?token=bad', path: '/unsubscribe' })
    await user.click(screen.getByRole('button', { name: 'Stop these emails' }))
    expect(await screen.findByRole('alert')).toHaveTextContent('This unsubscribe link is not valid')
  })
})

import { fireEvent, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import { CombinedError } from 'urql'
import { mockApi, queryVariables, type MockClient, type Variables } from '@/testing/operations'
import { renderWithProviders } from '@/testing/render'
import { ProgrammeScreen } from './ProgrammeScreen'

const ADA = { __typename: 'User', id: 'u-ada', displayName: 'Ada Admin', email: 'ada@example.com', isAdmin: true, profile: null }

const SETTINGS = {
  __typename: 'MatchingSettings',
  weights: [
    { kind: 'SEMANTIC', weight: 0.55 },
    { kind: 'SKILLS', weight: 0.1 },
    { kind: 'PERSONALITY', weight: 0.05 },
    { kind: 'FEEDBACK', weight: 0.1 },
    { kind: 'AVAILABILITY', weight: 0.05 },
    { kind: 'CAREER_DIRECTION', weight: 0.1 },
    { kind: 'RESPONSIVENESS', weight: 0.05 },
  ],
  direction: 'REVERSE',
  requireDirection: false,
  defaultCapacity: 2,
  maxMentorsPerMentee: 1,
  maxPendingRequests: 5,
  requestTtlDays: 14,
  checkInIntervalDays: 14,
}

interface ApiOptions {
  me?: typeof ADA
  settings?: () => object | CombinedError
  update?: (variables: Variables) => object
}

function api({ me = ADA, settings = () => SETTINGS, update }: ApiOptions = {}) {
  return mockApi({
    me,
    queries: {
      ProgrammeSettings: () => {
        const result = settings()
        return result instanceof CombinedError ? result : { matchingSettings: result }
      },
    },
    mutations: update ? { UpdateProgrammeSettings: (variables) => ({ updateMatchingSettings: update(variables) }) } : {},
  })
}

function renderAt(url: string, client: MockClient) {
  return renderWithProviders(<ProgrammeScreen />, { url, path: '/programme', client })
}

describe('ProgrammeScreen', () => {
  it('keeps the settings, and says the figures are on Analytics', async () => {
    renderAt('/programme', api())

    expect(screen.getByRole('heading', { level: 1, name: 'Programme' })).toBeInTheDocument()
    await waitFor(() => expect(document.title).toBe('Programme · mentormatch'))
    expect(await screen.findByRole('form', { name: 'Programme settings' })).toBeInTheDocument()
    expect(screen.getByRole('link', { name: 'Analytics' })).toHaveAttribute('href', '/admin/analytics')
    // One place for every figure: none of them here.
    expect(screen.queryByText('Average rating')).not.toBeInTheDocument()
    expect(screen.queryByRole('table')).not.toBeInTheDocument()
  })

  it('shows a failed query in words, with a way to try again', async () => {
    const client = api({ settings: () => new CombinedError({ networkError: new Error('offline') }) })
    renderAt('/programme', client)

    expect(await screen.findByRole('alert')).toHaveTextContent('We could not reach mentormatch')
    await userEvent.setup().click(screen.getByRole('button', { name: 'Try again' }))
    await waitFor(() => expect(queryVariables(client, 'ProgrammeSettings').length).toBeGreaterThan(1))
  })

  it('tells a participant it is for admins, asking nothing of the API', async () => {
    const client = api({ me: { ...ADA, isAdmin: false } })
    renderAt('/programme', client)

    expect(await screen.findByRole('heading', { level: 2, name: 'Only admins can see this' })).toBeInTheDocument()
    expect(screen.getByRole('link', { name: 'Go to Find a mentor' })).toHaveAttribute('href', '/mentors')
    expect(screen.queryByRole('alert')).not.toBeInTheDocument()
    expect(queryVariables(client, 'ProgrammeSettings')).toHaveLength(0)
  })

  it('says the same when the API refuses (admin rights gone since sign-in)', async () => {
    const forbidden = new CombinedError({
      graphQLErrors: [{ message: 'Only admins may do that.', extensions: { code: 'FORBIDDEN' } }],
    })
    renderAt('/programme', api({ settings: () => forbidden }))

    expect(await screen.findByRole('heading', { level: 2, name: 'Only admins can see this' })).toBeInTheDocument()
    expect(screen.queryByLabelText('Days between check-ins')).not.toBeInTheDocument()
  })

  it('shows every setting, each weight with its share of the score, and sends only what changed', async () => {
    const user = userEvent.setup()
    const sent: Variables[] = []
    const client = api({
      update: (variables) => {
        sent.push(variables)
        const input = variables.input as Record<string, unknown>
        if ((input.requestTtlDays as number) === 0) {
          return { settings: null, errors: [{ code: 'INVALID_INPUT', message: 'Must be between 1 and 90.', field: 'requestTtlDays' }] }
        }
        if ((input.weights as Record<string, number> | undefined)?.semantic === 0.9) {
          return { settings: null, errors: [{ code: 'INVALID_INPUT', message: 'Must be between 0 and 1.', field: 'weights.semantic' }] }
        }
        return { settings: { ...SETTINGS, ...input, weights: SETTINGS.weights }, errors: [] }
      },
    })
    renderAt('/programme', client)

    const form = await screen.findByRole('form', { name: 'Programme settings' })
    const semantic = within(form).getByRole('slider', { name: /^Semantic/ })
    expect(semantic).toHaveValue('0.55')
    // 0.55 of a total of 1.0.
    expect(semantic).toHaveAttribute('aria-valuetext', '0.55, 55% of the score')
    expect(within(form).getByLabelText('Capacity of a new mentor')).toHaveValue(2)
    expect(within(form).getByLabelText('Days between check-ins')).toHaveValue(14)
    expect(within(form).getByLabelText('Career direction')).toHaveValue('REVERSE')

    // Moving one slider changes every share.
    fireEvent.change(within(form).getByRole('slider', { name: /^Skills/ }), { target: { value: '0.6' } })
    expect(semantic).toHaveAttribute('aria-valuetext', '0.55, 37% of the score')

    // Checked here first: nothing is sent.
    const capacity = within(form).getByLabelText('Capacity of a new mentor')
    await user.clear(capacity)
    await user.type(capacity, '25')
    await user.click(within(form).getByRole('button', { name: 'Save settings' }))
    expect(capacity).toHaveAttribute('aria-invalid', 'true')
    expect(capacity).toHaveAccessibleDescription(/^Enter a whole number from 1 to 20\./)
    expect(sent).toEqual([])

    await user.clear(capacity)
    await user.type(capacity, '3')
    await user.click(within(form).getByRole('button', { name: 'Save settings' }))
    expect(await screen.findByText('Programme settings saved.')).toBeInTheDocument()
    expect(sent).toEqual([{ input: { weights: { skills: 0.6 }, defaultCapacity: 3 } }])
  })

  it('shows the API’s refusal next to the weight or limit it names', async () => {
    const user = userEvent.setup()
    const client = api({
      update: () => ({
        settings: null,
        errors: [
          { code: 'INVALID_INPUT', message: 'Must be between 1 and 50.', field: 'maxPendingRequests' },
          { code: 'INVALID_INPUT', message: 'Must be between 0 and 1.', field: 'weights.semantic' },
        ],
      }),
    })
    renderAt('/programme', client)

    const form = await screen.findByRole('form', { name: 'Programme settings' })
    const pending = within(form).getByLabelText('Pending requests per participant')
    await user.clear(pending)
    await user.type(pending, '7')
    await user.click(within(form).getByRole('button', { name: 'Save settings' }))
    await waitFor(() => expect(pending).toHaveAttribute('aria-invalid', 'true'))
    expect(pending).toHaveAccessibleDescription(/^Must be between 1 and 50\./)
    const semantic = within(form).getByRole('slider', { name: /^Semantic/ })
    expect(semantic).toHaveAttribute('aria-invalid', 'true')
    expect(semantic).toHaveAccessibleDescription('Must be between 0 and 1.')
  })
})

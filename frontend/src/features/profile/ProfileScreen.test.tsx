import { screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it, vi } from 'vitest'
import { fromValue } from 'wonka'
import { mockClient, renderWithProviders } from '@/testing/render'
import { ProfileScreen } from './ProfileScreen'

const savedProfile = {
  __typename: 'Profile',
  canMentor: false,
  seeksMentoring: true,
  headline: 'Data analyst',
  bio: 'I turn numbers into decisions.',
  expertise: ['SQL'],
  objectives: ['public speaking', 'negotiation'],
  skills: [{ __typename: 'Skill', name: 'Python', level: 2 }],
  careerStage: 'EARLY_CAREER',
  yearsOfExperience: 3,
  department: 'Finance',
  location: 'Lisbon',
  timezone: 'Europe/Lisbon',
  languages: ['Portuguese', 'English'],
  contactNote: 'Slack @ana',
  capacity: 2,
  acceptingRequests: true,
  personality: { __typename: 'Personality', bigFive: null, mbti: 'INTJ' },
  updatedAt: '2026-12-01T12:00:00Z',
}

type Request = { query: { definitions: { name?: { value: string } }[] } }
const nameOf = (request: Request) => request.query.definitions[0]?.name?.value

function api(updateMyProfile: (input: Record<string, unknown>) => unknown) {
  const viewerQueries: unknown[] = []
  const client = mockClient({
    executeQuery: ((request: Request, options: unknown) => {
      if (nameOf(request) === 'MyProfile') return fromValue({ data: { me: { __typename: 'User', id: 'u1', profile: savedProfile } } })
      if (nameOf(request) === 'Viewer') {
        viewerQueries.push(options)
        return fromValue({
          data: { me: { id: 'u1', displayName: 'Ana', email: 'ana@example.com', isAdmin: false, profile: { canMentor: false, seeksMentoring: true } } },
        })
      }
      return fromValue({ data: undefined })
    }) as never,
    executeMutation: vi.fn((request: { variables: { input: Record<string, unknown> } }) =>
      fromValue({ data: { updateMyProfile: updateMyProfile(request.variables.input) } }),
    ) as never,
  })
  return { client, viewerQueries }
}

describe('ProfileScreen', () => {
  it('loads every field of the saved profile', async () => {
    renderWithProviders(<ProfileScreen />, { client: api(() => null).client, url: '/profile' })

    expect(await screen.findByLabelText('Headline')).toHaveValue('Data analyst')
    expect(screen.getByRole('heading', { level: 1, name: 'My profile' })).toBeInTheDocument()
    expect(screen.getByRole('switch', { name: 'I can mentor' })).not.toBeChecked()
    expect(screen.getByRole('switch', { name: 'I want a mentor' })).toBeChecked()
    expect(screen.getByLabelText('Learning objective 2')).toHaveValue('negotiation')
    expect(screen.getByLabelText('Expertise item 1')).toHaveValue('SQL')
    expect(screen.getByLabelText('Name of skill 1')).toHaveValue('Python')
    expect(screen.getByLabelText('Level of skill 1')).toHaveValue('2')
    expect(screen.getByLabelText('Career stage')).toHaveValue('EARLY_CAREER')
    expect(screen.getByLabelText('Time zone')).toHaveValue('Europe/Lisbon')
    expect(screen.getByLabelText('Languages')).toHaveValue('Portuguese, English')
    expect(screen.getByLabelText('Contact note')).toHaveValue('Slack @ana')
    expect(screen.getByLabelText('MBTI type')).toHaveValue('INTJ')
    expect(screen.getByRole('switch', { name: 'Include Big Five' })).not.toBeChecked()
  })

  it('shows objectives[2] next to Learning objective 3 and keeps everything typed', async () => {
    const user = userEvent.setup()
    const { client } = api(() => ({
      profile: null,
      errors: [{ code: 'INVALID_INPUT', message: 'Is listed twice.', field: 'objectives[2]' }],
    }))
    renderWithProviders(<ProfileScreen />, { client, url: '/profile' })

    const headline = await screen.findByLabelText('Headline')
    await user.clear(headline)
    await user.type(headline, 'Analyst learning to lead')
    await user.type(screen.getByLabelText('New learning objective'), 'negotiation{Enter}')
    await user.click(screen.getByRole('switch', { name: 'I can mentor' }))
    await user.click(screen.getByRole('button', { name: 'Save profile' }))

    const third = screen.getByLabelText('Learning objective 3')
    await waitFor(() => expect(third).toHaveAttribute('aria-invalid', 'true'))
    expect(third).toHaveAccessibleDescription('Is listed twice.')
    expect(screen.getByLabelText('Learning objective 2')).not.toHaveAttribute('aria-invalid')
    expect(screen.getByRole('alert')).toHaveTextContent('Nothing was saved: please fix the highlighted field.')
    expect(within(screen.getByRole('form', { name: 'My profile' })).getByRole('status')).not.toHaveTextContent('Profile saved.')

    // Nothing else on the form is lost.
    expect(headline).toHaveValue('Analyst learning to lead')
    expect(third).toHaveValue('negotiation')
    expect(screen.getByRole('switch', { name: 'I can mentor' })).toBeChecked()
    expect(screen.getByLabelText('Bio')).toHaveValue('I turn numbers into decisions.')
    expect(client.executeMutation).toHaveBeenCalledTimes(1)
    expect(client.executeMutation.mock.calls[0]![0].variables.input).toMatchObject({
      headline: 'Analyst learning to lead',
      objectives: ['public speaking', 'negotiation', 'negotiation'],
      canMentor: true,
    })
  })

  it('shows nested paths next to their fields: skills[0].level, personality.bigFive.openness, personality.mbti', async () => {
    const user = userEvent.setup()
    const { client } = api(() => ({
      profile: null,
      errors: [
        { code: 'INVALID_INPUT', message: 'Must be between 1 and 5.', field: 'skills[0].level' },
        { code: 'INVALID_INPUT', message: 'Must be between 0 and 100.', field: 'personality.bigFive.openness' },
        { code: 'INVALID_INPUT', message: 'Must be a four-letter MBTI type such as INTJ or ESFP.', field: 'personality.mbti' },
      ],
    }))
    renderWithProviders(<ProfileScreen />, { client, url: '/profile' })

    await user.click(await screen.findByRole('button', { name: 'Save profile' }))

    await waitFor(() => expect(screen.getByLabelText('Level of skill 1')).toHaveAccessibleDescription('Must be between 1 and 5.'))
    expect(screen.getByLabelText('Openness')).toHaveAccessibleDescription('Must be between 0 and 100.')
    expect(screen.getByLabelText('Openness')).toHaveAttribute('aria-invalid', 'true')
    expect(screen.getByLabelText('MBTI type')).toHaveAccessibleDescription(/Must be a four-letter MBTI type/)
    expect(screen.getByRole('alert')).toHaveTextContent('please fix the 3 highlighted fields')
  })

  it('says "Profile saved." and asks who I am again when a role changed', async () => {
    const user = userEvent.setup()
    const { client, viewerQueries } = api((input) => ({ profile: { ...savedProfile, ...input, personality: savedProfile.personality }, errors: [] }))
    renderWithProviders(<ProfileScreen />, { client, url: '/profile' })

    await user.click(await screen.findByRole('switch', { name: 'I can mentor' }))
    await user.click(screen.getByRole('button', { name: 'Save profile' }))

    expect(await within(screen.getByRole('form', { name: 'My profile' })).findByRole('status')).toHaveTextContent('Profile saved.')
    expect(screen.queryByRole('alert')).not.toBeInTheDocument()
    await waitFor(() => expect(viewerQueries.at(-1)).toMatchObject({ requestPolicy: 'network-only' }))
  })

  it('does not send a years of experience that is not a whole number', async () => {
    const user = userEvent.setup()
    const { client } = api(() => null)
    renderWithProviders(<ProfileScreen />, { client, url: '/profile' })

    const years = await screen.findByLabelText('Years of experience')
    await user.clear(years)
    await user.type(years, '2.5')
    await user.click(screen.getByRole('button', { name: 'Save profile' }))

    expect(years).toHaveAccessibleDescription('Enter a whole number of years, or leave it empty.')
    expect(client.executeMutation).not.toHaveBeenCalled()
    expect(within(screen.getByRole('alert')).getByText(/highlighted field/)).toBeInTheDocument()
  })
})

import { screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import { mockApi, type Handler } from '@/testing/operations'
import { renderWithProviders } from '@/testing/render'
import { MentorScreen } from './MentorScreen'

const elena = {
  canMentor: true,
  seeksMentoring: false,
  acceptingRequests: true,
  headline: 'Designer who makes products work for everyone',
  bio: 'Ten years of making apps usable.',
  expertise: ['running accessibility audits of websites', 'prototyping app screens in Figma'],
  objectives: [],
  skills: [{ name: 'Figma', level: 5 }],
  careerStage: 'MID_CAREER',
  yearsOfExperience: 6,
  department: 'Product',
  location: 'Milan',
  timezone: 'Europe/Rome',
  utcOffsetMinutes: 60,
  languages: ['Italian', 'English'],
  personality: { bigFive: null, mbti: 'INFJ' },
  capacity: 2,
  contactNote: null,
  mentorRecord: {
    enoughRatings: false,
    rating: null,
    ratingCount: null,
    responsiveness: { requestsCounted: 4, answeredInTime: 3, summary: 'Usually answers within 2 days' },
  },
  user: { id: 'u2', displayName: 'Elena Rossi', email: null },
}

function api(profile: unknown, outgoing: unknown[] = [], incoming: unknown[] = [], reportContent?: Handler) {
  return mockApi({
    me: { id: 'u1', displayName: 'Sam', email: 's@x', isAdmin: false, profile: null },
    queries: {
      MyMatchingProfile: () => ({ me: { id: 'u1', displayName: 'Sam', profile: null } }),
      MentorProfile: () => ({ profile }),
      PendingRequestsWith: () => ({
        outgoingMentorshipRequests: { edges: outgoing },
        incomingMentorshipRequests: { edges: incoming },
      }),
    },
    mutations: reportContent ? { ReportProfile: (variables) => ({ reportContent: reportContent(variables) }) } : {},
  })
}

function renderMentor(client: ReturnType<typeof api>) {
  return renderWithProviders(<MentorScreen />, { url: '/mentors/u2', path: '/mentors/:id', client })
}

describe('MentorScreen', () => {
  it('shows the whole profile and the Request button', async () => {
    renderMentor(api(elena))

    expect(await screen.findByRole('heading', { level: 1, name: 'Elena Rossi' })).toBeInTheDocument()
    await waitFor(() => expect(document.title).toBe('Elena Rossi · mentormatch'))
    expect(screen.getByText(elena.headline)).toBeInTheDocument()
    expect(screen.getByText(elena.bio)).toBeInTheDocument()
    expect(within(screen.getByRole('list', { name: 'Expertise' })).getAllByRole('listitem')).toHaveLength(2)
    expect(within(screen.getByRole('list', { name: 'Skills' })).getByRole('listitem')).toHaveTextContent('Figma level 5 of 5')
    expect(screen.getByText('Mid career')).toBeInTheDocument()
    expect(screen.getByText(/^Europe\/Rome, UTC\+01:00 now/)).toBeInTheDocument()
    expect(screen.getByText('Italian, English')).toBeInTheDocument()
    expect(screen.getByText('INFJ')).toBeInTheDocument()
    expect(screen.getByText(/Mentors up to 2 mentees at once/)).toHaveTextContent('Accepting requests')
    expect(screen.getByRole('button', { name: 'Request Elena Rossi' })).toBeEnabled()
  })

  it('shows their record as a mentor: the rating, or that there are not enough yet, and responsiveness', async () => {
    const { unmount } = renderMentor(api(elena))

    const mentoring = (await screen.findByRole('heading', { level: 2, name: 'Mentoring' })).parentElement!
    expect(within(mentoring).getByText('Rating').nextElementSibling).toHaveTextContent('Not enough ratings yet')
    expect(within(mentoring).getByText('Responsiveness').nextElementSibling).toHaveTextContent(
      'Usually answers within 2 days, answered 3 of 4 requests in time',
    )
    unmount()

    const rated = { ...elena.mentorRecord, enoughRatings: true, rating: 4.6, ratingCount: 3 }
    renderMentor(api({ ...elena, mentorRecord: rated }))
    const section = (await screen.findByRole('heading', { level: 2, name: 'Mentoring' })).parentElement!
    expect(within(section).getByText('Rating').nextElementSibling).toHaveTextContent('4.6 / 5 from 3 mentorships')
  })

  it('says a request is already pending instead of offering another', async () => {
    const pending = {
      node: { id: 'r1', createdAt: '2026-12-01T09:00:00Z', initiator: 'MENTEE', recipient: { id: 'u2' } },
    }
    renderMentor(api(elena, [pending]))

    expect(await screen.findByRole('button', { name: 'Requested Elena Rossi' })).toHaveAttribute('aria-disabled', 'true')
    expect(screen.getByText(/You asked Elena Rossi to be your mentor on 1 Dec 2026/)).toBeInTheDocument()
    expect(screen.getByRole('link', { name: 'Requests' })).toHaveAttribute('href', '/requests?box=outgoing')
  })

  it('says when they have invited me, pointing to where to answer', async () => {
    const invitation = {
      node: { id: 'r2', createdAt: '2026-12-01T09:00:00Z', initiator: 'MENTOR', sender: { id: 'u2' } },
    }
    renderMentor(api(elena, [], [invitation]))

    expect(await screen.findByText(/Elena Rossi has invited you to be their mentee/)).toBeInTheDocument()
    expect(screen.getByRole('link', { name: 'Requests' })).toHaveAttribute('href', '/requests?box=incoming')
    expect(screen.queryByRole('button', { name: /Request/ })).not.toBeInTheDocument()
  })

  it('says so when there is no such mentor', async () => {
    renderMentor(api(null))

    expect(await screen.findByRole('heading', { level: 1, name: 'Mentor not found' })).toBeInTheDocument()
    expect(screen.getByRole('link', { name: 'Back to Find a mentor' })).toHaveAttribute('href', '/mentors')
  })

  it('reports the profile with a reason, in a dialog that keeps the API’s words', async () => {
    const user = userEvent.setup()
    const sent: unknown[] = []
    const client = api(elena, [], [], (variables) => {
      sent.push(variables)
      return sent.length === 1
        ? { report: null, errors: [{ code: 'INVALID_INPUT', message: 'Must be at most 1000 characters.', field: 'reason' }] }
        : { report: { id: 'rep1', status: 'OPEN' }, errors: [] }
    })
    renderMentor(client)

    await user.click(await screen.findByRole('button', { name: 'Report Elena Rossi' }))
    const dialog = screen.getByRole('dialog', { name: 'Report Elena Rossi' })
    await user.click(within(dialog).getByRole('button', { name: 'Send report' }))
    const reason = within(dialog).getByLabelText('What is wrong?')
    expect(reason).toHaveAccessibleDescription(/^Say what is wrong/)
    expect(sent).toEqual([])

    await user.type(reason, 'Her bio insults other teams.')
    await user.click(within(dialog).getByRole('button', { name: 'Send report' }))
    await waitFor(() => expect(reason).toHaveAccessibleDescription(/^Must be at most 1000 characters\./))
    await user.click(within(dialog).getByRole('button', { name: 'Send report' }))

    expect(await screen.findByText('Thank you: your report about Elena Rossi was sent to the programme’s admins.')).toBeInTheDocument()
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument()
    expect(screen.queryByRole('button', { name: 'Report Elena Rossi' })).not.toBeInTheDocument()
    expect(sent.at(-1)).toEqual({ input: { targetType: 'PROFILE', targetId: 'u2', reason: 'Her bio insults other teams.' } })
  })

  it('offers no Report on my own profile', async () => {
    renderMentor(api({ ...elena, user: { ...elena.user, id: 'u1' } }))

    expect(await screen.findByRole('heading', { level: 1, name: 'Elena Rossi' })).toBeInTheDocument()
    expect(screen.queryByRole('button', { name: /^Report/ })).not.toBeInTheDocument()
  })
})

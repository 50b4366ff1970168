import { screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it, vi } from 'vitest'
import { mockApi, queryVariables } from '@/testing/operations'
import { renderWithProviders } from '@/testing/render'
import { FindMenteeScreen } from './FindMenteeScreen'

function me(canMentor: boolean) {
  return {
    me: {
      id: 'u1',
      displayName: 'Grace',
      profile: {
        canMentor,
        seeksMentoring: false,
        objectives: [],
        expertise: canMentor ? ['navigating a career change', 'preparing for a promotion conversation'] : [],
      },
    },
  }
}

const richard = {
  cursor: 'c1',
  node: {
    score: 0.34,
    mentee: {
      id: 'u9',
      displayName: 'Richard Hale',
      profile: {
        objectives: ['learn how younger customers discover brands', 'understand social media marketing'],
        headline: 'Chief Marketing Officer',
        careerStage: 'EXECUTIVE',
        yearsOfExperience: 28,
        department: 'Marketing',
        location: 'London',
        timezone: 'Europe/London',
        utcOffsetMinutes: 0,
        languages: ['English'],
      },
    },
    explanation: {
      summary:
        'Partial match: your “preparing for a promotion conversation” meets their “learn how younger customers discover brands”; covers 1 of their 2 objectives.',
      strength: 'PARTIAL',
      matchedObjectives: [
        {
          objective: 'learn how younger customers discover brands',
          expertise: 'preparing for a promotion conversation',
          similarity: 0.44,
          strength: 'GOOD',
        },
      ],
      uncoveredObjectives: ['understand social media marketing'],
      sharedSkills: [],
      personality: null,
      careerDirection: null,
      components: [{ kind: 'SEMANTIC', value: 0.34, weight: 0.6, contribution: 0.3 }],
    },
  },
}

function api(canMentor: boolean, inviteMentee = vi.fn()) {
  return mockApi({
    queries: {
      MyMatchingProfile: () => me(canMentor),
      MenteeMatches: () => ({
        menteeMatches: {
          totalCount: 1,
          noGoodMatch: false,
          coverage: [
            { text: 'navigating a career change', bestStrength: 'PARTIAL', covered: false },
            { text: 'preparing for a promotion conversation', bestStrength: 'GOOD', covered: true },
          ],
          pageInfo: { hasNextPage: false, endCursor: 'c1' },
          edges: [richard],
        },
      }),
    },
    mutations: { InviteMentee: (variables) => ({ inviteMentee: inviteMentee(variables) }) },
  })
}

describe('FindMenteeScreen', () => {
  it('explains to someone who does not mentor how to start, without asking the API for mentees', async () => {
    const client = api(false)
    renderWithProviders(<FindMenteeScreen />, { url: '/mentees', client })

    expect(await screen.findByRole('heading', { name: 'Only mentors look for mentees' })).toBeInTheDocument()
    expect(screen.getByRole('link', { name: 'Go to My profile' })).toHaveAttribute('href', '/profile')
    expect(queryVariables(client, 'MenteeMatches')).toEqual([])
  })

  it('ranks mentees by my expertise with the same explanation, and invites one', async () => {
    const inviteMentee = vi.fn(() => ({ request: { id: 'r1', status: 'PENDING' }, errors: [] }))
    const user = userEvent.setup()
    renderWithProviders(<FindMenteeScreen />, { url: '/mentees', client: api(true, inviteMentee) })

    expect(await screen.findByText('Ranked by your 2 expertise items')).toBeInTheDocument()
    const result = within(screen.getByRole('list', { name: 'Mentees' })).getByRole('article', { name: 'Richard Hale' })
    expect(within(result).getByRole('link', { name: 'Richard Hale' })).toHaveAttribute('href', '/mentees/u9')
    expect(
      within(within(result).getByRole('list', { name: 'Their objectives and your expertise' })).getByRole('listitem'),
    ).toHaveTextContent(
      'learn how younger customers discover brands met by your expertise preparing for a promotion conversation Good fit 44% similar',
    )
    expect(within(result).getByText('Partial match')).toBeInTheDocument()
    expect(within(result).getByRole('list', { name: 'Their objectives you don’t cover' })).toHaveTextContent(
      'understand social media marketing',
    )
    // The expertise no mentee wants yet, named in the mentor's words.
    expect(screen.getByRole('note')).toHaveTextContent('No mentee looking for a mentor wants to learn quite “navigating a career change” yet.')
    expect(within(screen.getByRole('note')).getByRole('link', { name: 'Edit your expertise' })).toHaveAttribute('href', '/profile')

    await user.click(within(result).getByRole('button', { name: 'Invite Richard Hale' }))
    const dialog = await screen.findByRole('dialog', { name: 'Invite Richard Hale to be your mentee' })
    await user.type(within(dialog).getByLabelText('Message'), 'I coach people through exactly this.')
    await user.click(within(dialog).getByRole('checkbox', { name: 'understand social media marketing' }))
    await user.click(within(dialog).getByRole('button', { name: 'Send invitation' }))

    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument())
    expect(inviteMentee).toHaveBeenCalledWith({
      input: { menteeId: 'u9', message: 'I coach people through exactly this.', objectives: ['understand social media marketing'] },
    })
    expect(screen.getByRole('status')).toHaveTextContent('Invitation sent to Richard Hale.')
    expect(screen.getByRole('button', { name: 'Invited Richard Hale' })).toHaveAttribute('aria-disabled', 'true')
  })
})

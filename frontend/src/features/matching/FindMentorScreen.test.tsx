import { screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it, vi } from 'vitest'
import { CombinedError } from 'urql'
import { ERROR_MESSAGES } from '@/lib/errors'
import { mockApi, queryVariables, type Handler, type MockClient } from '@/testing/operations'
import { renderWithProviders } from '@/testing/render'
import { FindMentorScreen } from './FindMentorScreen'

const OBJECTIVES = ['Run services on Kubernetes', 'Speak up in meetings', 'Learn Rust']

function me(objectives: string[] = OBJECTIVES) {
  return {
    me: {
      __typename: 'User',
      id: 'u1',
      displayName: 'Sam',
      profile: { __typename: 'Profile', canMentor: false, seeksMentoring: true, objectives, expertise: [] },
    },
  }
}

const RATED = {
  enoughRatings: true,
  rating: 4.26,
  ratingCount: 6,
  responsiveness: { requestsCounted: 10, answeredInTime: 9, summary: 'Usually answers within 2 days' },
}

const NEW_MENTOR = {
  enoughRatings: false,
  rating: null,
  ratingCount: null,
  responsiveness: { requestsCounted: 0, answeredInTime: 0, summary: 'No requests answered yet' },
}

function mentorEdge(id: string, displayName: string, mentorRecord: typeof RATED | typeof NEW_MENTOR = RATED) {
  return {
    cursor: `cursor-${id}`,
    node: {
      score: 0.78,
      mentor: {
        __typename: 'User',
        id,
        displayName,
        profile: {
          headline: 'Platform engineer',
          careerStage: 'SENIOR',
          yearsOfExperience: 12,
          department: 'Platform',
          location: 'Berlin',
          timezone: 'Europe/Berlin',
          utcOffsetMinutes: 60,
          languages: ['English', 'German'],
          mentorRecord,
        },
      },
      explanation: {
        summary: 'Good match: can teach “Container orchestration” for “Run services on Kubernetes”; covers 1 of your 3 objectives.',
        strength: 'GOOD',
        matchedObjectives: [
          { objective: 'Run services on Kubernetes', expertise: 'Container orchestration', similarity: 0.82, strength: 'STRONG' },
        ],
        uncoveredObjectives: ['Speak up in meetings', 'Learn Rust'],
        sharedSkills: [{ name: 'Python', mentorLevel: 5, menteeLevel: 2 }],
        personality: null,
        careerDirection: null,
        components: [{ kind: 'SEMANTIC', value: 0.82, weight: 0.6, contribution: 0.6 }],
      },
    },
  }
}

interface Need {
  text: string
  bestStrength: string
  covered: boolean
}

const COVERED: Need[] = OBJECTIVES.map((text) => ({ text, bestStrength: 'GOOD', covered: true }))

function matches(
  edges: ReturnType<typeof mentorEdge>[],
  { hasNextPage = false, totalCount = edges.length, coverage = COVERED, noGoodMatch = false } = {},
) {
  return {
    mentorMatches: {
      totalCount,
      noGoodMatch,
      coverage,
      pageInfo: { hasNextPage, endCursor: edges.at(-1)?.cursor ?? null },
      edges,
    },
  }
}

/** Mentor edges whose explanation is no evidence at all, as for a search no mentor teaches. */
function weakEdge(id: string, displayName: string, searched: string) {
  const edge = mentorEdge(id, displayName)
  edge.node.score = 0.16
  edge.node.explanation = {
    ...edge.node.explanation,
    summary: 'Weak match: nothing they teach is close to your search; nearest is “Container orchestration”.',
    strength: 'WEAK',
    matchedObjectives: [],
    uncoveredObjectives: [searched],
  }
  return edge
}

interface ApiOptions {
  profile?: unknown
  mentorMatches?: Handler
  requestMentorship?: Handler
}

function api({ profile = me(), mentorMatches = () => matches([mentorEdge('u2', 'Maya Chen')]), requestMentorship }: ApiOptions = {}) {
  return mockApi({
    queries: { MyMatchingProfile: () => profile, MentorMatches: mentorMatches },
    mutations: requestMentorship ? { RequestMentorship: (variables) => ({ requestMentorship: requestMentorship(variables) }) } : {},
  })
}

function renderAt(url: string, client: MockClient) {
  return renderWithProviders(<FindMentorScreen />, { url, path: '/mentors', client })
}

describe('FindMentorScreen', () => {
  it('recommends mentors for my objectives, saying so, with each one explained', async () => {
    renderAt('/mentors', api())

    expect(screen.getByRole('heading', { level: 1, name: 'Find a mentor' })).toBeInTheDocument()
    expect(await screen.findByText('Ranked by your 3 learning objectives')).toBeInTheDocument()
    const list = await screen.findByRole('list', { name: 'Mentors' })
    const result = within(list).getByRole('article', { name: 'Maya Chen' })
    expect(within(result).getByRole('link', { name: 'Maya Chen' })).toHaveAttribute('href', '/mentors/u2')
    // The strength in words, the score beside it, each piece of evidence with its own.
    expect(within(result).getByText('Good match')).toBeInTheDocument()
    expect(within(result).getByText('78%')).toBeInTheDocument()
    expect(within(result).getByText('Strong fit')).toBeInTheDocument()
    expect(within(result).getByText('82% similar')).toBeInTheDocument()
    expect(
      within(within(result).getByRole('list', { name: 'Your objectives they don’t cover' }))
        .getAllByRole('listitem')
        .map((item) => item.textContent),
    ).toEqual(['Speak up in meetings', 'Learn Rust'])
    expect(within(result).getByRole('meter', { name: 'Semantic 82%' })).toBeInTheDocument()
    expect(within(result).getByRole('button', { name: 'Request Maya Chen' })).toBeEnabled()
    expect(screen.getByText('1 mentor')).toBeInTheDocument()
  })

  it('shows each mentor’s rating and responsiveness in words, or that there are not enough ratings yet', async () => {
    renderAt(
      '/mentors',
      api({ mentorMatches: () => matches([mentorEdge('u2', 'Maya Chen'), mentorEdge('u3', 'Leo Park', NEW_MENTOR)]) }),
    )

    const list = await screen.findByRole('list', { name: 'Mentors' })
    const record = (name: string) =>
      within(within(within(list).getByRole('article', { name })).getByRole('list', { name: 'Mentor record' }))
        .getAllByRole('listitem')
        .map((item) => item.textContent)
    expect(record('Maya Chen')).toEqual([
      'Rating: 4.3 / 5 from 6 mentorships',
      'Responsiveness: Usually answers within 2 days (answered 9 of 10 requests in time)',
    ])
    expect(record('Leo Park')).toEqual(['Rating: Not enough ratings yet', 'Responsiveness: No requests answered yet'])
  })

  it('says when a search is covered by no mentor yet, above the closest mentors, with where to change it', async () => {
    const searched = 'restore antique church organs'
    renderAt(
      `/mentors?q=${encodeURIComponent(searched)}`,
      api({
        mentorMatches: () =>
          matches([weakEdge('u2', 'Maya Chen', searched)], {
            noGoodMatch: true,
            coverage: [{ text: searched, bestStrength: 'WEAK', covered: false }],
          }),
      }),
    )

    const notice = await screen.findByRole('region', { name: 'No mentor covers this yet' })
    expect(notice).toHaveTextContent(`No mentor who is taking requests covers “${searched}” yet.`)
    expect(notice).toHaveTextContent('The mentors below are only the closest, for browsing.')
    expect(within(notice).getByRole('link', { name: 'edit your learning objectives' })).toHaveAttribute('href', '/profile')
    // Above the results, which are still there to browse.
    const list = screen.getByRole('list', { name: 'Mentors' })
    expect(notice.compareDocumentPosition(list) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy()
    const result = within(list).getByRole('article', { name: 'Maya Chen' })
    expect(within(result).getByText('Weak match')).toBeInTheDocument()
    expect(within(result).queryByRole('list', { name: 'Your search and their expertise' })).not.toBeInTheDocument()
    expect(within(result).getByRole('list', { name: 'Doesn’t cover your search' })).toHaveTextContent(searched)
  })

  it('names, in a lighter note, my objectives that no mentor covers yet', async () => {
    const coverage = COVERED.map((need) =>
      need.text === 'Learn Rust' ? { ...need, bestStrength: 'PARTIAL', covered: false } : need,
    )
    renderAt('/mentors', api({ mentorMatches: () => matches([mentorEdge('u2', 'Maya Chen')], { coverage }) }))

    const note = await screen.findByRole('note')
    expect(note).toHaveTextContent('No mentor who is taking requests covers “Learn Rust” well yet.')
    expect(within(note).getByRole('link', { name: 'Edit your learning objectives' })).toHaveAttribute('href', '/profile')
    expect(screen.queryByRole('region', { name: 'No mentor covers this yet' })).not.toBeInTheDocument()
  })

  it('keeps the search and filters in the URL: read on arrival, written on apply, cleared', async () => {
    const client = api()
    const user = userEvent.setup()
    const { router } = renderAt('/mentors?q=kubernetes&stage=SENIOR&language=German&minOffset=-5&minRating=4', client)

    expect(await screen.findByText('Results for “kubernetes”, filtered')).toBeInTheDocument()
    expect(screen.getByLabelText('What do you want to learn?')).toHaveValue('kubernetes')
    const filters = screen.getByRole('form', { name: 'Filters' })
    expect(within(filters).getByRole('checkbox', { name: 'Senior' })).toBeChecked()
    expect(within(filters).getByLabelText('Language')).toHaveValue('German')
    expect(within(filters).getByLabelText('UTC offset from')).toHaveValue('-5')
    expect(within(filters).getByLabelText('UTC offset to')).toHaveValue('')
    expect(within(filters).getByLabelText('Minimum rating')).toHaveValue('4')
    expect(queryVariables(client, 'MentorMatches').at(-1)).toEqual({
      query: 'kubernetes',
      first: 10,
      after: null,
      withCount: true,
      filter: {
        careerStages: ['SENIOR'],
        department: null,
        language: 'German',
        minUtcOffsetMinutes: -300,
        maxUtcOffsetMinutes: null,
        minRating: 4,
      },
    })

    await user.click(within(filters).getByRole('checkbox', { name: 'Senior' }))
    await user.click(within(filters).getByRole('checkbox', { name: 'Director' }))
    await user.type(within(filters).getByLabelText('Department'), 'Platform')
    await user.selectOptions(within(filters).getByLabelText('UTC offset to'), 'UTC+05:30')
    await user.click(within(filters).getByRole('button', { name: 'Apply filters' }))

    expect(router.state.location.search).toBe(
      '?q=kubernetes&stage=DIRECTOR&department=Platform&language=German&minOffset=-5&maxOffset=5.5&minRating=4',
    )
    await waitFor(() =>
      expect(queryVariables(client, 'MentorMatches').at(-1)).toMatchObject({
        query: 'kubernetes',
        filter: { careerStages: ['DIRECTOR'], department: 'Platform', maxUtcOffsetMinutes: 330 },
      }),
    )

    await user.click(screen.getByRole('button', { name: 'Clear filters' }))
    expect(router.state.location.search).toBe('?q=kubernetes')
    expect(screen.getByRole('checkbox', { name: 'Director' })).not.toBeChecked()

    await user.clear(screen.getByLabelText('What do you want to learn?'))
    await user.click(screen.getByRole('button', { name: 'Search' }))
    expect(router.state.location.search).toBe('')
    expect(await screen.findByText('Ranked by your 3 learning objectives')).toBeInTheDocument()
    expect(queryVariables(client, 'MentorMatches').at(-1)).toMatchObject({ query: null, filter: null })

    // Back steps through the searches, and the form follows the URL.
    router.navigate(-1)
    await waitFor(() => expect(screen.getByLabelText('What do you want to learn?')).toHaveValue('kubernetes'))
  })

  it('explains a refusal inside the request dialog, keeping what was typed', async () => {
    const requestMentorship = vi
      .fn()
      .mockReturnValueOnce({
        request: null,
        errors: [{ code: 'CAPACITY_REACHED', message: 'Maya Chen has no free place for another mentee.', field: 'mentorId' }],
      })
      .mockReturnValueOnce({
        request: null,
        errors: [{ code: 'LIMIT_REACHED', message: 'You already have 5 pending requests.', field: null }],
      })
      .mockReturnValueOnce({
        request: null,
        errors: [{ code: 'INVALID_INPUT', message: 'Must be at most 1000 characters.', field: 'message' }],
      })
      .mockReturnValueOnce({ request: { id: 'r1', status: 'PENDING' }, errors: [] })
    const client = api({ requestMentorship })
    const user = userEvent.setup()
    renderAt('/mentors', client)

    await user.click(await screen.findByRole('button', { name: 'Request Maya Chen' }))
    const dialog = await screen.findByRole('dialog', { name: 'Request Maya Chen as your mentor' })
    const objectives = within(dialog).getByRole('group', { name: 'Which of your objectives is this about?' })
    expect(within(objectives).getAllByRole('checkbox')).toHaveLength(3)
    await user.type(within(dialog).getByLabelText('Message'), 'I am moving our services to Kubernetes.')
    await user.click(within(objectives).getByRole('checkbox', { name: 'Run services on Kubernetes' }))
    await user.click(within(dialog).getByRole('button', { name: 'Send request' }))

    const alert = await within(dialog).findByRole('alert')
    expect(alert).toHaveTextContent(ERROR_MESSAGES.CAPACITY_REACHED)
    expect(alert).toHaveTextContent('Maya Chen has no free place for another mentee.')
    expect(alert).not.toHaveTextContent('CAPACITY_REACHED')
    expect(requestMentorship).toHaveBeenLastCalledWith({
      input: { mentorId: 'u2', message: 'I am moving our services to Kubernetes.', objectives: ['Run services on Kubernetes'] },
    })
    expect(within(dialog).getByLabelText('Message')).toHaveValue('I am moving our services to Kubernetes.')
    expect(within(objectives).getByRole('checkbox', { name: 'Run services on Kubernetes' })).toBeChecked()
    expect(within(alert).queryByRole('link')).not.toBeInTheDocument()

    // A limit: where to sort it out.
    await user.click(within(dialog).getByRole('button', { name: 'Send request' }))
    await waitFor(() => expect(within(dialog).getByRole('alert')).toHaveTextContent('You already have 5 pending requests.'))
    expect(within(dialog).getByRole('alert')).toHaveTextContent(ERROR_MESSAGES.LIMIT_REACHED)
    expect(within(dialog).getByRole('link', { name: 'See your requests' })).toHaveAttribute('href', '/requests?box=outgoing')

    // A field error goes next to its field.
    await user.click(within(dialog).getByRole('button', { name: 'Send request' }))
    const message = within(dialog).getByLabelText('Message')
    await waitFor(() => expect(message).toHaveAttribute('aria-invalid', 'true'))
    expect(message).toHaveAccessibleDescription(expect.stringContaining('Must be at most 1000 characters.'))
    expect(within(dialog).queryByRole('alert')).not.toBeInTheDocument()

    await user.click(within(dialog).getByRole('button', { name: 'Send request' }))
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument())
    expect(screen.getByRole('status')).toHaveTextContent('Request sent to Maya Chen.')
    const requested = screen.getByRole('button', { name: 'Requested Maya Chen' })
    expect(requested).toHaveAttribute('aria-disabled', 'true')
    expect(requested).toHaveTextContent('Requested')
    // The focus comes back to it, not to the top of the page.
    await waitFor(() => expect(requested).toHaveFocus())
  })

  it('asks for a message before sending anything', async () => {
    const requestMentorship = vi.fn()
    const user = userEvent.setup()
    renderAt('/mentors', api({ requestMentorship }))

    await user.click(await screen.findByRole('button', { name: 'Request Maya Chen' }))
    const dialog = await screen.findByRole('dialog')
    await user.click(within(dialog).getByRole('button', { name: 'Send request' }))

    expect(within(dialog).getByLabelText('Message')).toHaveAccessibleDescription(
      expect.stringContaining('Say why you want to work together.'),
    )
    expect(requestMentorship).not.toHaveBeenCalled()
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }))
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument())
  })

  it('loads the next page from the cursor with "Load more" and moves focus to it', async () => {
    const client = api({
      mentorMatches: (variables) =>
        variables.after === null
          ? matches([mentorEdge('u2', 'Maya Chen')], { hasNextPage: true, totalCount: 2 })
          : { mentorMatches: { ...matches([mentorEdge('u3', 'Ode Bello')]).mentorMatches } },
    })
    const user = userEvent.setup()
    renderAt('/mentors', client)

    expect(await screen.findByText('2 mentors, showing 1')).toBeInTheDocument()
    await user.click(screen.getByRole('button', { name: 'Load more' }))

    const list = screen.getByRole('list', { name: 'Mentors' })
    await waitFor(() => expect(within(list).getAllByRole('article')).toHaveLength(2))
    expect(queryVariables(client, 'MentorMatches').at(-1)).toMatchObject({ after: 'cursor-u2', withCount: false })
    expect(screen.queryByRole('button', { name: 'Load more' })).not.toBeInTheDocument()
    await waitFor(() => expect(within(list).getByRole('link', { name: 'Ode Bello' })).toHaveFocus())
  })

  it('sends someone without objectives to their profile instead of ranking nothing', async () => {
    const client = api({ profile: me([]) })
    renderAt('/mentors', client)

    expect(await screen.findByRole('heading', { name: 'Add what you want to learn' })).toBeInTheDocument()
    expect(screen.getByRole('link', { name: 'Go to My profile' })).toHaveAttribute('href', '/profile')
    expect(queryVariables(client, 'MentorMatches')).toHaveLength(0)
  })

  it('says when nothing matches and offers to clear the filters', async () => {
    const user = userEvent.setup()
    const { router } = renderAt('/mentors?q=rust&department=Nowhere', api({ mentorMatches: () => matches([]) }))

    expect(await screen.findByRole('heading', { name: 'No mentors found' })).toBeInTheDocument()
    expect(screen.getByText(/No mentor fits all of these filters/)).toBeInTheDocument()
    const clear = screen.getAllByRole('button', { name: 'Clear filters' })
    await user.click(clear[clear.length - 1]!)
    expect(router.state.location.search).toBe('?q=rust')
  })

  it('shows a failed search in words, with a way to try again', async () => {
    renderAt('/mentors', api({ mentorMatches: () => new CombinedError({ networkError: new Error('offline') }) }))

    expect(await screen.findByRole('alert')).toHaveTextContent('We could not reach mentormatch.')
    expect(screen.getByRole('button', { name: 'Try again' })).toBeInTheDocument()
  })
})

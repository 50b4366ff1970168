import { screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { CombinedError } from '@urql/core'
import { GraphQLError } from 'graphql'
import { describe, expect, it } from 'vitest'
import { mockApi, mutationVariables, queryVariables, stayOpen, type MockApi, type MockClient } from '@/testing/operations'
import { LocationProbe, renderWithProviders } from '@/testing/render'
import { CohortProposalScreen, CohortStartScreen } from './CohortScreen'

const ADA = { __typename: 'User', id: 'u-ada', displayName: 'Ada Admin', email: 'ada@example.com', isAdmin: true, profile: null }
const person = (id: string, displayName: string) => ({ __typename: 'User', id, displayName })
const TOM = person('u-tom', 'Tom Becker')
const SAM = person('u-sam', 'Sam Okafor')
const HANNAH = person('u-hannah', 'Hannah Weber')
const PRIYA = person('u-priya', 'Priya Raman')
const LENA = person('u-lena', 'Lena Fischer')

function pair(id: string, mentee: object, mentor: object, score: number, explanation: string, published: Partial<Record<string, unknown>> = {}) {
  return {
    __typename: 'CohortPair',
    id,
    score,
    explanation,
    publishedAt: null,
    requestId: null,
    skippedReason: null,
    mentee,
    mentor,
    ...published,
  }
}

const TOM_PRIYA = pair('p1', TOM, PRIYA, 0.82, 'Good match: can teach “running TikTok ad campaigns” for “grow our audience on short video apps”.')
const SAM_LENA = pair('p2', SAM, LENA, 0.4, 'Partial match: can teach “baking sourdough” for “plan a team offsite”.')

function proposal(pairs: object[], extra: Record<string, unknown> = {}) {
  return {
    __typename: 'CohortProposal',
    id: 'prop-1',
    createdAt: '2026-12-01T10:00:00Z',
    totalScore: 1.22,
    pairs,
    unmatched: [{ __typename: 'CohortUnmatched', menteeId: HANNAH.id, mentee: HANNAH, reason: 'Has no learning objectives to match on.' }],
    ...extra,
  }
}

function api(options: MockApi) {
  return mockApi({ me: ADA, ...options })
}

function renderProposal(client: MockClient, url = '/admin/cohorts/prop-1') {
  return renderWithProviders(null, {
    client,
    url,
    routes: [
      { path: '/admin/cohorts/:id', element: <CohortProposalScreen /> },
      { path: '*', element: <LocationProbe /> },
    ],
  })
}

describe('Cohort matching', () => {
  it('proposes for everyone waiting and opens the draft at its own address', async () => {
    const client = api({
      mutations: { ProposeCohortMatches: () => ({ proposeCohortMatches: { proposal: proposal([TOM_PRIYA]), errors: [] } }) },
    })
    renderWithProviders(null, {
      client,
      url: '/admin/cohorts',
      routes: [
        { path: '/admin/cohorts', element: <CohortStartScreen /> },
        { path: '*', element: <LocationProbe /> },
      ],
    })
    expect(screen.getByRole('heading', { level: 1, name: 'Cohort matching' })).toBeInTheDocument()
    await userEvent.click(screen.getByRole('button', { name: 'Propose pairs' }))
    expect(await screen.findByTestId('location')).toHaveTextContent('/admin/cohorts/prop-1')
    expect(mutationVariables(client, 'ProposeCohortMatches')).toEqual([{ input: null }])
  })

  it('narrows the cohort to people picked through the users search, and runs again with them', async () => {
    const client = api({
      queries: {
        CohortPeopleSearch: ({ filter }) => {
          const f = filter as Record<string, unknown>
          const found = f.canMentor ? [{ ...PRIYA, email: 'priya@example.com' }] : [{ ...TOM, email: 'tom@example.com' }]
          return { users: { __typename: 'UserConnection', edges: found.map((node) => ({ __typename: 'UserEdge', node })) } }
        },
        CohortProposal: () => ({ cohortProposal: proposal([TOM_PRIYA]) }),
      },
      mutations: { ProposeCohortMatches: () => ({ proposeCohortMatches: { proposal: proposal([TOM_PRIYA]), errors: [] } }) },
    })
    const { router } = renderWithProviders(null, {
      client,
      url: '/admin/cohorts',
      routes: [
        { path: '/admin/cohorts', element: <CohortStartScreen /> },
        { path: '/admin/cohorts/:id', element: <CohortProposalScreen /> },
      ],
    })
    const user = userEvent.setup()
    expect(screen.getByText('For every mentee without a mentor and every mentor with a free place.')).toBeInTheDocument()
    await user.type(screen.getByLabelText('Mentee name or email'), 'tom')
    await user.click(within(screen.getByRole('search', { name: 'Find mentees' })).getByRole('button', { name: 'Search' }))
    await user.click(await screen.findByRole('button', { name: 'Add Tom Becker' }))
    await user.type(screen.getByLabelText('Mentor name or email'), 'priya')
    await user.click(within(screen.getByRole('search', { name: 'Find mentors' })).getByRole('button', { name: 'Search' }))
    await user.click(await screen.findByRole('button', { name: 'Add Priya Raman' }))
    expect(within(screen.getByRole('list', { name: 'Mentees chosen' })).getByRole('listitem')).toHaveTextContent('Tom Becker')
    expect(screen.getByText('For 1 chosen mentee and 1 chosen mentor.')).toBeInTheDocument()
    // The search asked for mentees on one side and mentors on the other, never the suspended.
    const searches = queryVariables(client, 'CohortPeopleSearch').map((variables) => variables.filter)
    expect(searches).toEqual([
      { seeksMentoring: true, suspended: false, search: 'tom' },
      { canMentor: true, suspended: false, search: 'priya' },
    ])

    await user.click(screen.getByRole('button', { name: 'Propose pairs' }))
    await screen.findByRole('list', { name: 'Proposed pairs' })
    expect(router.state.location.pathname + router.state.location.search).toBe('/admin/cohorts/prop-1?mentee=u-tom&mentor=u-priya')
    expect(screen.getByText(/For 1 chosen mentee and 1 chosen mentor\./)).toBeInTheDocument()
    await user.click(screen.getByRole('button', { name: 'Run again' }))
    await waitFor(() => expect(mutationVariables(client, 'ProposeCohortMatches')).toHaveLength(2))
    const wanted = { input: { menteeIds: ['u-tom'], mentorIds: ['u-priya'] } }
    expect(mutationVariables(client, 'ProposeCohortMatches')).toEqual([wanted, wanted])
  })

  it('shows progress while the pairs are being found', async () => {
    renderWithProviders(<CohortStartScreen />, { client: api({}), url: '/admin/cohorts' })
    await userEvent.click(screen.getByRole('button', { name: 'Propose pairs' }))
    expect(await screen.findByRole('status')).toHaveTextContent('Finding the best pairs…')
    expect(screen.getByRole('button', { name: 'Propose pairs' })).toHaveAttribute('aria-busy', 'true')
  })

  it('says in words why a proposal was refused', async () => {
    const client = api({
      mutations: {
        ProposeCohortMatches: () => ({
          proposeCohortMatches: { proposal: null, errors: [{ __typename: 'UserError', code: 'INVALID_INPUT', message: 'At most 10000 ids.', field: 'menteeIds' }] },
        }),
      },
    })
    renderWithProviders(<CohortStartScreen />, { client, url: '/admin/cohorts' })
    await userEvent.click(screen.getByRole('button', { name: 'Propose pairs' }))
    expect(await screen.findByRole('alert')).toHaveTextContent('At most 10000 ids.')
    expect(screen.queryByText('INVALID_INPUT')).not.toBeInTheDocument()
  })

  it('shows each pair with its score and explanation, and the unmatched mentees with their reasons', async () => {
    const client = api({ queries: { CohortProposal: ({ id }) => ({ cohortProposal: { ...proposal([TOM_PRIYA, SAM_LENA]), id } }) } })
    renderProposal(client)

    const pairs = await screen.findByRole('list', { name: 'Proposed pairs' })
    const tom = within(pairs).getByRole('article', { name: 'Tom Becker with Priya Raman' })
    expect(tom).toHaveTextContent('82% match')
    expect(tom).toHaveTextContent('can teach “running TikTok ad campaigns” for “grow our audience on short video apps”')
    expect(within(tom).getByRole('link', { name: 'Tom Becker' })).toHaveAttribute('href', '/admin/users/u-tom')
    expect(within(tom).getByRole('checkbox', { name: 'Include Tom Becker with Priya Raman' })).toBeChecked()
    expect(screen.getByText('2 pairs, total score 1.22, 61% match on average.')).toBeInTheDocument()

    const unmatched = screen.getByRole('list', { name: 'Unmatched mentees' })
    expect(within(unmatched).getByRole('listitem')).toHaveTextContent('Hannah WeberHas no learning objectives to match on.')
    expect(screen.getByRole('heading', { level: 2, name: 'Left without a mentor: 1' })).toBeInTheDocument()
  })

  it('publishes only the pairs kept: a dropped pair changes the totals and what is sent, and ticking it undoes', async () => {
    let draft = proposal([TOM_PRIYA, SAM_LENA])
    const client = api({
      queries: { CohortProposal: () => ({ cohortProposal: draft }) },
      mutations: {
        PublishCohortMatches: ({ pairIds }) => {
          const sent = { ...TOM_PRIYA, publishedAt: '2026-12-01T11:00:00Z', requestId: 'r-9' }
          draft = proposal([sent, SAM_LENA])
          expect(pairIds).toEqual(['p1'])
          return { publishCohortMatches: { proposal: draft, published: [{ __typename: 'CohortPair', id: 'p1' }], skipped: [], errors: [] } }
        },
      },
    })
    const { router } = renderProposal(client)

    const drop = await screen.findByRole('checkbox', { name: 'Include Sam Okafor with Lena Fischer' })
    await userEvent.click(drop)
    expect(drop).not.toBeChecked()
    expect(screen.getByText('1 of 2 pairs kept, total score 0.82 (of 1.22 proposed), 82% match on average.')).toBeInTheDocument()
    expect(router.state.location.search).toBe('?drop=p2')
    // Undo, then drop again.
    await userEvent.click(drop)
    expect(screen.getByText('2 pairs, total score 1.22, 61% match on average.')).toBeInTheDocument()
    await userEvent.click(drop)

    await userEvent.click(screen.getByRole('button', { name: 'Publish 1 pair' }))
    const dialog = await screen.findByRole('dialog', { name: 'Publish 1 pair?' })
    expect(dialog).toHaveTextContent('Tom Becker with Priya Raman')
    expect(dialog).not.toHaveTextContent('Sam Okafor with Lena Fischer')
    await userEvent.click(within(dialog).getByRole('button', { name: 'Publish' }))

    expect(await screen.findByText('Published: 1 request sent.')).toBeInTheDocument()
    expect(mutationVariables(client, 'PublishCohortMatches')).toEqual([{ proposalId: 'prop-1', pairIds: ['p1'] }])
    const published = screen.getByRole('list', { name: 'Published pairs' })
    expect(within(published).getByRole('link', { name: 'Priya Raman' })).toHaveAttribute('href', '/admin/users/u-priya')
    expect(published).toHaveTextContent('Request sent')
    // The dropped pair stays in the draft, still dropped.
    expect(screen.getByRole('checkbox', { name: 'Include Sam Okafor with Lena Fischer' })).not.toBeChecked()
    expect(screen.queryByRole('checkbox', { name: 'Include Tom Becker with Priya Raman' })).not.toBeInTheDocument()
  })

  it('keeps the dropped pairs of the URL, and says when every pair is dropped', async () => {
    const client = api({ queries: { CohortProposal: () => ({ cohortProposal: proposal([TOM_PRIYA, SAM_LENA]) }) } })
    renderProposal(client, '/admin/cohorts/prop-1?drop=p1&drop=p2')
    const publish = await screen.findByRole('button', { name: 'Publish 0 pairs' })
    expect(publish).toHaveAttribute('aria-disabled', 'true')
    expect(publish).toHaveAccessibleDescription('Every pair is dropped: include at least one to publish.')
    await userEvent.click(publish)
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument()
  })

  it('shows the pairs publishing skipped with the reason in words', async () => {
    const skippedPair = { ...SAM_LENA, publishedAt: '2026-12-01T11:00:00Z', skippedReason: 'This mentor has no free place for another mentee right now.' }
    const sent = { ...TOM_PRIYA, publishedAt: '2026-12-01T11:00:00Z', requestId: 'r-9' }
    const client = api({
      queries: { CohortProposal: () => ({ cohortProposal: proposal([TOM_PRIYA, SAM_LENA]) }) },
      mutations: {
        PublishCohortMatches: () => ({
          publishCohortMatches: {
            proposal: proposal([sent, skippedPair]),
            published: [{ __typename: 'CohortPair', id: 'p1' }],
            skipped: [{ __typename: 'SkippedCohortPair', reason: skippedPair.skippedReason, pair: skippedPair }],
            errors: [],
          },
        }),
      },
    })
    renderProposal(client)
    await userEvent.click(await screen.findByRole('button', { name: 'Publish 2 pairs' }))
    await userEvent.click(within(await screen.findByRole('dialog')).getByRole('button', { name: 'Publish' }))
    expect(await screen.findByText('Published: 1 request sent, 1 pair skipped (see why below).')).toBeInTheDocument()
    const skipped = screen.getByRole('list', { name: 'Skipped pairs' })
    expect(skipped).toHaveTextContent('Sam Okafor with Lena Fischer')
    expect(skipped).toHaveTextContent('This mentor has no free place for another mentee right now.')
    expect(screen.getByText('Every pair of this proposal is published.', { exact: false })).toBeInTheDocument()
  })

  it('keeps a refused publish in the dialog, in words', async () => {
    const client = api({
      queries: { CohortProposal: () => ({ cohortProposal: proposal([TOM_PRIYA]) }) },
      mutations: {
        PublishCohortMatches: () => ({
          publishCohortMatches: {
            proposal: null,
            published: [],
            skipped: [],
            errors: [{ __typename: 'UserError', code: 'INVALID_INPUT', message: 'Not a pair of this proposal.', field: 'pairIds[0]' }],
          },
        }),
      },
    })
    renderProposal(client)
    await userEvent.click(await screen.findByRole('button', { name: 'Publish 1 pair' }))
    const dialog = await screen.findByRole('dialog')
    await userEvent.click(within(dialog).getByRole('button', { name: 'Publish' }))
    expect(await within(dialog).findByRole('alert')).toHaveTextContent('Not a pair of this proposal.')
  })

  it('says so when the proposal does not exist', async () => {
    const error = new CombinedError({ graphQLErrors: [new GraphQLError('Proposal not found.', { extensions: { code: 'NOT_FOUND' } })] })
    const client = api({ queries: { CohortProposal: () => stayOpen({ data: null, error }) } })
    renderProposal(client, '/admin/cohorts/nope')
    expect(await screen.findByRole('heading', { level: 2, name: 'No such proposal' })).toBeInTheDocument()
    expect(screen.getByRole('link', { name: 'Propose pairs' })).toHaveAttribute('href', '/admin/cohorts')
  })
})

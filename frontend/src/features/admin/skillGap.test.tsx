import { screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import { mockApi, queryVariables, type Handlers } from '@/testing/operations'
import { renderWithProviders } from '@/testing/render'
import { chartSummary } from './SkillGapChart'
import { SkillGapScreen } from './SkillGapScreen'
import { SkillGapTopicScreen } from './SkillGapTopicScreen'

const ADA = { __typename: 'User', id: 'u-ada', displayName: 'Ada Admin', email: 'ada@example.com', isAdmin: true, profile: null }

function api(queries: Handlers, mutations: Handlers = {}) {
  return mockApi({ me: ADA, queries, mutations })
}

const ZOE = { __typename: 'User', id: 'u-zoe', displayName: 'Zoe Martins' }

function topic(label: string, figures: Partial<Record<'demand' | 'menteesWanting' | 'supply' | 'freePlaces' | 'gap', number>>, more: object = {}) {
  const gap = figures.gap ?? 0
  return {
    __typename: 'SkillGapTopic',
    label,
    phrases: [label],
    demand: 0,
    menteesWanting: 0,
    supply: 0,
    freePlaces: 0,
    ...figures,
    gap,
    unmet: gap > 0,
    exampleObjectives: [],
    exampleMentors: [],
    ...more,
  }
}

const BOARD = topic(
  'present results to the board',
  { demand: 2, menteesWanting: 3, gap: 2 },
  { phrases: ['present results to the board', 'speak at the quarterly review'], exampleObjectives: ['present results to the board', 'speak at the quarterly review'] },
)
const VIDEO = topic(
  'how Gen Z discovers brands on TikTok',
  { demand: 3, menteesWanting: 3, supply: 1, freePlaces: 1, gap: 2 },
  { exampleObjectives: ['learn how younger customers discover brands'], exampleMentors: [ZOE] },
)
const SQL = topic('building dashboards in SQL', { demand: 1, menteesWanting: 2, supply: 2, freePlaces: 3 })

const HOURS_AGO = new Date(Date.now() - 3 * 3600 * 1000).toISOString()

function gapMap(overrides: object = {}) {
  return {
    skillGapMap: {
      __typename: 'SkillGapMap',
      refreshedAt: HOURS_AGO,
      ageSeconds: 3 * 3600,
      mentees: 9,
      mentors: 8,
      topics: [BOARD, VIDEO, SQL],
      topUnmet: [BOARD, VIDEO],
      refreshing: null,
      ...overrides,
    },
  }
}

function refresh(status: 'RUNNING' | 'DONE' | 'FAILED', progress: number, stage: string, error: string | null = null) {
  return {
    __typename: 'SkillGapRefresh',
    id: 'job1',
    status,
    stage,
    progress,
    startedAt: '2026-12-01T10:00:00Z',
    finishedAt: status === 'RUNNING' ? null : '2026-12-01T10:00:05Z',
    error,
  }
}

const ROUTE = { url: '/admin/skill-gaps', path: '/admin/skill-gaps' }

describe('Skill gaps', () => {
  it('shows the map’s age, the unmet topics first, then every topic as a chart with its summary and table', async () => {
    const client = api({ SkillGapMap: () => gapMap() })
    renderWithProviders(<SkillGapScreen />, { client, ...ROUTE })

    expect(await screen.findByText(/Refreshed/)).toHaveTextContent('Refreshed 3 hours ago, covering 9 mentees and 8 mentors.')
    expect(screen.getByRole('heading', { level: 1, name: 'Skill gaps' })).toBeInTheDocument()
    const headings = screen.getAllByRole('heading', { level: 2 }).map((h) => h.textContent)
    expect(headings).toEqual(['The map', 'Recruit mentors for these', 'All topics: demand against supply'])
    const unmet = within(screen.getByRole('list', { name: 'Unmet topics' })).getAllByRole('listitem')
    expect(unmet.map((item) => within(item).getByRole('heading').textContent)).toEqual([
      'present results to the board',
      'how Gen Z discovers brands on TikTok',
    ])
    expect(unmet[0]).toHaveTextContent('2 mentees waiting, no mentor with a free place: 2 short.')
    expect(unmet[1]).toHaveTextContent('3 mentees waiting, 1 mentor with 1 free place: 2 short.')
    expect(within(unmet[0]!).getByRole('link', { name: 'present results to the board' })).toHaveAttribute('href', '/admin/skill-gaps/0')

    const chart = screen.getByRole('img', { name: 'Chart: mentees waiting against free places per topic' })
    expect(chart).toHaveAccessibleDescription(
      '3 topics: 6 mentees waiting against 4 free places in all. 2 topics have more mentees waiting than free places; the biggest gap is “present results to the board”: 2 waiting, 0 free places. Most wanted: “how Gen Z discovers brands on TikTok”, 3 waiting.',
    )
    const table = screen.getByRole('table', { name: 'Every topic, biggest gap first' })
    const rows = within(table).getAllByRole('row').slice(1)
    expect(rows.map((row) => Array.from(row.children).map((cell) => cell.textContent))).toEqual([
      ['present results to the board', '2', '3', '0', '0', '2'],
      ['how Gen Z discovers brands on TikTok', '3', '3', '1', '1', '2'],
      ['building dashboards in SQL', '1', '2', '2', '3', '0'],
    ])
    expect(within(table).getByRole('link', { name: 'building dashboards in SQL' })).toHaveAttribute('href', '/admin/skill-gaps/2')
  })

  it('says when every topic is covered', async () => {
    const client = api({ SkillGapMap: () => gapMap({ topics: [SQL], topUnmet: [] }) })
    renderWithProviders(<SkillGapScreen />, { client, ...ROUTE })
    expect(await screen.findByText('Every topic has enough free places for the mentees waiting.')).toBeInTheDocument()
    expect(screen.queryByRole('list', { name: 'Unmet topics' })).not.toBeInTheDocument()
  })

  it('shows an empty map with the button when no refresh has run', async () => {
    const client = api({ SkillGapMap: () => gapMap({ refreshedAt: null, ageSeconds: null, mentees: 0, mentors: 0, topics: [], topUnmet: [] }) })
    renderWithProviders(<SkillGapScreen />, { client, ...ROUTE })
    expect(await screen.findByText('The map has never been made.')).toBeInTheDocument()
    expect(screen.getByRole('heading', { level: 2, name: 'No map yet' })).toBeInTheDocument()
    expect(screen.getByRole('button', { name: 'Refresh map' })).toBeEnabled()
    expect(screen.queryByRole('table')).not.toBeInTheDocument()
  })

  it('refreshes with progress, polling until done, then reads the map again', async () => {
    const user = userEvent.setup()
    const states = [refresh('RUNNING', 0.2, 'Grouping 40 phrases into topics'), refresh('RUNNING', 0.9, 'Keeping 12 topics'), refresh('DONE', 1, 'Done')]
    let polled = 0
    let started = 0
    const client = api(
      {
        SkillGapMap: () => gapMap(),
        SkillGapRefresh: (variables) => {
          expect(variables).toEqual({ id: 'job1' })
          return { skillGapRefresh: states[Math.min(polled++, states.length - 1)] }
        },
      },
      { RefreshSkillGapMap: () => (started++, { refreshSkillGapMap: { refresh: refresh('RUNNING', 0, 'Starting'), errors: [] } }) },
    )
    renderWithProviders(<SkillGapScreen pollMs={20} />, { client, ...ROUTE })

    await user.click(await screen.findByRole('button', { name: 'Refresh map' }))
    const bar = await screen.findByRole('progressbar', { name: 'Refreshing the map' })
    expect(bar).toHaveAttribute('aria-valuenow', '20')
    expect(screen.getByRole('status')).toHaveTextContent('Grouping 40 phrases into topics (20%)')
    expect(screen.getByRole('button', { name: 'Refreshing…' })).toBeDisabled()
    await waitFor(() => expect(screen.getByRole('status')).toHaveTextContent('Map refreshed.'))
    expect(screen.getByRole('progressbar')).toHaveAttribute('aria-valuenow', '100')
    expect(polled).toBe(3)
    // The map is read again once the refresh is done, and polling stops.
    await waitFor(() => expect(queryVariables(client, 'SkillGapMap')).toHaveLength(2))
    await new Promise((resolve) => setTimeout(resolve, 80))
    expect(polled).toBe(3)
    expect(started).toBe(1)
    expect(screen.getByRole('button', { name: 'Refresh map' })).toBeEnabled()
  })

  it('shows a failed refresh’s error in words', async () => {
    const user = userEvent.setup()
    const client = api(
      { SkillGapMap: () => gapMap(), SkillGapRefresh: () => ({ skillGapRefresh: refresh('FAILED', 0.2, 'Grouping 40 phrases into topics', 'Out of memory') }) },
      { RefreshSkillGapMap: () => ({ refreshSkillGapMap: { refresh: refresh('RUNNING', 0, 'Starting'), errors: [] } }) },
    )
    renderWithProviders(<SkillGapScreen pollMs={20} />, { client, ...ROUTE })
    await user.click(await screen.findByRole('button', { name: 'Refresh map' }))
    expect(await screen.findByRole('alert')).toHaveTextContent('The refresh failed: Out of memory. Try again.')
    expect(screen.queryByRole('progressbar')).not.toBeInTheDocument()
    expect(screen.getByRole('button', { name: 'Refresh map' })).toBeEnabled()
  })

  it('follows a refresh already running instead of starting another', async () => {
    const user = userEvent.setup()
    let reads = 0
    let started = 0
    const client = api(
      {
        // The first read knows of no refresh; after CONFLICT, the map shows the one under way.
        SkillGapMap: () => gapMap({ refreshing: reads++ === 0 ? null : refresh('RUNNING', 0.5, 'Clustering 40 phrases') }),
        SkillGapRefresh: () => ({ skillGapRefresh: refresh('RUNNING', 0.5, 'Clustering 40 phrases') }),
      },
      {
        RefreshSkillGapMap: () => (
          started++,
          { refreshSkillGapMap: { refresh: null, errors: [{ __typename: 'UserError', code: 'CONFLICT', message: 'A refresh of the skill-gap map is already running.', field: null }] } }
        ),
      },
    )
    renderWithProviders(<SkillGapScreen pollMs={1000} />, { client, ...ROUTE })
    await user.click(await screen.findByRole('button', { name: 'Refresh map' }))
    expect(await screen.findByText('A refresh is already running; its progress is shown here.')).toBeInTheDocument()
    expect(await screen.findByRole('progressbar', { name: 'Refreshing the map' })).toHaveAttribute('aria-valuenow', '50')
    expect(screen.getByRole('button', { name: 'Refreshing…' })).toBeDisabled()
    expect(started).toBe(1)
  })

  it('follows a refresh running when the page opens', async () => {
    const client = api({
      SkillGapMap: () => gapMap({ refreshing: refresh('RUNNING', 0.3, 'Clustering 40 phrases') }),
      SkillGapRefresh: () => ({ skillGapRefresh: refresh('RUNNING', 0.3, 'Clustering 40 phrases') }),
    })
    renderWithProviders(<SkillGapScreen />, { client, ...ROUTE })
    expect(await screen.findByRole('progressbar', { name: 'Refreshing the map' })).toHaveAttribute('aria-valuenow', '30')
    expect(client.executeMutation).not.toHaveBeenCalled()
  })

  it('drills down to a topic’s phrases, objectives and mentors', async () => {
    const client = api({ SkillGapMap: () => gapMap() })
    renderWithProviders(<SkillGapTopicScreen />, { client, url: '/admin/skill-gaps/1', path: '/admin/skill-gaps/:index' })
    expect(await screen.findByRole('heading', { level: 1, name: 'Topic: how Gen Z discovers brands on TikTok' })).toBeInTheDocument()
    expect(screen.getByRole('heading', { level: 2, name: 'Unmet: recruit mentors for this' })).toBeInTheDocument()
    expect(screen.getByText('3 mentees waiting, 1 mentor with 1 free place: 2 short.')).toBeInTheDocument()
    const objectives = screen.getByRole('region', { name: 'Example objectives' })
    expect(within(objectives).getByRole('listitem')).toHaveTextContent('learn how younger customers discover brands')
    const mentors = screen.getByRole('region', { name: 'Example mentors' })
    expect(within(mentors).getByRole('link', { name: 'Zoe Martins' })).toHaveAttribute('href', '/admin/users/u-zoe')
    expect(screen.getByRole('link', { name: 'Back to Skill gaps' })).toHaveAttribute('href', '/admin/skill-gaps')
  })

  it('says when a topic is not in the map', async () => {
    const client = api({ SkillGapMap: () => gapMap() })
    renderWithProviders(<SkillGapTopicScreen />, { client, url: '/admin/skill-gaps/7', path: '/admin/skill-gaps/:index' })
    expect(await screen.findByRole('heading', { level: 2, name: 'No such topic' })).toBeInTheDocument()
  })

  it('summarises a map without gaps', () => {
    expect(chartSummary([SQL] as never)).toBe(
      '1 topic: 1 mentee waiting against 3 free places in all. Every topic has enough free places for the mentees waiting. Most wanted: “building dashboards in SQL”, 1 waiting.',
    )
  })
})

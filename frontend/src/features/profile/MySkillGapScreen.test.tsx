import { screen, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { concat, fromValue, never } from 'wonka'
import { mockClient, renderWithProviders } from '@/testing/render'
import { MySkillGapScreen } from './MySkillGapScreen'

type Request = { query: { definitions: { kind: string; name?: { value: string } }[] }; variables: Record<string, unknown> }

const MAYA = { __typename: 'User', id: 'u-maya', displayName: 'Maya Chen' }
const LEO = { __typename: 'User', id: 'u-leo', displayName: 'Leo Okafor' }

function api(gap: unknown) {
  return mockClient({
    executeQuery: ((request: Request) => {
      const name = request.query.definitions.find((d) => d.kind === 'OperationDefinition')?.name?.value
      return name === 'MySkillGap' ? concat([fromValue({ data: { personalSkillGap: gap } }), never]) : never
    }) as never,
  })
}

function skill(name: string, level: number, levels: [typeof MAYA, number | null][]) {
  return {
    __typename: 'PersonalSkill',
    name,
    level,
    mentors: levels.map(([mentor, mentorLevel]) => ({ __typename: 'MentorSkillLevel', mentor: { __typename: 'User', id: mentor.id }, level: mentorLevel })),
  }
}

function rows() {
  const table = screen.getByRole('table', { name: 'Levels from 1 (beginner) to 5 (expert)' })
  return within(table)
    .getAllByRole('row')
    .map((row) => Array.from(row.children).map((cell) => cell.textContent))
}

describe('My skill gap', () => {
  it('sets my skills against my mentor’s levels, saying they are my mentor’s', async () => {
    const client = api({
      __typename: 'PersonalSkillGap',
      matched: true,
      mentors: [MAYA],
      skills: [skill('Paid social', 1, [[MAYA, 5]]), skill('SQL', 1, [[MAYA, null]])],
    })
    renderWithProviders(<MySkillGapScreen />, { client, url: '/skill-gap' })
    expect(await screen.findByText('Compared with your mentor, Maya Chen.')).toBeInTheDocument()
    expect(screen.getByRole('heading', { level: 1, name: 'My skill gap' })).toBeInTheDocument()
    expect(rows()).toEqual([
      ['Skill', 'You', 'Maya Chen', 'Room to grow'],
      ['Paid social', '1', '5', 'Maya Chen: 4 levels above you'],
      ['SQL', '1', 'not listed', 'Not one of their skills'],
    ])
    expect(screen.getByRole('link', { name: 'Maya Chen' })).toHaveAttribute('href', '/mentors/u-maya')
  })

  it('uses my best matches while I have no mentor, and says so', async () => {
    const client = api({
      __typename: 'PersonalSkillGap',
      matched: false,
      mentors: [MAYA, LEO],
      skills: [skill('SQL', 2, [[MAYA, null], [LEO, 5]]), skill('Paid social', 4, [[MAYA, 4], [LEO, null]]), skill('Figma', 3, [[MAYA, 1], [LEO, null]])],
    })
    renderWithProviders(<MySkillGapScreen />, { client, url: '/skill-gap' })
    expect(await screen.findByText('You have no mentor yet: compared with your best matches, Maya Chen and Leo Okafor.')).toBeInTheDocument()
    expect(rows()).toEqual([
      ['Skill', 'You', 'Maya Chen', 'Leo Okafor', 'Room to grow'],
      ['SQL', '2', 'not listed', '5', 'Leo Okafor: 3 levels above you'],
      ['Paid social', '4', '4', 'not listed', 'Maya Chen is at your level'],
      ['Figma', '3', '1', 'not listed', 'You are ahead of them'],
    ])
  })

  it('asks for skills when my profile lists none', async () => {
    const client = api({ __typename: 'PersonalSkillGap', matched: false, mentors: [MAYA], skills: [] })
    renderWithProviders(<MySkillGapScreen />, { client, url: '/skill-gap' })
    expect(await screen.findByRole('heading', { level: 2, name: 'No skills on your profile' })).toBeInTheDocument()
    expect(screen.getByRole('link', { name: 'Add skills on My profile' })).toHaveAttribute('href', '/profile')
    expect(screen.queryByRole('table')).not.toBeInTheDocument()
  })

  it('says when there is no one to compare with', async () => {
    const client = api({ __typename: 'PersonalSkillGap', matched: false, mentors: [], skills: [skill('SQL', 2, [])] })
    renderWithProviders(<MySkillGapScreen />, { client, url: '/skill-gap' })
    expect(await screen.findByText(/no mentor matches you yet/)).toBeInTheDocument()
    expect(rows()).toEqual([
      ['Skill', 'You'],
      ['SQL', '2'],
    ])
  })
})

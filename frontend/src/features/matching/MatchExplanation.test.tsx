import { render, screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import { makeFragmentData } from '@/gql'
import type { MatchExplanation_ExplanationFragment } from '@/gql/graphql'
import { MatchExplanation, MatchExplanationFragment } from './MatchExplanation'

const data: MatchExplanation_ExplanationFragment = {
  summary: 'Good match: can teach “Container orchestration” for “Run services on Kubernetes”; covers 2 of your 3 objectives.',
  strength: 'GOOD',
  // Only the evidence: pairs at least PARTIAL, strongest first.
  matchedObjectives: [
    { objective: 'Run services on Kubernetes', expertise: 'Container orchestration', similarity: 0.8234, strength: 'STRONG' },
    { objective: 'Speak up in meetings', expertise: 'Public speaking', similarity: 0.412, strength: 'PARTIAL' },
  ],
  uncoveredObjectives: ['Bake sourdough'],
  sharedSkills: [
    { name: 'Python', mentorLevel: 5, menteeLevel: 2 },
    { name: 'SQL', mentorLevel: 4, menteeLevel: 3 },
  ],
  personality: 'Similar openness and conscientiousness.',
  careerDirection: 'senior mentor, early career mentee: fits the programme’s traditional direction',
  components: [
    { kind: 'SEMANTIC', value: 0.8234, weight: 0.6, contribution: 0.55 },
    { kind: 'SKILLS', value: 0.75, weight: 0.1, contribution: 0.08 },
    { kind: 'PERSONALITY', value: null, weight: 0.05, contribution: 0 },
    { kind: 'CAREER_DIRECTION', value: 1, weight: 0.1, contribution: 0.11 },
  ],
}
const explanation = makeFragmentData(data, MatchExplanationFragment)

function rows(listName: string) {
  return within(screen.getByRole('list', { name: listName }))
    .getAllByRole('listitem')
    .map((item) => item.textContent)
}

/** The same explanation with some fields changed. */
function explained(changes: Partial<MatchExplanation_ExplanationFragment>) {
  return makeFragmentData({ ...data, ...changes }, MatchExplanationFragment)
}

describe('MatchExplanation', () => {
  it('shows the evidence: each objective covered next to the expertise that meets it, how strongly and how similar', () => {
    render(<MatchExplanation explanation={explanation} candidate="mentor" searched={false} />)

    // The card's badge says "Good match"; the summary goes on from there.
    expect(
      screen.getByText('Can teach “Container orchestration” for “Run services on Kubernetes”; covers 2 of your 3 objectives.'),
    ).toBeInTheDocument()
    expect(rows('Your objectives and their expertise')).toEqual([
      'Your objective: Run services on Kubernetes met by their expertise Container orchestration Strong fit 82% similar',
      'Your objective: Speak up in meetings met by their expertise Public speaking Partial fit 41% similar',
    ])
  })

  it('lists the objectives they do not cover, in the words of each side', () => {
    const { unmount } = render(<MatchExplanation explanation={explanation} candidate="mentor" searched={false} />)
    expect(rows('Your objectives they don’t cover')).toEqual(['Bake sourdough'])
    // Not among the evidence.
    expect(rows('Your objectives and their expertise').join(' ')).not.toContain('Bake sourdough')
    unmount()

    const searchedFor = explained({ matchedObjectives: [], uncoveredObjectives: ['restore antique church organs'] })
    const searched = render(<MatchExplanation explanation={searchedFor} candidate="mentor" searched />)
    expect(rows('Doesn’t cover your search')).toEqual(['restore antique church organs'])
    searched.unmount()

    const mentee = render(<MatchExplanation explanation={explanation} candidate="mentee" searched={false} />)
    expect(rows('Their objectives you don’t cover')).toEqual(['Bake sourdough'])
    mentee.unmount()

    render(<MatchExplanation explanation={explanation} candidate="mentee" searched />)
    expect(rows('Their objectives not near your search')).toEqual(['Bake sourdough'])
  })

  it('shows no evidence section for a match without evidence, only what it does not cover', () => {
    render(
      <MatchExplanation
        explanation={explained({
          summary: 'Weak match: nothing they teach is close to your objectives; nearest is “Public speaking”.',
          strength: 'WEAK',
          matchedObjectives: [],
          uncoveredObjectives: ['Run services on Kubernetes', 'Bake sourdough'],
        })}
        candidate="mentor"
        searched={false}
      />,
    )

    expect(screen.getByText('Nothing they teach is close to your objectives; nearest is “Public speaking”.')).toBeInTheDocument()
    expect(screen.queryByRole('heading', { name: 'Your objectives and their expertise' })).not.toBeInTheDocument()
    expect(screen.queryByRole('list', { name: 'Your objectives and their expertise' })).not.toBeInTheDocument()
    expect(screen.queryByText(/similar$/)).not.toBeInTheDocument()
    expect(rows('Your objectives they don’t cover')).toEqual(['Run services on Kubernetes', 'Bake sourdough'])
  })

  it('shows no "not covered" section when every objective is covered', () => {
    render(<MatchExplanation explanation={explained({ uncoveredObjectives: [] })} candidate="mentor" searched={false} />)
    expect(screen.queryByRole('heading', { name: /don’t cover/ })).not.toBeInTheDocument()
    expect(rows('Your objectives and their expertise')).toHaveLength(2)
  })

  it('shows shared skills with both levels, theirs first, from either side', () => {
    const { unmount } = render(<MatchExplanation explanation={explanation} candidate="mentor" searched={false} />)
    expect(rows('Shared skills')).toEqual(['Python their level 5, yours 2 (of 5)', 'SQL their level 4, yours 3 (of 5)'])
    unmount()

    // A mentor looking at a mentee: the mentee's level is theirs, mine is the mentor's.
    render(<MatchExplanation explanation={explanation} candidate="mentee" searched={false} />)
    expect(rows('Shared skills')).toEqual(['Python their level 2, yours 5 (of 5)', 'SQL their level 3, yours 4 (of 5)'])
    expect(rows('Their objectives and your expertise')[0]).toBe(
      'Their objective: Run services on Kubernetes met by your expertise Container orchestration Strong fit 82% similar',
    )
  })

  it('draws each score component as a named meter with its weight', () => {
    render(<MatchExplanation explanation={explanation} candidate="mentor" searched={false} />)

    const bars = within(screen.getByRole('group', { name: 'How the score is made' }))
    const meters = bars.getAllByRole('meter')
    expect(meters.map((meter) => meter.getAttribute('aria-label'))).toEqual([
      'Semantic 82%',
      'Skills 75%',
      'Personality not applicable',
      'Career direction 100%',
    ])
    expect(bars.getByRole('meter', { name: 'Semantic 82%' })).toHaveAttribute('aria-valuenow', '82')
    expect(bars.getByText('weight 60%')).toBeInTheDocument()
    expect(bars.getAllByText('weight 10%')).toHaveLength(2)
    expect(bars.getByText('weight 5%, left out: nothing to compare')).toBeInTheDocument()
  })

  it('names the rating and responsiveness components in words, and says what each part means', async () => {
    const user = userEvent.setup()
    render(
      <MatchExplanation
        explanation={explained({
          components: [
            { kind: 'SEMANTIC', value: 0.8, weight: 0.55, contribution: 0.5 },
            { kind: 'FEEDBACK', value: 0.625, weight: 0.1, contribution: 0.07 },
            { kind: 'RESPONSIVENESS', value: 0.9, weight: 0.05, contribution: 0.05 },
          ],
        })}
        candidate="mentor"
        searched={false}
      />,
    )

    const bars = within(screen.getByRole('group', { name: 'How the score is made' }))
    expect(bars.getAllByRole('meter').map((meter) => meter.getAttribute('aria-label'))).toEqual([
      'Semantic 80%',
      'Rating 63%',
      'Responsiveness 90%',
    ])
    await user.click(screen.getByText('What the parts mean'))
    expect(screen.getByText(/public rating from mentees’ check-ins/)).toBeVisible()
    expect(screen.getByText(/answered before they expired. Left out for a mentor with no requests yet/)).toBeVisible()
  })

  it('leaves out a mentor’s responsiveness without history, saying why, like any other part', () => {
    render(
      <MatchExplanation
        explanation={explained({
          components: [
            { kind: 'SEMANTIC', value: 0.8, weight: 0.55, contribution: 0.8 },
            { kind: 'RESPONSIVENESS', value: null, weight: 0.05, contribution: 0 },
          ],
        })}
        candidate="mentor"
        searched={false}
      />,
    )
    const bars = within(screen.getByRole('group', { name: 'How the score is made' }))
    expect(bars.getByRole('meter', { name: 'Responsiveness not applicable' })).toBeInTheDocument()
    expect(bars.getByText('weight 5%, left out: nothing to compare')).toBeInTheDocument()
  })

  it('shows the personality and career-direction notes, and says when a search was matched', () => {
    render(<MatchExplanation explanation={explanation} candidate="mentor" searched />)

    expect(screen.getByText(data.personality!)).toBeInTheDocument()
    expect(screen.getByText(data.careerDirection!)).toBeInTheDocument()
    expect(rows('Your search and their expertise')[0]).toMatch(/^You searched for: Run services on Kubernetes met by/)
  })

  it('leaves out sections with nothing in them', () => {
    render(
      <MatchExplanation
        explanation={makeFragmentData(
          { ...data, sharedSkills: [], personality: null, careerDirection: null },
          MatchExplanationFragment,
        )}
        candidate="mentor"
        searched={false}
      />,
    )
    expect(screen.queryByRole('list', { name: 'Shared skills' })).not.toBeInTheDocument()
    expect(screen.queryByText(/Personality:/)).not.toBeInTheDocument()
  })
})

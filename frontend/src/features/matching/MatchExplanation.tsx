import { useId } from 'react'
import { ScoreBar } from '@/components/ui'
import { graphql, useFragment, type FragmentType } from '@/gql'
import type { ScoreComponentKind } from '@/gql/graphql'
import { formatPercent } from '@/lib/format'
import { STRENGTH_WORDS, summaryAfterStrength } from './Strength'

export const MatchExplanationFragment = graphql(`
  fragment MatchExplanation_explanation on MatchExplanation {
    summary
    strength
    matchedObjectives {
      objective
      expertise
      similarity
      strength
    }
    uncoveredObjectives
    sharedSkills {
      name
      mentorLevel
      menteeLevel
    }
    personality
    careerDirection
    components {
      kind
      value
      weight
      contribution
    }
  }
`)

/**
 * Each score component's name wherever components are named. FEEDBACK is the mentor's public rating
 * (from mentees' check-ins), so it reads "Rating", like the record on cards and the "Minimum rating" filter.
 */
export const COMPONENT_LABELS: Record<ScoreComponentKind, string> = {
  SEMANTIC: 'Semantic',
  SKILLS: 'Skills',
  PERSONALITY: 'Personality',
  FEEDBACK: 'Rating',
  AVAILABILITY: 'Availability',
  CAREER_DIRECTION: 'Career direction',
  RESPONSIVENESS: 'Responsiveness',
}

/** What each component measures, in a sentence (under "What the parts mean"). */
export const COMPONENT_DESCRIPTIONS: Record<ScoreComponentKind, string> = {
  SEMANTIC: 'How near in meaning the expertise is to the objectives (or to the search).',
  SKILLS: 'How far the mentor’s level lifts the mentee’s in the skills both list.',
  PERSONALITY: 'How well the personality profiles fit, where both gave one.',
  FEEDBACK:
    'The mentor’s public rating from mentees’ check-ins. Below 3 ratings from 3 mentees it counts at the programme’s average, neither better nor worse.',
  AVAILABILITY: 'The share of the mentor’s places still free.',
  CAREER_DIRECTION: 'Whether the career stages run the way the programme asks.',
  RESPONSIVENESS:
    'How many of their recent requests the mentor answered before they expired. Left out for a mentor with no requests yet.',
}

/** A component's name: its label, or the API's kind for one this app does not know yet. */
export function componentLabel(kind: string): string {
  return Object.hasOwn(COMPONENT_LABELS, kind) ? COMPONENT_LABELS[kind as ScoreComponentKind] : kind
}

/** Cosine similarity as a percentage; unrelated texts can dip below zero, which reads as 0%. */
export function similarityPercent(similarity: number): string {
  return formatPercent(Math.min(1, Math.max(0, similarity)))
}

export interface MatchExplanationProps {
  explanation: FragmentType<typeof MatchExplanationFragment>
  /** Who the result is: a mentor (I am the mentee) or a mentee (I am the mentor). */
  candidate: 'mentor' | 'mentee'
  /** Ranked by a search text rather than my own objectives or expertise. */
  searched: boolean
  /** The heading level of the explanation's sections, under the result's own heading. */
  headingLevel?: 3 | 4
}

/** The words of each side: the evidence pairs' heading and captions, and the "not covered" heading. */
export function pairCaptions(candidate: 'mentor' | 'mentee', searched: boolean) {
  if (candidate === 'mentor') {
    return searched
      ? {
          title: 'Your search and their expertise',
          objective: 'You searched for',
          expertise: 'their expertise',
          uncovered: 'Doesn’t cover your search',
        }
      : {
          title: 'Your objectives and their expertise',
          objective: 'Your objective',
          expertise: 'their expertise',
          uncovered: 'Your objectives they don’t cover',
        }
  }
  return searched
    ? {
        title: 'Their objectives and your search',
        objective: 'Their objective',
        expertise: 'your search',
        // Here the API names their objective nearest to the search, which is not near enough.
        uncovered: 'Their objectives not near your search',
      }
    : {
        title: 'Their objectives and your expertise',
        objective: 'Their objective',
        expertise: 'your expertise',
        uncovered: 'Their objectives you don’t cover',
      }
}

/**
 * Why a mentor (or mentee) fits, or how little: the evidence (each objective next to the expertise item
 * that meets it, how strongly and how similar they are), the objectives nothing of theirs comes near,
 * the skills both have with both levels, the personality and career-direction notes, and the score's
 * components as bars with their programme weights. Shared by both match lists; the card around it shows
 * the match's strength.
 */
export function MatchExplanation({ explanation, candidate, searched, headingLevel = 3 }: MatchExplanationProps) {
  const data = useFragment(MatchExplanationFragment, explanation)
  const id = useId()
  const Heading = `h${headingLevel}` as const
  const captions = pairCaptions(candidate, searched)
  const theirs = candidate === 'mentor' ? 'mentorLevel' : 'menteeLevel'
  const mine = candidate === 'mentor' ? 'menteeLevel' : 'mentorLevel'
  const summary = summaryAfterStrength(data.summary, data.strength)

  return (
    <div className="explanation">
      {summary && <p className="explanation__summary">{summary}</p>}

      {data.matchedObjectives.length > 0 && (
        <section className="explanation__section">
          <Heading className="explanation__title" id={`${id}-pairs`}>
            {captions.title}
          </Heading>
          <ul className="pairs" aria-labelledby={`${id}-pairs`}>
            {data.matchedObjectives.map((pair) => (
              <li key={`${pair.objective}\u0000${pair.expertise}`} className="pair">
                <span className="pair__objective">
                  <span className="visually-hidden">{captions.objective}: </span>
                  {pair.objective}
                </span>{' '}
                <span className="pair__expertise">
                  <span className="pair__met">met by {captions.expertise}</span> {pair.expertise}
                </span>{' '}
                <span className="pair__fit">
                  <span className={`pair__strength pair__strength--${pair.strength.toLowerCase()}`}>
                    {STRENGTH_WORDS[pair.strength]} fit
                  </span>{' '}
                  <span className="pair__similarity">{similarityPercent(pair.similarity)} similar</span>
                </span>
              </li>
            ))}
          </ul>
        </section>
      )}

      {data.uncoveredObjectives.length > 0 && (
        <section className="explanation__section">
          <Heading className="explanation__title" id={`${id}-uncovered`}>
            {captions.uncovered}
          </Heading>
          <ul className="uncovered" aria-labelledby={`${id}-uncovered`}>
            {data.uncoveredObjectives.map((objective) => (
              <li key={objective} className="uncovered__item">
                {objective}
              </li>
            ))}
          </ul>
        </section>
      )}

      {data.sharedSkills.length > 0 && (
        <section className="explanation__section">
          <Heading className="explanation__title" id={`${id}-skills`}>
            Shared skills
          </Heading>
          <ul className="skills" aria-labelledby={`${id}-skills`}>
            {data.sharedSkills.map((skill) => (
              <li key={skill.name} className="skills__item">
                <span className="skills__name">{skill.name}</span>{' '}
                <span className="skills__levels">
                  their level {skill[theirs]}, yours {skill[mine]} (of 5)
                </span>
              </li>
            ))}
          </ul>
        </section>
      )}

      {(data.personality || data.careerDirection) && (
        <ul className="explanation__notes">
          {data.personality && (
            <li>
              <span className="explanation__note-label">Personality:</span> {data.personality}
            </li>
          )}
          {data.careerDirection && (
            <li>
              <span className="explanation__note-label">Career direction:</span> {data.careerDirection}
            </li>
          )}
        </ul>
      )}

      <section className="explanation__section">
        <Heading className="explanation__title" id={`${id}-score`}>
          How the score is made
        </Heading>
        <div className="explanation__bars" role="group" aria-labelledby={`${id}-score`}>
          {data.components.map((component) => {
            const label = componentLabel(component.kind)
            const weight = `weight ${formatPercent(component.weight)}`
            return (
              <ScoreBar
                key={component.kind}
                label={label}
                value={component.value}
                detail={component.value === null ? `${weight}, left out: nothing to compare` : weight}
              />
            )
          })}
        </div>
        <details className="explanation__parts">
          <summary>What the parts mean</summary>
          <dl>
            {data.components.map((component) => (
              <div key={component.kind}>
                <dt>{componentLabel(component.kind)}</dt>
                <dd>{COMPONENT_DESCRIPTIONS[component.kind] ?? ''}</dd>
              </div>
            ))}
          </dl>
        </details>
      </section>
    </div>
  )
}

import type { ReactNode } from 'react'
import { Link } from 'react-router'
import { graphql, useFragment, type FragmentType } from '@/gql'
import { careerStageLabel, formatPercent, formatUtcOffset } from '@/lib/format'
import { MatchExplanation } from './MatchExplanation'
import { MentorRecord, type MentorRecordFragment } from './MentorRecord'
import { StrengthBadge } from './Strength'

export const MatchCardUserFragment = graphql(`
  fragment MatchCard_user on User {
    id
    displayName
    profile {
      headline
      careerStage
      yearsOfExperience
      department
      location
      timezone
      utcOffsetMinutes
      languages
    }
  }
`)

export const MatchCardExplanationFragment = graphql(`
  fragment MatchCard_explanation on MatchExplanation {
    strength
    ...MatchExplanation_explanation
  }
`)

export interface MatchCardProps {
  user: FragmentType<typeof MatchCardUserFragment>
  explanation: FragmentType<typeof MatchCardExplanationFragment>
  score: number
  candidate: 'mentor' | 'mentee'
  searched: boolean
  /** Their page: /mentors/:id or /mentees/:id. */
  href: string
  /** The Request / Invite button. */
  action: ReactNode
  /** A mentor's rating and responsiveness (mentor results only). */
  record?: FragmentType<typeof MentorRecordFragment> | null
}

/** The facts a result shows under the name: stage, experience, department, place, time zone, languages. */
export function profileFacts(profile: {
  careerStage: string | null
  yearsOfExperience: number | null
  department: string | null
  location: string | null
  timezone: string | null
  utcOffsetMinutes: number | null
  languages: readonly string[]
}): string[] {
  const facts: string[] = []
  if (profile.careerStage) facts.push(careerStageLabel(profile.careerStage))
  if (profile.yearsOfExperience !== null) {
    facts.push(`${profile.yearsOfExperience} year${profile.yearsOfExperience === 1 ? '' : 's'} of experience`)
  }
  if (profile.department) facts.push(profile.department)
  if (profile.location) facts.push(profile.location)
  if (profile.utcOffsetMinutes !== null) facts.push(formatUtcOffset(profile.utcOffsetMinutes))
  else if (profile.timezone) facts.push(profile.timezone)
  if (profile.languages.length > 0) facts.push(profile.languages.join(', '))
  return facts
}

/**
 * One result of a match list: who they are (for a mentor, their rating and responsiveness), how strong
 * a match it is (in words, with the score beside it), why they fit, and what I can do.
 */
export function MatchCard({ user, explanation, score, candidate, searched, href, action, record }: MatchCardProps) {
  const person = useFragment(MatchCardUserFragment, user)
  const match = useFragment(MatchCardExplanationFragment, explanation)
  const facts = person.profile ? profileFacts(person.profile) : []
  return (
    <article className="match card" aria-labelledby={`match-${person.id}`}>
      <header className="match__header">
        <div className="match__who">
          <h2 className="match__name" id={`match-${person.id}`}>
            <Link to={href}>{person.displayName}</Link>
          </h2>
          {person.profile?.headline && <p className="match__headline">{person.profile.headline}</p>}
          {facts.length > 0 && (
            <ul className="match__facts" aria-label="About them">
              {facts.map((fact) => (
                <li key={fact}>{fact}</li>
              ))}
            </ul>
          )}
          {record && <MentorRecord record={record} variant="compact" />}
        </div>
        <div className="match__rating">
          <p className="match__strength">
            <StrengthBadge strength={match.strength} />
          </p>
          <p className="match__score">
            score <span className="match__score-value">{formatPercent(score)}</span>
          </p>
        </div>
      </header>
      <MatchExplanation explanation={match} candidate={candidate} searched={searched} />
      <div className="match__action">{action}</div>
    </article>
  )
}

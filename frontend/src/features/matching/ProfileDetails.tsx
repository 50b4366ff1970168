import type { ReactNode } from 'react'
import { Badge } from '@/components/ui'
import { graphql, useFragment, type FragmentType } from '@/gql'
import { careerStageLabel, formatUtcOffset } from '@/lib/format'
import { MentorRecord } from './MentorRecord'

export const ProfileDetailsFragment = graphql(`
  fragment ProfileDetails_profile on Profile {
    canMentor
    seeksMentoring
    headline
    bio
    expertise
    objectives
    skills {
      name
      level
    }
    careerStage
    yearsOfExperience
    department
    location
    timezone
    utcOffsetMinutes
    languages
    personality {
      bigFive {
        openness
        conscientiousness
        extraversion
        agreeableness
        neuroticism
      }
      mbti
    }
    capacity
    acceptingRequests
    contactNote
    mentorRecord {
      ...MentorRecord_record
    }
    user {
      id
      email
    }
  }
`)

const TRAITS = [
  ['openness', 'Openness'],
  ['conscientiousness', 'Conscientiousness'],
  ['extraversion', 'Extraversion'],
  ['agreeableness', 'Agreeableness'],
  ['neuroticism', 'Neuroticism'],
] as const

/** "14:05" in that time zone now; null for a zone this browser does not know. */
export function localTimeIn(timezone: string, now: Date = new Date()): string | null {
  try {
    return new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', timeZone: timezone }).format(now)
  } catch {
    return null
  }
}

/** "Europe/Berlin, UTC+01:00 now (14:05 there)" */
export function describeTimezone(timezone: string | null, offsetMinutes: number | null, now: Date = new Date()): string | null {
  if (!timezone && offsetMinutes === null) return null
  const parts: string[] = []
  if (timezone) parts.push(timezone)
  if (offsetMinutes !== null) parts.push(`${formatUtcOffset(offsetMinutes)} now`)
  const local = timezone ? localTimeIn(timezone, now) : null
  return parts.join(', ') + (local ? ` (${local} there)` : '')
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="profile-view__section card">
      <h2 className="profile-view__title">{title}</h2>
      {children}
    </section>
  )
}

function TextList({ items, label }: { items: readonly string[]; label: string }) {
  return (
    <ul className="profile-view__items" aria-label={label}>
      {items.map((item) => (
        <li key={item}>{item}</li>
      ))}
    </ul>
  )
}

export interface ProfileDetailsProps {
  profile: FragmentType<typeof ProfileDetailsFragment>
  /** Which side of them this page is about: what they teach first, or what they want to learn. */
  as: 'mentor' | 'mentee'
  /** My own profile: no contact section (I know how to reach myself). */
  isMe: boolean
}

/** A participant's whole profile, as far as it is visible to me. */
export function ProfileDetails({ profile: ref, as, isMe }: ProfileDetailsProps) {
  const profile = useFragment(ProfileDetailsFragment, ref)
  const timezone = describeTimezone(profile.timezone, profile.utcOffsetMinutes)
  const facts: [string, string][] = []
  if (profile.careerStage) facts.push(['Career stage', careerStageLabel(profile.careerStage)])
  if (profile.yearsOfExperience !== null) facts.push(['Years of experience', String(profile.yearsOfExperience)])
  if (profile.department) facts.push(['Department', profile.department])
  if (profile.location) facts.push(['Location', profile.location])
  if (timezone) facts.push(['Time zone', timezone])
  if (profile.languages.length > 0) facts.push(['Languages', profile.languages.join(', ')])

  const teaches =
    profile.expertise.length > 0 ? (
      <Section key="teaches" title="Can teach">
        <TextList items={profile.expertise} label="Expertise" />
      </Section>
    ) : null
  const learns =
    profile.objectives.length > 0 ? (
      <Section key="learns" title="Wants to learn">
        <TextList items={profile.objectives} label="Learning objectives" />
      </Section>
    ) : null
  const bigFive = profile.personality?.bigFive
  const mbti = profile.personality?.mbti
  const email = profile.user.email

  return (
    <div className="profile-view">
      {profile.bio && (
        <Section title="About">
          <p className="profile-view__bio">{profile.bio}</p>
        </Section>
      )}
      {as === 'mentor' ? [teaches, learns] : [learns, teaches]}
      {profile.skills.length > 0 && (
        <Section title="Skills">
          <ul className="profile-view__skills" aria-label="Skills">
            {profile.skills.map((skill) => (
              <li key={skill.name}>
                <span className="profile-view__skill">{skill.name}</span>{' '}
                <span className="profile-view__level">level {skill.level} of 5</span>
              </li>
            ))}
          </ul>
        </Section>
      )}
      {facts.length > 0 && (
        <Section title="Details">
          <dl className="profile-view__facts">
            {facts.map(([term, value]) => (
              <div key={term}>
                <dt>{term}</dt>
                <dd>{value}</dd>
              </div>
            ))}
          </dl>
        </Section>
      )}
      {profile.canMentor && (
        <Section title="Mentoring">
          <p>
            Mentors up to {profile.capacity} {profile.capacity === 1 ? 'mentee' : 'mentees'} at once.{' '}
            {profile.acceptingRequests ? (
              <Badge tone="success">Accepting requests</Badge>
            ) : (
              <Badge tone="neutral">Not accepting requests</Badge>
            )}
          </p>
          {profile.mentorRecord && <MentorRecord record={profile.mentorRecord} variant="full" />}
        </Section>
      )}
      {(bigFive || mbti) && (
        <Section title="Personality">
          <dl className="profile-view__facts">
            {bigFive &&
              TRAITS.map(([key, label]) => (
                <div key={key}>
                  <dt>{label}</dt>
                  <dd>{bigFive[key]} of 100</dd>
                </div>
              ))}
            {mbti && (
              <div>
                <dt>MBTI type</dt>
                <dd>{mbti}</dd>
              </div>
            )}
          </dl>
        </Section>
      )}
      {!isMe && (email || profile.contactNote) && (
        <Section title="Contact">
          <p className="profile-view__hint">Shared with you while your mentorship is active.</p>
          <dl className="profile-view__facts">
            {email && (
              <div>
                <dt>Email</dt>
                <dd>
                  <a href={`mailto:${email}`}>{email}</a>
                </dd>
              </div>
            )}
            {profile.contactNote && (
              <div>
                <dt>Contact note</dt>
                <dd className="profile-view__bio">{profile.contactNote}</dd>
              </div>
            )}
          </dl>
        </Section>
      )}
    </div>
  )
}

import { graphql, useFragment, type FragmentType } from '@/gql'
import type { MentorshipOutcome } from '@/gql/graphql'
import { formatDate } from '@/lib/format'

export const mentorshipFactsFragment = graphql(`
  fragment MentorshipFacts on Mentorship {
    id
    status
    startedAt
    endedAt
    outcome
    endReason
    objectives
    endedBy {
      id
      displayName
    }
    mentor {
      id
      displayName
      email
      profile {
        contactNote
      }
    }
    mentee {
      id
      displayName
      email
      profile {
        contactNote
      }
    }
  }
`)

export const OUTCOMES: { value: MentorshipOutcome; label: string }[] = [
  { value: 'COMPLETED', label: 'Completed' },
  { value: 'ENDED_EARLY', label: 'Ended early' },
  { value: 'NOT_A_FIT', label: 'Not a fit' },
]

export function outcomeLabel(outcome: MentorshipOutcome | null): string | null {
  return OUTCOMES.find((each) => each.value === outcome)?.label ?? null
}

type Person = { id: string; displayName: string }

/** The viewer's side of a mentorship: whether they mentor, the other participant, and where their profile is. */
export function sides<P extends Person>(mentorship: { mentor: P; mentee: P }, viewerId: string) {
  const iMentor = mentorship.mentor.id === viewerId
  const other = iMentor ? mentorship.mentee : mentorship.mentor
  return { iMentor, other, profilePath: iMentor ? `/mentees/${other.id}` : `/mentors/${other.id}` }
}

/** Dates, outcome, what it is about and, while it is active, the partner's email and contact note. */
export function MentorshipFacts({ mentorship: ref, viewerId }: { mentorship: FragmentType<typeof mentorshipFactsFragment>; viewerId: string }) {
  const mentorship = useFragment(mentorshipFactsFragment, ref)
  const { other } = sides(mentorship, viewerId)
  const active = mentorship.status === 'ACTIVE'
  // Contact details are between the two of them (an admin looking on is shown none).
  const participant = mentorship.mentor.id === viewerId || mentorship.mentee.id === viewerId
  const outcome = outcomeLabel(mentorship.outcome)
  const endedBy = mentorship.endedBy ? (mentorship.endedBy.id === viewerId ? 'you' : mentorship.endedBy.displayName) : null
  const contactNote = other.profile?.contactNote
  return (
    <dl className="mentorship__facts">
      <div>
        <dt>Started</dt>
        <dd>
          <time dateTime={mentorship.startedAt}>{formatDate(mentorship.startedAt)}</time>
        </dd>
      </div>
      {mentorship.endedAt && (
        <div>
          <dt>Ended</dt>
          <dd>
            <time dateTime={mentorship.endedAt}>{formatDate(mentorship.endedAt)}</time>
            {endedBy && ` by ${endedBy}`}
          </dd>
        </div>
      )}
      {!active && outcome && (
        <div>
          <dt>Outcome</dt>
          <dd>{outcome}</dd>
        </div>
      )}
      {!active && mentorship.endReason && (
        <div>
          <dt>Reason</dt>
          <dd>{mentorship.endReason}</dd>
        </div>
      )}
      {mentorship.objectives.length > 0 && (
        <div>
          <dt>About</dt>
          <dd>{mentorship.objectives.join('; ')}</dd>
        </div>
      )}
      {active && participant && (
        <>
          <div>
            <dt>Email</dt>
            <dd>{other.email ? <a href={`mailto:${other.email}`}>{other.email}</a> : 'Not shared'}</dd>
          </div>
          <div>
            <dt>Contact note</dt>
            <dd className="mentorship__note">{contactNote || `${other.displayName} has not added a contact note.`}</dd>
          </div>
        </>
      )}
    </dl>
  )
}

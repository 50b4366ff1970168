import { useId, useState } from 'react'
import { Link } from 'react-router'
import { Badge, Button, buttonClass } from '@/components/ui'
import { graphql, useFragment, type FragmentType } from '@/gql'
import { EndMentorshipDialog } from './EndMentorshipDialog'
import { MentorshipFacts, sides } from './MentorshipFacts'

export const mentorshipCardFragment = graphql(`
  fragment MentorshipCard on Mentorship {
    id
    status
    feedbackDue
    rematchOffered
    mentor {
      id
      displayName
    }
    mentee {
      id
      displayName
    }
    ...MentorshipFacts
  }
`)

export interface MentorshipCardProps {
  mentorship: FragmentType<typeof mentorshipCardFragment>
  viewerId: string
  onEnded: (message: string) => void
}

/** One mentorship: the other participant, my role, the facts, whether my check-in is due; a link to its page. */
export function MentorshipCard({ mentorship: ref, viewerId, onEnded }: MentorshipCardProps) {
  const mentorship = useFragment(mentorshipCardFragment, ref)
  const [ending, setEnding] = useState(false)
  const headingId = useId()
  const { iMentor, other, profilePath } = sides(mentorship, viewerId)
  const active = mentorship.status === 'ACTIVE'

  return (
    <article className="card mentorship" aria-labelledby={headingId}>
      <header className="mentorship__header">
        <h3 id={headingId} className="mentorship__name">
          <Link to={profilePath}>{other.displayName}</Link>
        </h3>
        <Badge tone={iMentor ? 'info' : 'success'}>{iMentor ? 'You mentor' : 'Your mentor'}</Badge>
        {mentorship.feedbackDue && <Badge tone="warning">{active ? 'Check-in due' : 'Final check-in due'}</Badge>}
        {mentorship.rematchOffered && <Badge tone="info">Re-match offered</Badge>}
      </header>
      <MentorshipFacts mentorship={mentorship} viewerId={viewerId} />
      <div className="button-row">
        <Link
          to={`/mentorships/${mentorship.id}`}
          className={buttonClass(mentorship.feedbackDue || mentorship.rematchOffered ? 'primary' : 'secondary')}
          aria-label={`Open your mentorship with ${other.displayName}`}
        >
          Open
        </Link>
        {active && <Button onClick={() => setEnding(true)}>End mentorship</Button>}
      </div>
      {active && (
        <EndMentorshipDialog
          isOpen={ending}
          onOpenChange={setEnding}
          mentorshipId={mentorship.id}
          otherName={other.displayName}
          onEnded={() => {
            setEnding(false)
            onEnded(`Your mentorship with ${other.displayName} has ended.`)
          }}
        />
      )}
    </article>
  )
}

import { useId, useState, type FormEvent } from 'react'
import { Link } from 'react-router'
import { useMutation } from 'urql'
import { Badge, Button, Dialog, ErrorMessage, Select, TextArea } from '@/components/ui'
import { graphql, useFragment, type FragmentType } from '@/gql'
import type { MentorshipOutcome } from '@/gql/graphql'
import { describeError, fieldErrors, formErrors } from '@/lib/errors'
import { formatDate } from '@/lib/format'

export const mentorshipCardFragment = graphql(`
  fragment MentorshipCard on Mentorship {
    id
    status
    startedAt
    endedAt
    outcome
    endReason
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
    request {
      id
      objectives
    }
  }
`)

const endMentorshipMutation = graphql(`
  mutation EndMentorship($input: EndMentorshipInput!) {
    endMentorship(input: $input) {
      mentorship {
        ...MentorshipCard
      }
      errors {
        code
        message
        field
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

// Both lists (active and past) and every request (an ended mentorship frees a place) are asked again.
const refreshLists = { additionalTypenames: ['Mentorship', 'MentorshipRequest'] }

export interface MentorshipCardProps {
  mentorship: FragmentType<typeof mentorshipCardFragment>
  viewerId: string
  onEnded: (message: string) => void
}

/** One mentorship: the other participant, my role, dates, outcome; their contact details while active. */
export function MentorshipCard({ mentorship: ref, viewerId, onEnded }: MentorshipCardProps) {
  const mentorship = useFragment(mentorshipCardFragment, ref)
  const [ending, setEnding] = useState(false)
  const headingId = useId()
  const iMentor = mentorship.mentor.id === viewerId
  const other = iMentor ? mentorship.mentee : mentorship.mentor
  const profilePath = iMentor ? `/mentees/${other.id}` : `/mentors/${other.id}`
  const active = mentorship.status === 'ACTIVE'
  const outcome = outcomeLabel(mentorship.outcome)
  const endedBy = mentorship.endedBy ? (mentorship.endedBy.id === viewerId ? 'you' : mentorship.endedBy.displayName) : null
  const contactNote = other.profile?.contactNote

  return (
    <article className="card mentorship" aria-labelledby={headingId}>
      <header className="mentorship__header">
        <h3 id={headingId} className="mentorship__name">
          <Link to={profilePath}>{other.displayName}</Link>
        </h3>
        <Badge tone={iMentor ? 'info' : 'success'}>{iMentor ? 'You mentor' : 'Your mentor'}</Badge>
      </header>
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
        {mentorship.request.objectives.length > 0 && (
          <div>
            <dt>About</dt>
            <dd>{mentorship.request.objectives.join('; ')}</dd>
          </div>
        )}
        {active && (
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
      {active && (
        <div className="button-row">
          <Button onClick={() => setEnding(true)}>End mentorship</Button>
        </div>
      )}
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

function EndMentorshipDialog({
  isOpen,
  onOpenChange,
  mentorshipId,
  otherName,
  onEnded,
}: {
  isOpen: boolean
  onOpenChange: (open: boolean) => void
  mentorshipId: string
  otherName: string
  onEnded: () => void
}) {
  const [outcome, setOutcome] = useState<MentorshipOutcome>('COMPLETED')
  const [reason, setReason] = useState('')
  const [errors, setErrors] = useState<{ fields: Record<string, string[]>; form: string[] }>({ fields: {}, form: [] })
  const [{ fetching }, end] = useMutation(endMentorshipMutation)

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    const input = { id: mentorshipId, outcome, reason: reason.trim() || null }
    const { data, error } = await end({ input }, refreshLists)
    const payload = data?.endMentorship
    if (error || !payload) return setErrors({ fields: {}, form: [describeError(error ?? null)] })
    if (payload.errors.length > 0 || !payload.mentorship) {
      const { outcome: outcomeErrors, reason: reasonErrors, ...others } = fieldErrors(payload.errors)
      setErrors({
        fields: { ...(outcomeErrors && { outcome: outcomeErrors }), ...(reasonErrors && { reason: reasonErrors }) },
        form: [...formErrors(payload.errors), ...Object.values(others).flat()],
      })
      return
    }
    onEnded()
  }

  return (
    <Dialog title={`End your mentorship with ${otherName}`} isOpen={isOpen} onOpenChange={onOpenChange}>
      {(close) => (
        <form className="form" onSubmit={handleSubmit} noValidate>
          <p>Your partner is told, and this cannot be undone.</p>
          <Select
            label="Outcome"
            options={OUTCOMES}
            value={outcome}
            onChange={(event) => setOutcome(event.target.value as MentorshipOutcome)}
            error={errors.fields.outcome}
          />
          <TextArea
            label="Reason"
            description={`Optional. ${otherName} will see it (up to 500 characters).`}
            rows={3}
            value={reason}
            onChange={(event) => setReason(event.target.value)}
            error={errors.fields.reason}
          />
          <ErrorMessage>{errors.form.length > 0 ? errors.form.join(' ') : null}</ErrorMessage>
          <div className="button-row">
            <Button type="submit" variant="danger" pending={fetching}>
              End mentorship
            </Button>
            <Button onClick={close}>Cancel</Button>
          </div>
        </form>
      )}
    </Dialog>
  )
}

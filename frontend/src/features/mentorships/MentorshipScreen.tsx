import { useId, useRef, useState } from 'react'
import { Link, useParams } from 'react-router'
import { useQuery } from 'urql'
import { Badge, Button, EmptyState, ErrorMessage, FormStatus, Loading, PageHeader } from '@/components/ui'
import { graphql } from '@/gql'
import type { MentorshipPageQuery } from '@/gql/graphql'
import { useViewer } from '@/lib/auth'
import { formatDate, formatDateTime, todayIsoDate } from '@/lib/format'
import { CheckInForm } from './CheckInForm'
import { CheckInHistory } from './CheckInHistory'
import { EndMentorshipDialog } from './EndMentorshipDialog'
import { MentorshipFacts, sides } from './MentorshipFacts'
import { RematchOffer } from './RematchOffer'
import { SessionLog } from './SessionLog'
import './mentorships.css'

export const mentorshipPageQuery = graphql(`
  query MentorshipPage($id: ID!) {
    mentorship(id: $id) {
      id
      status
      startedAt
      endedAt
      objectives
      feedbackDue
      canGiveFeedback
      nextFeedbackAt
      feedbackWindowEndsAt
      rematchOffered
      mentor {
        id
        displayName
      }
      mentee {
        id
        displayName
      }
      feedback {
        id
        final
        createdAt
      }
      ...MentorshipFacts
      ...CheckInHistory
      ...SessionLog
    }
  }
`)

// Asked again after a check-in, a session or an ending (each names Mentorship in its context).
const pageContext = { additionalTypenames: ['Mentorship', 'Feedback', 'MentorshipSession'] }

type Page = NonNullable<MentorshipPageQuery['mentorship']>

function useMentorshipPage(id: string) {
  const [{ data, fetching, error }, reexecute] = useQuery({
    query: mentorshipPageQuery,
    variables: { id },
    context: pageContext,
    // Whether a check-in is due changes with time: ask again on every visit.
    requestPolicy: 'cache-and-network',
  })
  return { data, fetching, error, retry: () => reexecute({ requestPolicy: 'network-only' }) }
}

/** What the check-in part says when no form is shown: when the next one is, or that they are closed. */
function checkInClosedText(mentorship: Page, participant: boolean): string {
  if (!participant) return 'Only the two participants give check-ins.'
  if (mentorship.status === 'ACTIVE') {
    return mentorship.nextFeedbackAt
      ? `Your next check-in is due on ${formatDate(mentorship.nextFeedbackAt)}.`
      : 'You cannot give a check-in right now.'
  }
  const final = mentorship.feedback.find((entry) => entry.final)
  if (final) return `You gave your final check-in on ${formatDate(final.createdAt)}.`
  return mentorship.feedbackWindowEndsAt
    ? `The final check-in window closed on ${formatDate(mentorship.feedbackWindowEndsAt)}.`
    : 'Check-ins are closed for this mentorship.'
}

function MentorshipPage({ mentorship, viewerId }: { mentorship: Page; viewerId: string }) {
  const { iMentor, other, profilePath } = sides(mentorship, viewerId)
  const participant = mentorship.mentor.id === viewerId || mentorship.mentee.id === viewerId
  const active = mentorship.status === 'ACTIVE'
  const title = participant
    ? `Mentorship with ${other.displayName}`
    : `Mentorship of ${mentorship.mentee.displayName} with ${mentorship.mentor.displayName}`
  const [ending, setEnding] = useState(false)
  const [status, setStatus] = useState<string | null>(null)
  const [checkInStatus, setCheckInStatus] = useState<string | null>(null)
  const checkInsHeading = useRef<HTMLHeadingElement>(null)
  const ids = { due: useId(), details: useId(), checkIns: useId(), form: useId(), sessions: useId() }
  const windowOpen = mentorship.feedbackWindowEndsAt !== null && new Date(mentorship.feedbackWindowEndsAt) > new Date()
  const canLog = participant && (active || windowOpen)
  const final = !active

  function focusCheckIns() {
    // After the frame in which the closing dialog gives focus back (or the form leaves).
    requestAnimationFrame(() => checkInsHeading.current?.focus())
  }

  return (
    <div className="mentorship-page">
      <p className="mentorship-page__back">
        <Link to="/mentorships">All mentorships</Link>
      </p>
      <PageHeader title={title}>
        <p className="mentorship-page__badges">
          {participant && <Badge tone={iMentor ? 'info' : 'success'}>{iMentor ? 'You mentor' : 'Your mentor'}</Badge>}
          <Badge tone={active ? 'success' : 'neutral'}>{active ? 'Active' : 'Ended'}</Badge>
        </p>
      </PageHeader>
      <FormStatus message={status} />

      {participant && !iMentor && active && mentorship.rematchOffered && (
        <RematchOffer mentorshipId={mentorship.id} mentorName={other.displayName} />
      )}

      {participant && mentorship.feedbackDue && (
        <section className="notice notice--due" aria-labelledby={ids.due}>
          <h2 id={ids.due} className="notice__title">
            {active ? 'Your check-in is due' : 'Your final check-in is due'}
          </h2>
          <p>
            {active ? `Tell us how it is going with ${other.displayName}` : `Tell us how it went with ${other.displayName}`}: it
            takes a minute, and only you see it.
          </p>
          {mentorship.canGiveFeedback && (
            <div className="button-row">
              <Button variant="primary" onClick={() => document.getElementById(ids.form)?.focus()}>
                Check in now
              </Button>
            </div>
          )}
        </section>
      )}

      <section className="card mentorship-page__section" aria-labelledby={ids.details}>
        <h2 id={ids.details}>Details</h2>
        <MentorshipFacts mentorship={mentorship} viewerId={viewerId} />
        {participant && (
          <div className="button-row">
            <Link to={profilePath}>See {other.displayName}’s profile</Link>
          </div>
        )}
        {participant && active && (
          <>
            <div className="button-row">
              <Button onClick={() => setEnding(true)}>End mentorship</Button>
            </div>
            <EndMentorshipDialog
              isOpen={ending}
              onOpenChange={setEnding}
              mentorshipId={mentorship.id}
              otherName={other.displayName}
              onEnded={() => {
                setEnding(false)
                setStatus(`Your mentorship with ${other.displayName} has ended. Tell us how it went in a final check-in.`)
                focusCheckIns()
              }}
            />
          </>
        )}
      </section>

      <section className="card mentorship-page__section" aria-labelledby={ids.checkIns}>
        <h2 id={ids.checkIns} ref={checkInsHeading} tabIndex={-1}>
          Check-ins
        </h2>
        {participant ? (
          <p className="mentorship-page__private">
            <strong>Private:</strong> only you and the programme’s admins see your check-ins; {other.displayName} never does.
            {!iMentor && ' Your ratings count toward a mentor’s public record only as an average over at least three mentees.'}
          </p>
        ) : (
          <p className="mentorship-page__private">Both participants’ check-ins, shown to you as an admin.</p>
        )}
        <FormStatus message={checkInStatus} />
        {participant && mentorship.canGiveFeedback ? (
          <div className="mentorship-page__form">
            <h3 id={ids.form} tabIndex={-1}>
              {final ? 'Final check-in' : 'Check in'}
            </h3>
            {final ? (
              <p className="mentorship-page__muted">
                This mentorship has ended. Tell us how it went
                {mentorship.feedbackWindowEndsAt && `, until ${formatDateTime(mentorship.feedbackWindowEndsAt)}`}.
              </p>
            ) : (
              <p className="mentorship-page__muted">
                How is your mentorship going?
                {!iMentor && ' If it is not a good fit, you will be offered a fresh match.'}
              </p>
            )}
            <CheckInForm
              mentorshipId={mentorship.id}
              objectives={mentorship.objectives}
              final={final}
              partnerName={other.displayName}
              onSaved={(message) => {
                setCheckInStatus(message)
                focusCheckIns()
              }}
            />
          </div>
        ) : (
          <p className="mentorship-page__next">{checkInClosedText(mentorship, participant)}</p>
        )}
        <CheckInHistory mentorship={mentorship} viewerId={viewerId} participant={participant} />
      </section>

      <section className="card mentorship-page__section" aria-labelledby={ids.sessions}>
        <h2 id={ids.sessions}>Sessions</h2>
        <SessionLog
          mentorship={mentorship}
          viewerId={viewerId}
          canLog={canLog}
          earliest={todayIsoDate(new Date(mentorship.startedAt))}
          {...(!participant && { closedText: 'Only the two participants log sessions.' })}
        />
      </section>
    </div>
  )
}

/** /mentorships/:id: one mentorship, its check-ins (mine), its sessions, and the re-match offer. */
export function MentorshipScreen() {
  const { id = '' } = useParams()
  const { viewer } = useViewer()
  const { data, fetching, error, retry } = useMentorshipPage(id)
  if ((!data && !error) || (fetching && !data) || (data && !viewer)) {
    return (
      <>
        <PageHeader title="Mentorship" />
        <Loading label="Loading the mentorship…" />
      </>
    )
  }
  if (!data) {
    return (
      <>
        <PageHeader title="Mentorship" />
        <ErrorMessage error={error} action={<Button onClick={retry}>Try again</Button>} />
      </>
    )
  }
  if (!data.mentorship || !viewer) {
    // No such mentorship, or not the viewer's: the API does not say which.
    return (
      <>
        <PageHeader title="Mentorship not found" />
        <EmptyState title="No mentorship here" action={<Link to="/mentorships">Back to Mentorships</Link>}>
          <p>This mentorship does not exist, or it is not yours.</p>
        </EmptyState>
      </>
    )
  }
  return <MentorshipPage mentorship={data.mentorship} viewerId={viewer.id} />
}

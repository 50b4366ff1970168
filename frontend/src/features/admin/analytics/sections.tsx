// The analytics screen's sections: each a heading, its headline figures, and its chart(s).
import { useId, type ReactNode } from 'react'
import { graphql, useFragment, type FragmentType } from '@/gql'
import { careerStageLabel, formatMinutes, formatPercent } from '@/lib/format'
import { FiguresTable } from './ChartFrame'
import { RatingsChart, RequestsFunnelChart, ResponseTimeChart, UnmatchedChart } from './charts'
import { counted, formatDays, formatHours, formatProgress, formatRating } from './summaries'

const REQUEST_STATUSES: Record<string, string> = {
  PENDING: 'Pending',
  ACCEPTED: 'Accepted',
  DECLINED: 'Declined',
  WITHDRAWN: 'Withdrawn',
  EXPIRED: 'Expired',
  CANCELLED: 'Cancelled',
}

const OUTCOMES: Record<string, string> = {
  COMPLETED: 'Completed',
  ENDED_EARLY: 'Ended early',
  NOT_A_FIT: 'Not a fit',
}

function label(labels: Record<string, string>, status: string): string {
  return labels[status] ?? status.replaceAll('_', ' ').toLowerCase()
}

interface Figure {
  label: string
  /** The figure; null when there is nothing to compute it from (`none` says so instead). */
  value: string | null
  none?: string
  detail: string
}

/** Headline figures, each a value in words with what it counts. */
function Figures({ figures }: { figures: readonly Figure[] }) {
  return (
    <dl className="figures">
      {figures.map((figure) => (
        <div key={figure.label} className="figure">
          <dt className="figure__label">{figure.label}</dt>
          {figure.value === null ? (
            <dd className="figure__value figure__value--none">{figure.none ?? 'No data'}</dd>
          ) : (
            <dd className="figure__value">{figure.value}</dd>
          )}
          <dd className="figure__detail">{figure.detail}</dd>
        </div>
      ))}
    </dl>
  )
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  const headingId = useId()
  return (
    <section className="analytics__section card" aria-labelledby={headingId}>
      <h2 id={headingId} className="analytics__title">
        {title}
      </h2>
      {children}
    </section>
  )
}

export const ParticipantsFragment = graphql(`
  fragment AnalyticsParticipants on ProgramAnalytics {
    participants
    mentors
    mentees
    byCareerStage {
      careerStage
      participants
      mentors
      mentees
    }
  }
`)

export function ParticipantsSection({ analytics: ref }: { analytics: FragmentType<typeof ParticipantsFragment> }) {
  const a = useFragment(ParticipantsFragment, ref)
  return (
    <Section title="Participants">
      <Figures
        figures={[
          { label: 'Participants', value: String(a.participants), detail: 'who mentor or want a mentor, now' },
          { label: 'Mentors', value: String(a.mentors), detail: 'who can mentor' },
          { label: 'Mentees', value: String(a.mentees), detail: 'who want a mentor (someone can be both)' },
        ]}
      />
      {a.byCareerStage.length > 0 && (
        <div className="analytics__table" role="region" aria-label="Participants by career stage" tabIndex={0}>
          <FiguresTable
            caption="By career stage"
            columns={['Career stage', 'Participants', 'Mentors', 'Mentees']}
            rows={a.byCareerStage.map((stage) => ({
              key: stage.careerStage ?? 'none',
              header: careerStageLabel(stage.careerStage),
              cells: [String(stage.participants), String(stage.mentors), String(stage.mentees)],
            }))}
          />
        </div>
      )}
    </Section>
  )
}

export const RequestsFragment = graphql(`
  fragment AnalyticsRequests on ProgramAnalytics {
    from
    to
    requestsMade
    requestsByStatus {
      status
      count
    }
    acceptanceRate
    medianHoursToRespond
    mentorshipsStarted
    completedMentorships
    weeks {
      weekStart
      requestsMade
      requestsAccepted
      medianHoursToRespond
    }
  }
`)

export const RequestsAnsweredFragment = graphql(`
  fragment AnalyticsRequestsAnswered on FeedbackSummary {
    requestsDecided
    requestsAnsweredInTimeRate
  }
`)

export function RequestsSection({
  analytics: ref,
  feedback: feedbackRef,
}: {
  analytics: FragmentType<typeof RequestsFragment>
  feedback: FragmentType<typeof RequestsAnsweredFragment>
}) {
  const a = useFragment(RequestsFragment, ref)
  const feedback = useFragment(RequestsAnsweredFragment, feedbackRef)
  const accepted = a.requestsByStatus.find((status) => status.status === 'ACCEPTED')?.count ?? 0
  const byStatus = a.requestsByStatus.map((status) => ({ label: label(REQUEST_STATUSES, status.status), count: status.count }))
  return (
    <Section title="Requests">
      <Figures
        figures={[
          { label: 'Requests made', value: String(a.requestsMade), detail: 'by mentees and mentors, in the period' },
          {
            label: 'Acceptance rate',
            value: a.acceptanceRate === null ? null : formatPercent(a.acceptanceRate),
            none: 'None decided yet',
            detail: 'of those accepted, declined or expired',
          },
          {
            label: 'Median time to respond',
            value: a.medianHoursToRespond === null ? null : formatHours(a.medianHoursToRespond),
            none: 'None answered',
            detail: 'from sent to accepted or declined',
          },
          {
            label: 'Answered in time',
            value: feedback.requestsAnsweredInTimeRate === null ? null : formatPercent(feedback.requestsAnsweredInTimeRate),
            none: 'None decided',
            detail: `of ${counted(feedback.requestsDecided, 'mentee’s request', 'mentees’ requests')} answered or expired`,
          },
        ]}
      />
      <p className="analytics__note">
        {a.requestsMade === 0
          ? 'No requests were made in the period.'
          : `Where they stand now: ${byStatus.filter((s) => s.count > 0).map((s) => `${s.count} ${s.label.toLowerCase()}`).join(', ')}.`}
      </p>
      <div className="analytics__charts">
        <RequestsFunnelChart
          figures={{
            from: a.from,
            to: a.to,
            requestsMade: a.requestsMade,
            requestsAccepted: accepted,
            acceptanceRate: a.acceptanceRate,
            mentorshipsStarted: a.mentorshipsStarted,
            completedMentorships: a.completedMentorships,
          }}
          byStatus={byStatus}
        />
        <ResponseTimeChart figures={{ from: a.from, to: a.to, medianHoursToRespond: a.medianHoursToRespond, weeks: a.weeks }} weeks={a.weeks} />
      </div>
    </Section>
  )
}

export const MentorshipsFragment = graphql(`
  fragment AnalyticsMentorships on ProgramAnalytics {
    mentorshipsStarted
    activeMentorships
    completedMentorships
    outcomes {
      status
      count
    }
  }
`)

export function MentorshipsSection({ analytics: ref }: { analytics: FragmentType<typeof MentorshipsFragment> }) {
  const a = useFragment(MentorshipsFragment, ref)
  const ended = a.outcomes.reduce((sum, outcome) => sum + outcome.count, 0)
  return (
    <Section title="Mentorships">
      <Figures
        figures={[
          { label: 'Started', value: String(a.mentorshipsStarted), detail: 'in the period' },
          { label: 'Active', value: String(a.activeMentorships), detail: 'at the period’s end' },
          { label: 'Completed', value: String(a.completedMentorships), detail: 'ended in the period as completed' },
          {
            label: 'Ended',
            value: String(ended),
            detail:
              ended === 0
                ? 'none ended in the period'
                : a.outcomes
                    .filter((outcome) => outcome.count > 0)
                    .map((outcome) => `${outcome.count} ${label(OUTCOMES, outcome.status).toLowerCase()}`)
                    .join(', '),
          },
        ]}
      />
    </Section>
  )
}

export const CheckInsFragment = graphql(`
  fragment AnalyticsCheckIns on ProgramAnalytics {
    from
    to
    checkIns
    averageRating
    goodFitRate
    averageProgress
    sessionsLogged
    sessionMinutes
    weeks {
      weekStart
      checkIns
      averageRating
      goodFitRate
    }
  }
`)

export const CheckInCompletionFragment = graphql(`
  fragment AnalyticsCheckInCompletion on FeedbackSummary {
    checkInsExpected
    checkInCompletionRate
  }
`)

export function CheckInsSection({
  analytics: ref,
  feedback: feedbackRef,
}: {
  analytics: FragmentType<typeof CheckInsFragment>
  feedback: FragmentType<typeof CheckInCompletionFragment>
}) {
  const a = useFragment(CheckInsFragment, ref)
  const feedback = useFragment(CheckInCompletionFragment, feedbackRef)
  const noCheckIns = 'No check-ins'
  return (
    <Section title="Check-ins and sessions">
      <Figures
        figures={[
          { label: 'Check-ins', value: String(a.checkIns), detail: 'given by mentors and mentees' },
          {
            label: 'Average rating',
            value: a.averageRating === null ? null : formatRating(a.averageRating),
            none: noCheckIns,
            detail: 'over every check-in',
          },
          {
            label: 'Good fit',
            value: a.goodFitRate === null ? null : formatPercent(a.goodFitRate),
            none: noCheckIns,
            detail: 'of check-ins said the pair works',
          },
          {
            label: 'Average progress',
            value: a.averageProgress === null ? null : formatProgress(a.averageProgress),
            none: 'None given',
            detail: 'on the objectives, where a check-in gave it',
          },
          {
            label: 'Check-in completion',
            value: feedback.checkInCompletionRate === null ? null : formatPercent(feedback.checkInCompletionRate),
            none: 'None due yet',
            detail:
              feedback.checkInsExpected === 0
                ? 'no check-in fell due in the period'
                : `of ${counted(feedback.checkInsExpected, 'check-in')} expected`,
          },
          {
            label: 'Sessions',
            value: String(a.sessionsLogged),
            detail: a.sessionsLogged === 0 ? 'logged' : `logged, ${formatMinutes(a.sessionMinutes)} in all`,
          },
        ]}
      />
      <div className="analytics__charts">
        <RatingsChart figures={a} />
      </div>
    </Section>
  )
}

export const UnmatchedFragment = graphql(`
  fragment AnalyticsUnmatched on ProgramAnalytics {
    unmatchedMentees
    medianDaysUnmatched
    longestDaysUnmatched
    weeks {
      weekStart
      unmatchedMentees
    }
  }
`)

export function UnmatchedSection({ analytics: ref }: { analytics: FragmentType<typeof UnmatchedFragment> }) {
  const a = useFragment(UnmatchedFragment, ref)
  const nobody = 'Nobody waiting'
  return (
    <Section title="Mentees without a mentor">
      <Figures
        figures={[
          { label: 'Without a mentor', value: String(a.unmatchedMentees), detail: 'mentees, now (not suspended or hidden)' },
          {
            label: 'Median wait',
            value: a.medianDaysUnmatched === null ? null : formatDays(a.medianDaysUnmatched),
            none: nobody,
            detail: 'since they joined or their last mentorship ended',
          },
          {
            label: 'Longest wait',
            value: a.longestDaysUnmatched === null ? null : formatDays(a.longestDaysUnmatched),
            none: nobody,
            detail: 'of a mentee waiting now',
          },
        ]}
      />
      <div className="analytics__charts">
        <UnmatchedChart figures={a} />
      </div>
    </Section>
  )
}

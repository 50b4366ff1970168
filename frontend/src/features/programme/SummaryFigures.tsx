import { graphql, useFragment, type FragmentType } from '@/gql'
import { counted, formatDuration, formatProgress, formatRating, shareOr } from './figures'

export const SummaryFiguresFragment = graphql(`
  fragment SummaryFigures_summary on FeedbackSummary {
    checkIns
    averageRating
    goodFitRate
    averageProgress
    checkInsExpected
    checkInCompletionRate
    sessionsLogged
    sessionMinutes
    requestsDecided
    requestsAnsweredInTimeRate
  }
`)

interface Figure {
  label: string
  value: string
  detail: string
}

/** The headline figures of a period, each a value in words with what it counts. */
export function SummaryFigures({ summary: ref }: { summary: FragmentType<typeof SummaryFiguresFragment> }) {
  const summary = useFragment(SummaryFiguresFragment, ref)
  const noCheckIns = 'No check-ins'
  const figures: Figure[] = [
    {
      label: 'Check-ins',
      value: String(summary.checkIns),
      detail: 'given by mentors and mentees',
    },
    {
      label: 'Average rating',
      value: summary.averageRating === null ? noCheckIns : formatRating(summary.averageRating),
      detail: 'over every check-in',
    },
    {
      label: 'Good fit',
      value: shareOr(summary.goodFitRate, noCheckIns),
      detail: 'of check-ins said the pair works',
    },
    {
      label: 'Average progress',
      value: summary.averageProgress === null ? 'None given' : formatProgress(summary.averageProgress),
      detail: 'on the objectives, where a check-in gave it',
    },
    {
      label: 'Check-in completion',
      value: shareOr(summary.checkInCompletionRate, 'None expected'),
      detail: `of ${counted(summary.checkInsExpected, 'check-in')} expected`,
    },
    {
      label: 'Sessions',
      value: String(summary.sessionsLogged),
      detail: summary.sessionsLogged === 0 ? 'logged' : `logged, ${formatDuration(summary.sessionMinutes)} in all`,
    },
    {
      label: 'Requests answered in time',
      value: shareOr(summary.requestsAnsweredInTimeRate, 'None decided'),
      detail: `of ${counted(summary.requestsDecided, 'request')} answered or expired`,
    },
  ]
  return (
    <dl className="figures">
      {figures.map((figure) => (
        <div key={figure.label} className="figure">
          <dt className="figure__label">{figure.label}</dt>
          <dd className="figure__value">{figure.value}</dd>
          <dd className="figure__detail">{figure.detail}</dd>
        </div>
      ))}
    </dl>
  )
}

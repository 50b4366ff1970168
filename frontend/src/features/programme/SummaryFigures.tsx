import { graphql, useFragment, type FragmentType } from '@/gql'
import { formatMinutes, formatPercent } from '@/lib/format'
import { counted, formatProgress, formatRating } from './figures'

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
  /** The figure; null when there is nothing to compute it from (`none` says so instead). */
  value: string | null
  none?: string
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
      value: summary.averageRating === null ? null : formatRating(summary.averageRating),
      none: noCheckIns,
      detail: 'over every check-in',
    },
    {
      label: 'Good fit',
      value: summary.goodFitRate === null ? null : formatPercent(summary.goodFitRate),
      none: noCheckIns,
      detail: 'of check-ins said the pair works',
    },
    {
      label: 'Average progress',
      value: summary.averageProgress === null ? null : formatProgress(summary.averageProgress),
      none: 'None given',
      detail: 'on the objectives, where a check-in gave it',
    },
    {
      label: 'Check-in completion',
      value: summary.checkInCompletionRate === null ? null : formatPercent(summary.checkInCompletionRate),
      none: 'None due yet',
      detail:
        summary.checkInsExpected === 0
          ? 'no check-in fell due in the period'
          : `of ${counted(summary.checkInsExpected, 'check-in')} expected`,
    },
    {
      label: 'Sessions',
      value: String(summary.sessionsLogged),
      detail: summary.sessionsLogged === 0 ? 'logged' : `logged, ${formatMinutes(summary.sessionMinutes)} in all`,
    },
    {
      label: 'Requests answered in time',
      value: summary.requestsAnsweredInTimeRate === null ? null : formatPercent(summary.requestsAnsweredInTimeRate),
      none: 'None decided',
      detail: `of ${counted(summary.requestsDecided, 'request')} answered or expired`,
    },
  ]
  return (
    <dl className="figures">
      {figures.map((figure) => (
        <div key={figure.label} className="figure">
          <dt className="figure__label">{figure.label}</dt>
          {figure.value === null ? (
            <dd className="figure__value figure__value--none">{figure.none}</dd>
          ) : (
            <dd className="figure__value">{figure.value}</dd>
          )}
          <dd className="figure__detail">{figure.detail}</dd>
        </div>
      ))}
    </dl>
  )
}

import { useId } from 'react'
import { graphql, useFragment, type FragmentType } from '@/gql'
import { formatDay, formatPercent } from '@/lib/format'
import { formatProgress, formatRating } from './figures'

export const WeeklyTableFragment = graphql(`
  fragment WeeklyTable_summary on FeedbackSummary {
    from
    to
    weeks {
      weekStart
      checkIns
      averageRating
      goodFitRate
      averageProgress
      sessionsLogged
      sessionMinutes
    }
  }
`)

/** A cell with nothing to show: a dash to the eye, "none" to a screen reader. */
function None() {
  return (
    <>
      <span aria-hidden="true">–</span>
      <span className="visually-hidden">none</span>
    </>
  )
}

/** A number with a bar beside it, `fraction` (0-1) of the full width; the bar is decoration only. */
function WithBar({ text, fraction }: { text: string; fraction: number }) {
  return (
    <span className="weekly__bar-cell">
      <span className="weekly__number">{text}</span>
      <span className="weekly__bar" aria-hidden="true">
        <span className="weekly__bar-fill" style={{ width: `${Math.round(Math.min(1, Math.max(0, fraction)) * 100)}%` }} />
      </span>
    </span>
  )
}

/**
 * The period week by week (each ISO week from its Monday, oldest first) as a table: check-ins with a bar
 * scaled to the busiest week, their average rating, good-fit share and progress, sessions and minutes.
 * It scrolls sideways on a narrow screen, as a focusable region so the keyboard can scroll it too.
 */
export function WeeklyTable({ summary: ref }: { summary: FragmentType<typeof WeeklyTableFragment> }) {
  const summary = useFragment(WeeklyTableFragment, ref)
  const captionId = useId()
  const busiest = Math.max(1, ...summary.weeks.map((week) => week.checkIns))
  return (
    <div className="weekly" role="region" aria-labelledby={captionId} tabIndex={0}>
      <table className="weekly__table">
        <caption id={captionId} className="weekly__caption">
          Week by week, {formatDay(summary.from)} to {formatDay(summary.to)}
        </caption>
        <thead>
          <tr>
            <th scope="col">Week of</th>
            <th scope="col">Check-ins</th>
            <th scope="col">Average rating</th>
            <th scope="col">Good fit</th>
            <th scope="col">Average progress</th>
            <th scope="col">Sessions</th>
            <th scope="col">Minutes</th>
          </tr>
        </thead>
        <tbody>
          {summary.weeks.map((week) => (
            <tr key={week.weekStart}>
              <th scope="row">
                <time dateTime={week.weekStart}>{formatDay(week.weekStart)}</time>
              </th>
              <td>
                <WithBar text={String(week.checkIns)} fraction={week.checkIns / busiest} />
              </td>
              <td>{week.averageRating === null ? <None /> : formatRating(week.averageRating)}</td>
              <td>{week.goodFitRate === null ? <None /> : formatPercent(week.goodFitRate)}</td>
              <td>
                {week.averageProgress === null ? (
                  <None />
                ) : (
                  <WithBar text={formatProgress(week.averageProgress)} fraction={week.averageProgress / 100} />
                )}
              </td>
              <td>{week.sessionsLogged}</td>
              <td>{week.sessionMinutes}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

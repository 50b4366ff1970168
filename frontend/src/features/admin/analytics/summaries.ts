// The analytics in words: each figure's format, and each chart's summary for whoever cannot see it
// (screen readers read it as the chart's description; it is visible to everyone too).
import { formatDay, formatPercent } from '@/lib/format'

/** What a week or a figure shows when there is nothing to compute it from: never a 0. */
export const NO_DATA = 'no data'

/** 4.26 -> "4.3 / 5" */
export function formatRating(rating: number): string {
  return `${rating.toFixed(1)} / 5`
}

/** A mean progress (0-100) as "56%". */
export function formatProgress(progress: number): string {
  return `${Math.round(progress)}%`
}

/** "1 check-in", "3 check-ins" (`plural` for irregular nouns). */
export function counted(count: number, noun: string, plural = `${noun}s`): string {
  return `${count} ${count === 1 ? noun : plural}`
}

/** One decimal, without a trailing ".0": 5 -> "5", 5.25 -> "5.3". */
function oneDecimal(value: number): string {
  return String(Math.round(value * 10) / 10)
}

/** A time to respond: "40 min" under an hour, "5.5 hours" under two days, else "3.2 days". */
export function formatHours(hours: number): string {
  if (hours < 1) return `${Math.max(1, Math.round(hours * 60))} min`
  if (hours < 48) return `${oneDecimal(hours)} ${oneDecimal(hours) === '1' ? 'hour' : 'hours'}`
  return `${oneDecimal(hours / 24)} days`
}

/** How long someone has waited: "under a day", "1 day", "12 days". */
export function formatDays(days: number): string {
  return days < 1 ? 'under a day' : counted(Math.round(days), 'day')
}

/** "6 Oct 2026 to 28 Dec 2026" */
export function periodWords(from: string, to: string): string {
  return from === to ? formatDay(from) : `${formatDay(from)} to ${formatDay(to)}`
}

interface Period {
  from: string
  to: string
}

interface Week {
  weekStart: string
}

/** The lowest and highest of the weeks that have a value, each with its week; null when none has. */
function range<W extends Week>(weeks: readonly W[], value: (week: W) => number | null) {
  const known = weeks.filter((week) => value(week) !== null)
  if (known.length === 0) return null
  const by = (pick: (a: number, b: number) => boolean) =>
    known.reduce((best, week) => (pick(value(week)!, value(best)!) ? week : best))
  return { low: by((a, b) => a < b), high: by((a, b) => a > b), known: known.length }
}

/** "; 3 of the 13 weeks had none (no data)" for weeks without a value, or "". */
function missing(weeks: readonly Week[], known: number, none: string): string {
  const empty = weeks.length - known
  if (empty === 0) return ''
  return `; ${empty} of the ${counted(weeks.length, 'week')} had ${none} (${NO_DATA})`
}

function weekOf(week: Week): string {
  return `week of ${formatDay(week.weekStart)}`
}

/** "1 request was made" / "2 requests were made" */
function wasWere(count: number, noun: string, verb: string): string {
  return `${counted(count, noun)} ${count === 1 ? 'was' : 'were'} ${verb}`
}

export interface FunnelFigures extends Period {
  requestsMade: number
  requestsAccepted: number
  acceptanceRate: number | null
  mentorshipsStarted: number
  completedMentorships: number
}

/** The requests funnel in words: made, accepted (and the rate), mentorships started and completed. */
export function funnelSummary(a: FunnelFigures): string {
  const when = `From ${periodWords(a.from, a.to)}`
  const mentorships = `${wasWere(a.mentorshipsStarted, 'mentorship', 'started')} and ${a.completedMentorships} completed`
  if (a.requestsMade === 0) return `${when}, no requests were made; ${mentorships}.`
  const rate =
    a.acceptanceRate === null
      ? ' (none was answered or expired yet, so there is no acceptance rate)'
      : ` (${formatPercent(a.acceptanceRate)} of those answered or expired)`
  return `${when}, ${wasWere(a.requestsMade, 'request', 'made')} and ${a.requestsAccepted} accepted${rate}; ${mentorships}.`
}

export interface RatingWeek extends Week {
  checkIns: number
  averageRating: number | null
  goodFitRate: number | null
}

export interface RatingFigures extends Period {
  checkIns: number
  averageRating: number | null
  goodFitRate: number | null
  weeks: readonly RatingWeek[]
}

/** Ratings and the good-fit rate in words: over the period, their weekly range, and the empty weeks. */
export function ratingsSummary(a: RatingFigures): string {
  const when = `From ${periodWords(a.from, a.to)}`
  if (a.checkIns === 0 || a.averageRating === null) {
    return `${when}, no check-ins were given, so there is no rating or good-fit rate to show (${NO_DATA}).`
  }
  const fit = a.goodFitRate === null ? '' : ` and ${formatPercent(a.goodFitRate)} said the pair is a good fit`
  const overall = `${when}, ${counted(a.checkIns, 'check-in')} rated the mentorship ${formatRating(a.averageRating)} on average${fit}`
  const ratings = range(a.weeks, (week) => week.averageRating)
  if (!ratings) return `${overall}.`
  let weekly: string
  if (ratings.known === 1) {
    const only = ratings.low
    const onlyFit = only.goodFitRate === null ? '' : `, ${formatPercent(only.goodFitRate)} a good fit`
    weekly = `only the ${weekOf(only)} had check-ins (${formatRating(only.averageRating!)}${onlyFit})`
  } else {
    weekly = `week by week, the average rating went from ${formatRating(ratings.low.averageRating!)} (${weekOf(ratings.low)}) to ${formatRating(ratings.high.averageRating!)} (${weekOf(ratings.high)})`
    const fits = range(a.weeks, (week) => week.goodFitRate)
    if (fits && fits.known > 1) {
      weekly += ` and the good-fit rate from ${formatPercent(fits.low.goodFitRate!)} to ${formatPercent(fits.high.goodFitRate!)}`
    }
  }
  return `${overall}; ${weekly}${missing(a.weeks, ratings.known, 'no check-ins')}.`
}

export interface ResponseWeek extends Week {
  medianHoursToRespond: number | null
}

export interface ResponseFigures extends Period {
  medianHoursToRespond: number | null
  weeks: readonly ResponseWeek[]
}

/** The median time to respond in words: over the period, its weekly range, and the weeks without one. */
export function responseSummary(a: ResponseFigures): string {
  const when = `From ${periodWords(a.from, a.to)}`
  if (a.medianHoursToRespond === null) {
    return `${when}, no request was accepted or declined, so there is no time to respond to show (${NO_DATA}).`
  }
  const overall = `${when}, requests were accepted or declined in a median ${formatHours(a.medianHoursToRespond)}`
  const medians = range(a.weeks, (week) => week.medianHoursToRespond)
  if (!medians) return `${overall}.`
  const weekly =
    medians.known === 1
      ? `only requests made in the ${weekOf(medians.low)} were answered`
      : `by the week a request was made, the median went from ${formatHours(medians.low.medianHoursToRespond!)} (${weekOf(medians.low)}) to ${formatHours(medians.high.medianHoursToRespond!)} (${weekOf(medians.high)})`
  return `${overall}; ${weekly}${missing(a.weeks, medians.known, 'no answered requests')}.`
}

export interface UnmatchedWeek extends Week {
  unmatchedMentees: number
}

export interface UnmatchedFigures {
  unmatchedMentees: number
  medianDaysUnmatched: number | null
  longestDaysUnmatched: number | null
  weeks: readonly UnmatchedWeek[]
}

/** Mentees without a mentor in words: at the first and last week's end, the most, and now. */
export function unmatchedSummary(a: UnmatchedFigures): string {
  const mentees = (count: number) => counted(count, 'mentee')
  const parts: string[] = []
  const first = a.weeks[0]
  const last = a.weeks.at(-1)
  if (first && last) {
    if (first === last) {
      parts.push(`At the end of the ${weekOf(first)}, ${mentees(first.unmatchedMentees)} had no mentor`)
    } else {
      let text = `At the end of the ${weekOf(first)}, ${mentees(first.unmatchedMentees)} had no mentor; at the end of the ${weekOf(last)}, ${last.unmatchedMentees}`
      const most = a.weeks.reduce((best, week) => (week.unmatchedMentees > best.unmatchedMentees ? week : best))
      if (most !== first && most !== last && most.unmatchedMentees > Math.max(first.unmatchedMentees, last.unmatchedMentees)) {
        text += `, with the most, ${most.unmatchedMentees}, at the end of the ${weekOf(most)}`
      }
      parts.push(text)
    }
  }
  if (a.unmatchedMentees === 0) {
    parts.push('Now every mentee has a mentor')
  } else {
    const waits =
      a.medianDaysUnmatched === null || a.longestDaysUnmatched === null
        ? ''
        : `, waiting ${formatDays(a.medianDaysUnmatched)} (median), the longest ${formatDays(a.longestDaysUnmatched)}`
    parts.push(`Now ${a.unmatchedMentees === 1 ? '1 mentee has' : `${a.unmatchedMentees} mentees have`} no mentor${waits}`)
  }
  return `${parts.join('. ')}.`
}

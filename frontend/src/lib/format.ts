// Dates and numbers in words, with Intl (British day-month order: "3 Dec 2026").

const dateFormat = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric' })
const dateTimeFormat = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
})
// A calendar day (the API's `Date`, "2026-12-03") is the same day everywhere: format it in UTC.
const dayFormat = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' })
const relativeFormat = new Intl.RelativeTimeFormat('en', { numeric: 'auto' })

type DateInput = string | number | Date

function toDate(value: DateInput): Date {
  return value instanceof Date ? value : new Date(value)
}

/** "3 Dec 2026" */
export function formatDate(value: DateInput): string {
  return dateFormat.format(toDate(value))
}

/** A calendar day "2026-12-03" -> "3 Dec 2026", whatever the viewer's time zone. */
export function formatDay(isoDate: string): string {
  return dayFormat.format(new Date(`${isoDate.slice(0, 10)}T00:00:00Z`))
}

/** Today on the viewer's calendar as "2026-12-03" (what a date input holds). */
export function todayIsoDate(now: Date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`
}

/** 45 -> "45 min", 90 -> "1 h 30 min", 120 -> "2 h" */
export function formatMinutes(minutes: number): string {
  const hours = Math.floor(minutes / 60)
  const rest = minutes % 60
  if (hours === 0) return `${rest} min`
  return rest === 0 ? `${hours} h` : `${hours} h ${rest} min`
}

/** "3 Dec 2026, 14:05" */
export function formatDateTime(value: DateInput): string {
  return dateTimeFormat.format(toDate(value))
}

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
  ['second', 1],
]

/** "in 13 days", "2 hours ago", "now": the largest whole unit between `value` and `now`. */
export function formatRelative(value: DateInput, now: DateInput = Date.now()): string {
  const seconds = (toDate(value).getTime() - toDate(now).getTime()) / 1000
  const abs = Math.abs(seconds)
  for (const [unit, size] of UNITS) {
    // Weeks and months read oddly for short spans ("in 2 weeks" for 13 days): days up to a month.
    if (unit === 'week') continue
    if (abs >= size || unit === 'second') {
      const amount = Math.round(seconds / size)
      if (unit === 'second' && Math.abs(amount) < 30) return 'now'
      return relativeFormat.format(amount, unit)
    }
  }
  return relativeFormat.format(0, 'second')
}

/** 0.823 -> "82%" */
export function formatPercent(fraction: number): string {
  return `${Math.round(fraction * 100)}%`
}

const orList = new Intl.ListFormat('en-GB', { type: 'disjunction' })

/** Each text in curly quotes, joined with "or": “a”, “b” or “c”. */
export function quotedList(texts: readonly string[]): string {
  return orList.format(texts.map((text) => `“${text}”`))
}

/** 60 -> "UTC+01:00", -330 -> "UTC-05:30" */
export function formatUtcOffset(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+'
  const abs = Math.abs(minutes)
  const hh = String(Math.floor(abs / 60)).padStart(2, '0')
  const mm = String(abs % 60).padStart(2, '0')
  return `UTC${sign}${hh}:${mm}`
}

/** Career stages in the API's order (early career to executive), with their labels. */
export const CAREER_STAGES = [
  { value: 'EARLY_CAREER', label: 'Early career' },
  { value: 'MID_CAREER', label: 'Mid career' },
  { value: 'SENIOR', label: 'Senior' },
  { value: 'DIRECTOR', label: 'Director' },
  { value: 'EXECUTIVE', label: 'Executive' },
] as const

export type CareerStageValue = (typeof CAREER_STAGES)[number]['value']

export function careerStageLabel(value: string | null | undefined): string {
  return CAREER_STAGES.find((stage) => stage.value === value)?.label ?? 'Not given'
}

// The period the analytics cover: inclusive UTC days, as the API counts, kept in the URL (`?from=&to=`).

/** The period shown when none is chosen: the last 12 weeks, today included. */
export const DEFAULT_WEEKS = 12

const DAY_MS = 24 * 3600 * 1000
const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/

/** "2026-12-01" for a moment, on the UTC calendar (the days the API counts in). */
export function isoDay(moment: Date): string {
  return moment.toISOString().slice(0, 10)
}

/** Whether `value` is a real calendar day written "YYYY-MM-DD". */
export function isIsoDay(value: string | null | undefined): value is string {
  if (!value || !ISO_DAY.test(value)) return false
  const day = new Date(`${value}T00:00:00Z`)
  return !Number.isNaN(day.getTime()) && isoDay(day) === value
}

export interface Period {
  from: string
  to: string
}

/** The last `weeks` weeks up to today (UTC): 84 days for 12 weeks, both ends included. */
export function defaultPeriod(now: Date = new Date(), weeks = DEFAULT_WEEKS): Period {
  const to = isoDay(now)
  const from = isoDay(new Date(new Date(`${to}T00:00:00Z`).getTime() - (weeks * 7 - 1) * DAY_MS))
  return { from, to }
}

/** The period in the URL (`?from=&to=`), each end that is missing or malformed taken from the default. */
export function readPeriod(params: URLSearchParams, now: Date = new Date()): Period {
  const fallback = defaultPeriod(now)
  const from = params.get('from')
  const to = params.get('to')
  return { from: isIsoDay(from) ? from : fallback.from, to: isIsoDay(to) ? to : fallback.to }
}

/** Problems with a period typed into the form, by field; empty when it can be asked for. */
export function periodErrors(period: { from: string; to: string }): Partial<Record<keyof Period, string>> {
  const errors: Partial<Record<keyof Period, string>> = {}
  if (!isIsoDay(period.from)) errors.from = 'Enter the first day of the period.'
  if (!isIsoDay(period.to)) errors.to = 'Enter the last day of the period.'
  if (!errors.from && !errors.to && period.from > period.to) errors.to = 'The last day must not be before the first.'
  return errors
}

/** The quick periods offered beside the form, in weeks up to today; the default among them. */
export const PRESET_WEEKS = [4, DEFAULT_WEEKS, 26, 52] as const

/** The URL's search params for a period: none for the default, so a plain link shows the default. */
export function periodParams(period: Period | null, now: Date = new Date()): Record<string, string> {
  if (!period) return {}
  const fallback = defaultPeriod(now)
  if (period.from === fallback.from && period.to === fallback.to) return {}
  return { from: period.from, to: period.to }
}

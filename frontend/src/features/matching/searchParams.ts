import { CAREER_STAGES, type CareerStageValue } from '@/lib/format'

/**
 * What a match list shows, kept in the URL (ui-contract.md) so a search can be reloaded, shared and
 * stepped back through: `q`, `stage` (repeatable), `department`, `language`, `minOffset` and
 * `maxOffset` (the time zone's current offset from UTC, in hours: `-5`, `5.5`) and, for mentors only,
 * `minRating` (1-5).
 */
export type MatchSide = 'mentors' | 'mentees'

export interface MatchSearch {
  /** Free text; null ranks by my own objectives (mentors) or expertise (mentees). */
  q: string | null
  stages: CareerStageValue[]
  department: string
  language: string
  minOffsetHours: number | null
  maxOffsetHours: number | null
  /** Mentors only. */
  minRating: number | null
}

export const EMPTY_SEARCH: MatchSearch = {
  q: null,
  stages: [],
  department: '',
  language: '',
  minOffsetHours: null,
  maxOffsetHours: null,
  minRating: null,
}

const STAGE_VALUES = new Set<string>(CAREER_STAGES.map((stage) => stage.value))

function isStage(value: string): value is CareerStageValue {
  return STAGE_VALUES.has(value)
}

function text(params: URLSearchParams, name: string): string {
  return (params.get(name) ?? '').trim()
}

function number(params: URLSearchParams, name: string, low: number, high: number): number | null {
  const raw = text(params, name)
  if (raw === '') return null
  const value = Number(raw)
  return Number.isFinite(value) && value >= low && value <= high ? value : null
}

/** The search a URL describes; anything malformed in it is left out rather than sent. */
export function readMatchSearch(params: URLSearchParams, side: MatchSide): MatchSearch {
  const stages = [...new Set(params.getAll('stage').filter(isStage))]
  // In the API's order, so the same filter always writes the same URL.
  stages.sort((a, b) => CAREER_STAGES.findIndex((s) => s.value === a) - CAREER_STAGES.findIndex((s) => s.value === b))
  return {
    q: text(params, 'q') || null,
    stages,
    department: text(params, 'department'),
    language: text(params, 'language'),
    minOffsetHours: number(params, 'minOffset', -14, 14),
    maxOffsetHours: number(params, 'maxOffset', -14, 14),
    minRating: side === 'mentors' ? number(params, 'minRating', 1, 5) : null,
  }
}

/** The URL parameters of a search: only what is set, in a fixed order. */
export function writeMatchSearch(search: MatchSearch, side: MatchSide): URLSearchParams {
  const params = new URLSearchParams()
  const q = search.q?.trim()
  if (q) params.set('q', q)
  for (const stage of search.stages) params.append('stage', stage)
  if (search.department.trim()) params.set('department', search.department.trim())
  if (search.language.trim()) params.set('language', search.language.trim())
  if (search.minOffsetHours !== null) params.set('minOffset', String(search.minOffsetHours))
  if (search.maxOffsetHours !== null) params.set('maxOffset', String(search.maxOffsetHours))
  if (side === 'mentors' && search.minRating !== null) params.set('minRating', String(search.minRating))
  return params
}

/** Whether any filter (not the search text) narrows the list. */
export function hasFilters(search: MatchSearch): boolean {
  return (
    search.stages.length > 0 ||
    search.department !== '' ||
    search.language !== '' ||
    search.minOffsetHours !== null ||
    search.maxOffsetHours !== null ||
    search.minRating !== null
  )
}

function minutes(hours: number | null): number | null {
  return hours === null ? null : Math.round(hours * 60)
}

/** The `filter` argument of mentorMatches / menteeMatches, or null when nothing narrows the list. */
export function apiFilter(search: MatchSearch, side: MatchSide) {
  if (!hasFilters(search)) return null
  return {
    careerStages: search.stages.length > 0 ? search.stages : null,
    department: search.department || null,
    language: search.language || null,
    minUtcOffsetMinutes: minutes(search.minOffsetHours),
    maxUtcOffsetMinutes: minutes(search.maxOffsetHours),
    ...(side === 'mentors' ? { minRating: search.minRating } : {}),
  }
}

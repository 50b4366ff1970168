// The programme's settings as the form holds them, and what to send: only what changed.
import type { MatchingDirection, MatchingSettingsInput, ScoreComponentKind } from '@/gql/graphql'

/** The score components in the order the README lists them, with their input field and label. */
export const WEIGHTS: readonly { kind: ScoreComponentKind; field: WeightField; label: string; help: string }[] = [
  { kind: 'SEMANTIC', field: 'semantic', label: 'Semantic', help: 'how near their expertise is to the objectives' },
  { kind: 'SKILLS', field: 'skills', label: 'Skills', help: 'how far the mentor’s level lifts the mentee’s' },
  { kind: 'PERSONALITY', field: 'personality', label: 'Personality', help: 'Big Five closeness and MBTI fit' },
  { kind: 'FEEDBACK', field: 'feedback', label: 'Feedback', help: 'the mentor’s public rating' },
  { kind: 'AVAILABILITY', field: 'availability', label: 'Availability', help: 'the share of free places' },
  { kind: 'CAREER_DIRECTION', field: 'careerDirection', label: 'Career direction', help: 'the programme’s direction' },
  { kind: 'RESPONSIVENESS', field: 'responsiveness', label: 'Responsiveness', help: 'how the mentor answers requests' },
]

export type WeightField = 'semantic' | 'skills' | 'personality' | 'feedback' | 'availability' | 'careerDirection' | 'responsiveness'

/** The whole-number limits, each with its range (the API's, so the form can say it before sending). */
export const LIMITS = [
  { field: 'defaultCapacity', label: 'Capacity of a new mentor', min: 1, max: 20, unit: 'mentees', help: 'The places a new mentor profile starts with; each mentor can change their own.' },
  { field: 'maxMentorsPerMentee', label: 'Mentors per mentee', min: 1, max: 10, unit: 'mentors', help: 'Active mentorships one participant may have as mentee.' },
  { field: 'maxPendingRequests', label: 'Pending requests per participant', min: 1, max: 50, unit: 'requests', help: 'Requests one participant may have sent and waiting at once.' },
  { field: 'requestTtlDays', label: 'Days a request waits', min: 1, max: 90, unit: 'days', help: 'An unanswered request expires after this; applies to requests sent from then on.' },
  { field: 'checkInIntervalDays', label: 'Days between check-ins', min: 1, max: 90, unit: 'days', help: 'How often participants are asked for a check-in; also how long the final one stays open.' },
] as const

export type LimitField = (typeof LIMITS)[number]['field']

export const DIRECTIONS: readonly { value: MatchingDirection; label: string }[] = [
  { value: 'ANY', label: 'Any' },
  { value: 'REVERSE', label: 'Reverse mentoring' },
  { value: 'TRADITIONAL', label: 'Traditional' },
]

export interface SettingsDraft {
  /** Each weight 0-1, by input field. */
  weights: Record<WeightField, number>
  direction: MatchingDirection
  requireDirection: boolean
  /** As typed, so a half-typed number is not lost. */
  limits: Record<LimitField, string>
}

export interface SettingsValues {
  weights: readonly { kind: ScoreComponentKind; weight: number }[]
  direction: MatchingDirection
  requireDirection: boolean
  defaultCapacity: number
  maxMentorsPerMentee: number
  maxPendingRequests: number
  requestTtlDays: number
  checkInIntervalDays: number
}

export function draftFromSettings(settings: SettingsValues): SettingsDraft {
  const weights = Object.fromEntries(WEIGHTS.map(({ field }) => [field, 0])) as Record<WeightField, number>
  for (const { kind, weight } of settings.weights) {
    const field = WEIGHTS.find((w) => w.kind === kind)?.field
    if (field) weights[field] = weight
  }
  const limits = Object.fromEntries(LIMITS.map(({ field }) => [field, String(settings[field])])) as Record<LimitField, string>
  return { weights, direction: settings.direction, requireDirection: settings.requireDirection, limits }
}

/** Each weight's share of their sum (what it counts for when every component applies), 0 when all are 0. */
export function normalisedShares(weights: Record<WeightField, number>): Record<WeightField, number> {
  const total = Object.values(weights).reduce((sum, w) => sum + w, 0)
  return Object.fromEntries(
    Object.entries(weights).map(([field, w]) => [field, total > 0 ? w / total : 0]),
  ) as Record<WeightField, number>
}

/** What the form can tell before sending, by the API's field names. */
export function draftErrors(draft: SettingsDraft): Record<string, string[]> {
  const errors: Record<string, string[]> = {}
  for (const limit of LIMITS) {
    const text = draft.limits[limit.field].trim()
    const value = Number(text)
    if (!text || !Number.isInteger(value) || value < limit.min || value > limit.max) {
      errors[limit.field] = [`Enter a whole number from ${limit.min} to ${limit.max}.`]
    }
  }
  if (Object.values(draft.weights).every((w) => w === 0)) errors.weights = ['At least one weight must be above 0.']
  return errors
}

/** The input for updateMatchingSettings: only what differs from `saved` (null when nothing does). */
export function changedInput(draft: SettingsDraft, saved: SettingsDraft): MatchingSettingsInput | null {
  const input: MatchingSettingsInput = {}
  const weights: Partial<Record<WeightField, number>> = {}
  for (const { field } of WEIGHTS) {
    if (draft.weights[field] !== saved.weights[field]) weights[field] = draft.weights[field]
  }
  if (Object.keys(weights).length > 0) input.weights = weights
  if (draft.direction !== saved.direction) input.direction = draft.direction
  if (draft.requireDirection !== saved.requireDirection) input.requireDirection = draft.requireDirection
  for (const { field } of LIMITS) {
    const value = Number(draft.limits[field].trim())
    if (value !== Number(saved.limits[field])) input[field] = value
  }
  return Object.keys(input).length > 0 ? input : null
}

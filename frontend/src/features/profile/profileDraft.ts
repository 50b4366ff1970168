// The profile form's state, kept apart from React so its rules (what is sent, where each of the
// API's field errors goes) can be read and tested on their own.
import type { CareerStage, ProfileFormFieldsFragment, ProfileInput } from '@/gql/graphql'
import { fieldErrors, formErrors, type UserErrorLike } from '@/lib/errors'

export const BIG_FIVE_TRAITS = [
  { key: 'openness', label: 'Openness' },
  { key: 'conscientiousness', label: 'Conscientiousness' },
  { key: 'extraversion', label: 'Extraversion' },
  { key: 'agreeableness', label: 'Agreeableness' },
  { key: 'neuroticism', label: 'Neuroticism' },
] as const

export type BigFiveTrait = (typeof BIG_FIVE_TRAITS)[number]['key']
export type BigFiveScores = Record<BigFiveTrait, number>

/** A text of an editable list; `key` stays with it when it moves, so its error follows it. */
export interface ListItem {
  key: string
  text: string
}

export interface SkillDraft {
  key: string
  name: string
  level: number
}

export interface ProfileDraft {
  canMentor: boolean
  seeksMentoring: boolean
  headline: string
  bio: string
  expertise: ListItem[]
  objectives: ListItem[]
  skills: SkillDraft[]
  careerStage: CareerStage | ''
  /** As typed; checked to be a whole number before sending. */
  yearsOfExperience: string
  department: string
  location: string
  timezone: string
  /** Comma separated, as typed. */
  languages: string
  contactNote: string
  capacity: string
  acceptingRequests: boolean
  includeBigFive: boolean
  bigFive: BigFiveScores
  mbti: string
}

export type ProfileData = ProfileFormFieldsFragment

let lastKey = 0
/** A key for a new list item or skill, unique for this page. */
export function newKey(): string {
  lastKey += 1
  return `k${lastKey}`
}

const MIDDLE_SCORES: BigFiveScores = {
  openness: 50,
  conscientiousness: 50,
  extraversion: 50,
  agreeableness: 50,
  neuroticism: 50,
}

/** Keys of `previous` are kept by position, so a save does not move focus or errors around. */
function toItems(texts: readonly string[], previous: readonly ListItem[] = []): ListItem[] {
  return texts.map((text, index) => ({ key: previous[index]?.key ?? newKey(), text }))
}

/** The form's starting point: the saved profile, or sensible defaults for a first profile. */
export function draftFromProfile(
  profile: ProfileData | null | undefined,
  previous?: ProfileDraft,
  defaultTimezone: string = browserTimezone(),
): ProfileDraft {
  if (!profile) {
    return {
      canMentor: false,
      seeksMentoring: false,
      headline: '',
      bio: '',
      expertise: [],
      objectives: [],
      skills: [],
      careerStage: '',
      yearsOfExperience: '',
      department: '',
      location: '',
      timezone: defaultTimezone,
      languages: '',
      contactNote: '',
      capacity: '2',
      acceptingRequests: true,
      includeBigFive: false,
      bigFive: { ...MIDDLE_SCORES },
      mbti: '',
    }
  }
  const bigFive = profile.personality?.bigFive
  return {
    canMentor: profile.canMentor,
    seeksMentoring: profile.seeksMentoring,
    headline: profile.headline ?? '',
    bio: profile.bio ?? '',
    expertise: toItems(profile.expertise, previous?.expertise),
    objectives: toItems(profile.objectives, previous?.objectives),
    skills: profile.skills.map((skill, index) => ({
      key: previous?.skills[index]?.key ?? newKey(),
      name: skill.name,
      level: skill.level,
    })),
    careerStage: profile.careerStage ?? '',
    yearsOfExperience: profile.yearsOfExperience === null ? '' : String(profile.yearsOfExperience),
    department: profile.department ?? '',
    location: profile.location ?? '',
    timezone: profile.timezone ?? '',
    languages: profile.languages.join(', '),
    contactNote: profile.contactNote ?? '',
    capacity: String(profile.capacity),
    acceptingRequests: profile.acceptingRequests,
    includeBigFive: !!bigFive,
    bigFive: bigFive
      ? {
          openness: bigFive.openness,
          conscientiousness: bigFive.conscientiousness,
          extraversion: bigFive.extraversion,
          agreeableness: bigFive.agreeableness,
          neuroticism: bigFive.neuroticism,
        }
      : { ...MIDDLE_SCORES },
    mbti: profile.personality?.mbti ?? '',
  }
}

export function browserTimezone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone ?? ''
  } catch {
    return ''
  }
}

/** "English, Spanish ," -> ["English", "Spanish"] */
export function splitLanguages(text: string): string[] {
  return text
    .split(',')
    .map((language) => language.trim())
    .filter(Boolean)
}

function optionalText(text: string): string | null {
  return text.trim() ? text : null
}

/** Errors by where they show: a field name, `item:<key>`, `skill:<key>:name|level`, a personality path. */
export interface PlacedErrors {
  fields: Record<string, string[]>
  /** Errors that name no field the form shows: said once for the whole form. */
  form: string[]
}

export const NO_ERRORS: PlacedErrors = { fields: {}, form: [] }

function wholeNumber(text: string): number | null | undefined {
  const trimmed = text.trim()
  if (!trimmed) return null
  return /^-?\d+$/.test(trimmed) ? Number(trimmed) : undefined
}

/**
 * The `updateMyProfile` input for the whole form (sending every field is simplest and always right),
 * or the fields that cannot even be sent (a number that is not a whole number).
 */
export function inputFromDraft(draft: ProfileDraft): { input: ProfileInput; errors: PlacedErrors } {
  const errors: Record<string, string[]> = {}
  const years = wholeNumber(draft.yearsOfExperience)
  if (years === undefined) errors.yearsOfExperience = ['Enter a whole number of years, or leave it empty.']
  const capacity = wholeNumber(draft.capacity)
  if (capacity === undefined || capacity === null) errors.capacity = ['Enter how many mentees you can take at once, e.g. 2.']

  const mbti = draft.mbti.trim()
  const personality =
    draft.includeBigFive || mbti ? { bigFive: draft.includeBigFive ? { ...draft.bigFive } : null, mbti: mbti || null } : null

  const input: ProfileInput = {
    canMentor: draft.canMentor,
    seeksMentoring: draft.seeksMentoring,
    headline: optionalText(draft.headline),
    bio: optionalText(draft.bio),
    // Empty items are sent too: the API names them by index (`objectives[2]`), which is how its
    // error finds its way back to the right item.
    expertise: draft.expertise.map((item) => item.text),
    objectives: draft.objectives.map((item) => item.text),
    skills: draft.skills.map((skill) => ({ name: skill.name, level: skill.level })),
    careerStage: draft.careerStage || null,
    yearsOfExperience: years ?? null,
    department: optionalText(draft.department),
    location: optionalText(draft.location),
    timezone: draft.timezone || null,
    languages: splitLanguages(draft.languages),
    contactNote: optionalText(draft.contactNote),
    capacity: capacity ?? undefined,
    acceptingRequests: draft.acceptingRequests,
    personality,
  }
  return { input, errors: { fields: errors, form: [] } }
}

const SCALAR_FIELDS = new Set([
  'canMentor',
  'seeksMentoring',
  'headline',
  'bio',
  'expertise',
  'objectives',
  'skills',
  'careerStage',
  'yearsOfExperience',
  'department',
  'location',
  'timezone',
  'languages',
  'contactNote',
  'capacity',
  'acceptingRequests',
  'personality',
  'personality.bigFive',
  'personality.mbti',
  ...BIG_FIVE_TRAITS.map((trait) => `personality.bigFive.${trait.key}`),
])

/** Where the API's field path shows on the form, for the draft that was sent; null if nowhere. */
export function placeOf(path: string, sent: ProfileDraft): { at: string; prefix?: string } | null {
  if (SCALAR_FIELDS.has(path)) return { at: path }
  const item = /^(expertise|objectives)\[(\d+)\]$/.exec(path)
  if (item) {
    const list = item[1] === 'expertise' ? sent.expertise : sent.objectives
    const key = list[Number(item[2])]?.key
    return key ? { at: `item:${key}` } : { at: item[1]! }
  }
  const skill = /^skills\[(\d+)\](?:\.(name|level))?$/.exec(path)
  if (skill) {
    const key = sent.skills[Number(skill[1])]?.key
    return key ? { at: `skill:${key}:${skill[2] ?? 'name'}` } : { at: 'skills' }
  }
  const language = /^languages\[(\d+)\]$/.exec(path)
  if (language) {
    const index = Number(language[1])
    const name = splitLanguages(sent.languages)[index]
    return { at: 'languages', prefix: name ? `“${name}”: ` : `Language ${index + 1}: ` }
  }
  return null
}

/** The API's errors placed next to their fields of the draft that was sent (`objectives[2]` -> that item). */
export function placeProfileErrors(errors: readonly UserErrorLike[], sent: ProfileDraft): PlacedErrors {
  const fields: Record<string, string[]> = {}
  const form = formErrors(errors)
  for (const [path, messages] of Object.entries(fieldErrors(errors))) {
    const place = placeOf(path, sent)
    if (!place) {
      form.push(...messages)
      continue
    }
    ;(fields[place.at] ??= []).push(...messages.map((message) => (place.prefix ?? '') + message))
  }
  return { fields, form }
}

/** Moves the item at `index` by `delta` (-1 up, +1 down); unchanged at either end. */
export function moveItem<T>(items: readonly T[], index: number, delta: -1 | 1): T[] {
  const target = index + delta
  if (index < 0 || index >= items.length || target < 0 || target >= items.length) return items.slice()
  const next = items.slice()
  const [moved] = next.splice(index, 1)
  next.splice(target, 0, moved as T)
  return next
}

export function removeItem<T>(items: readonly T[], index: number): T[] {
  return items.filter((_, position) => position !== index)
}

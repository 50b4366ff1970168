import { describe, expect, it } from 'vitest'
import { draftFromProfile, inputFromDraft, moveItem, placeProfileErrors, type ProfileData } from './profileDraft'

const profile: ProfileData = {
  canMentor: false,
  seeksMentoring: true,
  headline: 'Data analyst',
  bio: null,
  expertise: ['SQL'],
  objectives: ['public speaking', 'negotiation', 'negotiation'],
  skills: [{ name: 'Python', level: 2 }],
  careerStage: 'EARLY_CAREER',
  yearsOfExperience: 3,
  department: null,
  location: 'Lisbon',
  timezone: 'Europe/Lisbon',
  languages: ['Portuguese', 'English'],
  contactNote: null,
  capacity: 2,
  acceptingRequests: true,
  personality: null,
  updatedAt: '2026-12-01T12:00:00Z',
}

describe('profile draft', () => {
  it('sends every field, clearing empty texts and leaving personality out unless given', () => {
    const { input, errors } = inputFromDraft(draftFromProfile(profile))
    expect(errors.fields).toEqual({})
    expect(input).toMatchObject({
      headline: 'Data analyst',
      bio: null,
      objectives: ['public speaking', 'negotiation', 'negotiation'],
      skills: [{ name: 'Python', level: 2 }],
      yearsOfExperience: 3,
      languages: ['Portuguese', 'English'],
      capacity: 2,
      personality: null,
    })
  })

  it('sends Big Five only when included, and MBTI on its own', () => {
    const draft = { ...draftFromProfile(profile), mbti: ' intj ' }
    expect(inputFromDraft(draft).input.personality).toEqual({ bigFive: null, mbti: 'intj' })
    const withScores = { ...draft, includeBigFive: true }
    expect(inputFromDraft(withScores).input.personality?.bigFive).toMatchObject({ openness: 50, neuroticism: 50 })
  })

  it('refuses to send a number that is not whole', () => {
    const { errors } = inputFromDraft({ ...draftFromProfile(profile), yearsOfExperience: '2.5', capacity: '' })
    expect(Object.keys(errors.fields).sort()).toEqual(['capacity', 'yearsOfExperience'])
  })

  it('places each API path next to its field, by the item that was sent', () => {
    const sent = draftFromProfile(profile)
    const placed = placeProfileErrors(
      [
        { code: 'INVALID_INPUT', message: 'Is listed twice.', field: 'objectives[2]' },
        { code: 'INVALID_INPUT', message: 'Must be between 1 and 5.', field: 'skills[0].level' },
        { code: 'INVALID_INPUT', message: 'Must be between 0 and 100.', field: 'personality.bigFive.openness' },
        { code: 'INVALID_INPUT', message: 'Must not be empty.', field: 'languages[1]' },
        { code: 'INVALID_INPUT', message: 'Is not a profile field.', field: 'shoeSize' },
        { code: 'CONFLICT', message: 'Your profile kept changing while it was saved; try again.', field: null },
      ],
      sent,
    )
    expect(placed.fields[`item:${sent.objectives[2]!.key}`]).toEqual(['Is listed twice.'])
    expect(placed.fields[`skill:${sent.skills[0]!.key}:level`]).toEqual(['Must be between 1 and 5.'])
    expect(placed.fields['personality.bigFive.openness']).toEqual(['Must be between 0 and 100.'])
    expect(placed.fields.languages).toEqual(['“English”: Must not be empty.'])
    expect(placed.form).toEqual(['Your profile kept changing while it was saved; try again.', 'Is not a profile field.'])
  })

  it('keeps item keys across a save, so focus and errors stay put', () => {
    const before = draftFromProfile(profile)
    const after = draftFromProfile({ ...profile, objectives: ['public speaking', 'negotiation'] }, before)
    expect(after.objectives.map((item) => item.key)).toEqual(before.objectives.slice(0, 2).map((item) => item.key))
  })

  it('moves an item and leaves the ends alone', () => {
    expect(moveItem(['a', 'b', 'c'], 2, -1)).toEqual(['a', 'c', 'b'])
    expect(moveItem(['a', 'b', 'c'], 0, -1)).toEqual(['a', 'b', 'c'])
    expect(moveItem(['a', 'b', 'c'], 0, 1)).toEqual(['b', 'a', 'c'])
  })
})

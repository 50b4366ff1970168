import { describe, expect, it } from 'vitest'
import { apiFilter, EMPTY_SEARCH, hasFilters, readMatchSearch, writeMatchSearch } from './searchParams'

describe('match search in the URL', () => {
  it('reads back every part of a search it wrote', () => {
    const search = {
      q: 'run services on Kubernetes',
      stages: ['MID_CAREER' as const, 'SENIOR' as const],
      department: 'Platform',
      language: 'German',
      minOffsetHours: -5,
      maxOffsetHours: 5.5,
      minRating: 4,
    }
    const params = writeMatchSearch(search, 'mentors')
    expect(params.toString()).toBe(
      'q=run+services+on+Kubernetes&stage=MID_CAREER&stage=SENIOR&department=Platform&language=German&minOffset=-5&maxOffset=5.5&minRating=4',
    )
    expect(readMatchSearch(new URLSearchParams(params.toString()), 'mentors')).toEqual(search)
  })

  it('turns it into the API filter, offsets in minutes', () => {
    const search = readMatchSearch(new URLSearchParams('stage=SENIOR&minOffset=-5&maxOffset=5.5&minRating=3.5'), 'mentors')
    expect(apiFilter(search, 'mentors')).toEqual({
      careerStages: ['SENIOR'],
      department: null,
      language: null,
      minUtcOffsetMinutes: -300,
      maxUtcOffsetMinutes: 330,
      minRating: 3.5,
    })
    expect(apiFilter(EMPTY_SEARCH, 'mentors')).toBeNull()
  })

  it('leaves out what is malformed, and minRating for mentees', () => {
    const params = new URLSearchParams('q=%20%20&stage=WIZARD&stage=SENIOR&stage=SENIOR&minOffset=abc&maxOffset=99&minRating=4')
    const mentees = readMatchSearch(params, 'mentees')
    expect(mentees).toEqual({ ...EMPTY_SEARCH, stages: ['SENIOR'] })
    expect(apiFilter(mentees, 'mentees')).not.toHaveProperty('minRating')
    expect(writeMatchSearch({ ...mentees, minRating: 4 }, 'mentees').toString()).toBe('stage=SENIOR')
    expect(hasFilters(readMatchSearch(new URLSearchParams('q=rust'), 'mentors'))).toBe(false)
  })
})

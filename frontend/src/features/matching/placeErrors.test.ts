import { describe, expect, it } from 'vitest'
import { ERROR_MESSAGES } from '@/lib/errors'
import { placeErrors } from './ProposalDialog'

describe('placeErrors', () => {
  it('puts objectives[n] next to the nth objective sent, not the nth listed', () => {
    const sent = ['Learn Rust', 'Speak up in meetings']
    const problems = placeErrors(
      [
        { code: 'INVALID_INPUT', message: 'Must be at most 300 characters.', field: 'objectives[1]' },
        { code: 'INVALID_INPUT', message: 'At most 10 objectives.', field: 'objectives' },
        { code: 'INVALID_INPUT', message: 'Say why you want to work together.', field: 'message' },
      ],
      sent,
    )
    expect(problems.perObjective).toEqual({ 'Speak up in meetings': ['Must be at most 300 characters.'] })
    expect(problems.objectives).toEqual(['At most 10 objectives.'])
    expect(problems.message).toEqual(['Say why you want to work together.'])
    expect(problems.form).toEqual([])
  })

  it('explains a refusal about someone else (mentorId) for the whole form, code in words', () => {
    const problems = placeErrors(
      [{ code: 'NOT_ACCEPTING', message: 'Maya Chen is not accepting requests.', field: 'mentorId' }],
      [],
    )
    expect(problems.form).toEqual([[ERROR_MESSAGES.NOT_ACCEPTING, 'Maya Chen is not accepting requests.']])
    expect(problems.seeRequests).toBe(false)
  })
})

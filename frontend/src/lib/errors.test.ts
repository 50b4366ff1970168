import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { CombinedError } from '@urql/core'
import { describe, expect, it } from 'vitest'
import {
  describeError,
  ERROR_MESSAGES,
  fieldErrors,
  formatWait,
  formErrors,
  retryAfterSeconds,
  SSO_ERROR_MESSAGES,
} from './errors'

function readmeErrorCodes(): string[] {
  const readme = readFileSync(join(dirname(fileURLToPath(import.meta.url)), '../../../README.md'), 'utf8')
  const table = readme.split('Error codes')[1] ?? ''
  return [...table.matchAll(/^\| `([A-Z_]+)` \|/gm)].map((match) => match[1] as string)
}

describe('ERROR_MESSAGES', () => {
  it('explains every error code of the README in words', () => {
    const codes = readmeErrorCodes()
    expect(codes.length).toBeGreaterThanOrEqual(12)
    for (const code of codes) {
      // The single sign-on refusals (README "Single sign-on") have a map of their own.
      const words = code.startsWith('SSO_')
        ? SSO_ERROR_MESSAGES[code]
        : (ERROR_MESSAGES as Record<string, string>)[code]
      expect(words, code).toBeTruthy()
      expect(words, code).not.toContain(code)
    }
  })

  it('explains every single sign-on refusal of the README', () => {
    const codes = readmeErrorCodes().filter((code) => code.startsWith('SSO_'))
    expect(codes.length).toBeGreaterThanOrEqual(8)
    expect(Object.keys(SSO_ERROR_MESSAGES).sort()).toEqual([...codes].sort())
  })
})

describe('fieldErrors', () => {
  it('keys messages by the API field path exactly as sent', () => {
    const errors = fieldErrors([
      { code: 'INVALID_INPUT', message: 'Too long.', field: 'objectives[2]' },
      { code: 'INVALID_INPUT', message: 'Between 0 and 100.', field: 'personality.bigFive.openness' },
      { code: 'INVALID_INPUT', message: 'Also wrong.', field: 'objectives[2]' },
      { code: 'CONFLICT', message: 'Kept changing while it was saved.', field: null },
    ])
    expect(errors).toEqual({
      'objectives[2]': ['Too long.', 'Also wrong.'],
      'personality.bigFive.openness': ['Between 0 and 100.'],
    })
  })

  it('leaves errors without a field to the form', () => {
    expect(formErrors([{ code: 'CONFLICT', message: 'Kept changing while it was saved.', field: null }])).toEqual([
      'Kept changing while it was saved.',
    ])
    expect(fieldErrors(undefined)).toEqual({})
  })
})

describe('describeError', () => {
  it("uses the API's own words for a UserError", () => {
    expect(describeError({ code: 'CAPACITY_REACHED', message: 'Maya has no free place.' })).toBe('Maya has no free place.')
  })

  it('turns the RATE_LIMITED wait into words', () => {
    const error = { code: 'RATE_LIMITED', message: 'Too many attempts. Try again in 840 seconds.' }
    expect(retryAfterSeconds(error.message)).toBe(840)
    expect(describeError(error)).toBe('Too many attempts. Try again in 14 minutes.')
    const requests = { code: 'RATE_LIMITED', message: 'Too many mentorship requests. Try again in 7200 seconds.' }
    expect(describeError(requests)).toBe('Too many mentorship requests. Try again in 2 hours.')
    expect(formatWait(1)).toBe('1 second')
    expect(formatWait(61)).toBe('2 minutes')
  })

  it('explains a network failure and a masked server error, never a raw code', () => {
    expect(describeError(new CombinedError({ networkError: new Error('Failed to fetch') }))).toMatch(/could not reach/)
    const internal = new CombinedError({
      graphQLErrors: [{ message: 'Unexpected error.', extensions: { code: 'INTERNAL', requestId: 'req-42' } }],
    })
    expect(describeError(internal)).toBe(`${ERROR_MESSAGES.INTERNAL} (Reference: req-42)`)
    const unauthenticated = new CombinedError({
      graphQLErrors: [{ message: 'Sign in first.', extensions: { code: 'UNAUTHENTICATED' } }],
    })
    expect(describeError(unauthenticated)).toBe('Sign in first.')
  })
})

import type { CombinedError } from '@urql/core'

/** The error codes of the API (README, "Error codes"); match on these, never on messages. */
export type ErrorCode =
  | 'INVALID_INPUT'
  | 'NOT_FOUND'
  | 'FORBIDDEN'
  | 'UNAUTHENTICATED'
  | 'CONFLICT'
  | 'CAPACITY_REACHED'
  | 'LIMIT_REACHED'
  | 'NOT_ACCEPTING'
  | 'RATE_LIMITED'
  | 'INVALID_CREDENTIALS'
  | 'PASSWORD_SIGN_IN_DISABLED'
  | 'REAUTHENTICATION_REQUIRED'
  | 'CSRF_FAILED'
  | 'QUERY_TOO_COMPLEX'
  | 'TOO_MANY_SUBSCRIPTIONS'
  | 'SERVICE_UNAVAILABLE'
  | 'TOO_LARGE'
  | 'INTERNAL'

/** Each code in plain words, once for the whole app. Shown when the API's own message is not enough. */
export const ERROR_MESSAGES: Record<ErrorCode, string> = {
  INVALID_INPUT: 'Something in the form needs fixing; see the highlighted fields.',
  NOT_FOUND: 'We could not find that. It may have been removed, or it is not visible to you.',
  FORBIDDEN: 'You are not allowed to do that.',
  UNAUTHENTICATED: 'Please sign in first.',
  CONFLICT: 'That collides with something that already exists or just changed. Please check and try again.',
  CAPACITY_REACHED: 'This mentor has no free place for another mentee right now.',
  LIMIT_REACHED: 'You have reached a programme limit (pending requests or mentors at once).',
  NOT_ACCEPTING: 'They are not taking this kind of request at the moment.',
  RATE_LIMITED: 'Too many attempts. Please wait a little and try again.',
  INVALID_CREDENTIALS: 'That email and password do not match an account.',
  PASSWORD_SIGN_IN_DISABLED: 'Password sign-in is turned off here. Sign in with your organisation’s account instead.',
  REAUTHENTICATION_REQUIRED: 'Please sign in again to confirm it is you, then try once more.',
  CSRF_FAILED: 'Your session could not be verified. Reload the page and try again.',
  QUERY_TOO_COMPLEX: 'That asked for more than the server answers at once. Please try a smaller page.',
  TOO_MANY_SUBSCRIPTIONS: 'Too many live updates are open in this tab. Reload the page to start afresh.',
  SERVICE_UNAVAILABLE: 'mentormatch is briefly unavailable; nothing was changed. Please try again in a moment.',
  TOO_LARGE: 'That file is over the upload limit; nothing was read. Split it, or use the command line import.',
  INTERNAL: 'Something went wrong on our side. Please try again in a moment.',
}

/**
 * Why a single sign-on did not sign you in: the `error` of the redirect back to /signin (README,
 * "Single sign-on"), in plain words.
 */
export const SSO_ERROR_MESSAGES: Partial<Record<string, string>> = {
  SSO_STATE_MISMATCH:
    'That sign-in link had expired or was not started from this browser. Please try signing in again.',
  SSO_DENIED: 'The sign-in was cancelled at your organisation’s login page, so you are not signed in.',
  SSO_CODE_REJECTED: 'That sign-in had already been used or had expired. Please try signing in again.',
  SSO_INVALID_ID_TOKEN: 'Your organisation’s login answered with something we could not verify. Please try again.',
  SSO_EMAIL_UNVERIFIED:
    'Your organisation’s login did not confirm your email address, so we cannot sign you in with it. Ask your IT team to verify it.',
  SSO_DOMAIN_NOT_ALLOWED: 'That email address is not from an organisation that takes part in this programme.',
  SSO_ACCOUNT_SUSPENDED: 'This account is suspended. Please contact the programme team.',
  SSO_PROVIDER_UNAVAILABLE: 'Your organisation’s login cannot be reached right now. Please try again in a moment.',
  SSO_RATE_LIMITED: 'Too many sign-in attempts from your network lately. Please wait a little and try again.',
  SSO_NOT_CONFIGURED: 'Single sign-on is not set up here. Sign in with your email and password.',
}

/** The words for a single sign-on refusal code; a code this app does not know still gets a sentence. */
export function describeSsoError(code: string): string {
  return SSO_ERROR_MESSAGES[code] ?? 'Signing in with your organisation did not work. Please try again.'
}

const NETWORK_MESSAGE = 'We could not reach mentormatch. Check your connection and try again.'
const GENERIC_MESSAGE = 'Something went wrong. Please try again.'

/** The API's `UserError` (every mutation payload's `errors`). */
export interface UserErrorLike {
  code: string
  message: string
  field?: string | null
}

export function isErrorCode(code: unknown): code is ErrorCode {
  return typeof code === 'string' && Object.hasOwn(ERROR_MESSAGES, code)
}

/** The seconds to wait, read from a RATE_LIMITED message ("Try again in 840 seconds."). */
export function retryAfterSeconds(message: string): number | null {
  const match = /(\d+)\s*seconds?/i.exec(message)
  return match ? Number(match[1]) : null
}

/** "45 seconds", "1 minute", "14 minutes", "2 hours": a wait in words, rounded up. */
export function formatWait(seconds: number): string {
  const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`
  if (seconds < 60) return plural(Math.max(1, Math.ceil(seconds)), 'second')
  if (seconds < 3600) return plural(Math.ceil(seconds / 60), 'minute')
  return plural(Math.ceil(seconds / 3600), 'hour')
}

function describeUserError(error: UserErrorLike): string {
  if (error.code === 'RATE_LIMITED') {
    const wait = retryAfterSeconds(error.message)
    // The API's own words ("Too many mentorship requests. …"), with the wait in words.
    return wait === null ? ERROR_MESSAGES.RATE_LIMITED : error.message.replace(/\d+\s*seconds?/i, formatWait(wait))
  }
  if (error.code === 'INTERNAL' || !error.message.trim()) {
    return isErrorCode(error.code) ? ERROR_MESSAGES[error.code] : GENERIC_MESSAGE
  }
  // The API's own words: specific ("An account with this email already exists.").
  return error.message
}

function describeCombinedError(error: CombinedError): string {
  if (error.networkError) return NETWORK_MESSAGE
  const first = error.graphQLErrors[0]
  if (!first) return GENERIC_MESSAGE
  const code = first.extensions?.code
  if (code === 'INTERNAL' || !isErrorCode(code)) {
    const requestId = first.extensions?.requestId
    const base = ERROR_MESSAGES.INTERNAL
    return typeof requestId === 'string' ? `${base} (Reference: ${requestId})` : base
  }
  return describeUserError({ code, message: first.message })
}

function isCombinedError(error: unknown): error is CombinedError {
  return typeof error === 'object' && error !== null && 'graphQLErrors' in error
}

/** Plain words for a UserError, a CombinedError (network or GraphQL error) or anything thrown. */
export function describeError(error: UserErrorLike | CombinedError | Error | null | undefined): string {
  if (!error) return GENERIC_MESSAGE
  if (isCombinedError(error)) return describeCombinedError(error)
  if ('code' in error && typeof error.code === 'string') return describeUserError(error as UserErrorLike)
  return GENERIC_MESSAGE
}

/** The code of a CombinedError's first GraphQL error (e.g. UNAUTHENTICATED, NOT_FOUND), if any. */
export function errorCode(error: CombinedError | null | undefined): ErrorCode | null {
  const code = error?.graphQLErrors[0]?.extensions?.code
  return isErrorCode(code) ? code : null
}

/**
 * Messages per input field, keyed by the API's field path exactly as sent
 * (`email`, `objectives[2]`, `skills[0].level`, `personality.bigFive.openness`).
 */
export function fieldErrors(errors: readonly UserErrorLike[] | null | undefined): Record<string, string[]> {
  const byField: Record<string, string[]> = {}
  for (const error of errors ?? []) {
    if (!error.field) continue
    ;(byField[error.field] ??= []).push(describeUserError(error))
  }
  return byField
}

/** Messages of the errors that name no field: shown once for the whole form. */
export function formErrors(errors: readonly UserErrorLike[] | null | undefined): string[] {
  return (errors ?? []).filter((error) => !error.field).map(describeUserError)
}

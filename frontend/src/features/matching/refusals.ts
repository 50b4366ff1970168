import type { CombinedError } from 'urql'
import { describeError, ERROR_MESSAGES, isErrorCode, type UserErrorLike } from '@/lib/errors'

/** How sending a request or an invitation went. */
export type SendOutcome = { ok: true } | { ok: false; errors: readonly UserErrorLike[]; error?: CombinedError }

/** A mutation's result and payload as a SendOutcome (a payload without its object is a failure). */
export function sendOutcome(
  result: { error?: CombinedError },
  payload: { request: unknown; errors: readonly UserErrorLike[] } | null | undefined,
): SendOutcome {
  if (result.error) return { ok: false, errors: [], error: result.error }
  if (!payload) return { ok: false, errors: [] }
  if (payload.errors.length > 0 || !payload.request) return { ok: false, errors: payload.errors }
  return { ok: true }
}

/**
 * A refusal in words: what the code means (lib/errors, once for the app) and then the API's own,
 * more specific message ("Maya has no free place for another mentee."), each once.
 */
export function refusalWords(error: UserErrorLike): string[] {
  const specific = describeError(error)
  // INVALID_INPUT's general words point at highlighted fields; a refusal without a field has none.
  if (!isErrorCode(error.code) || error.code === 'INTERNAL' || error.code === 'INVALID_INPUT') return [specific]
  const general = ERROR_MESSAGES[error.code]
  return general === specific ? [general] : [general, specific]
}

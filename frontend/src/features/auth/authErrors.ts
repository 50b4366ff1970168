import { describeError, fieldErrors, type UserErrorLike } from '@/lib/errors'

export interface AuthFormErrors {
  /** Per input: `email`, `password`, `displayName` (the API's field names). */
  fields: Record<string, string[]>
  /** Once for the form (role="alert"). */
  form: string[]
}

/**
 * Where each sign-in/sign-up error is shown. INVALID_CREDENTIALS names no field on purpose (it must
 * not say which was wrong): it appears under Password, where the fix usually is, and for the form.
 */
export function placeAuthErrors(errors: readonly UserErrorLike[]): AuthFormErrors {
  const fields = fieldErrors(errors)
  const form: string[] = []
  for (const error of errors) {
    if (error.field) continue
    const words = describeError(error)
    if (error.code === 'INVALID_CREDENTIALS') (fields.password ??= []).push(words)
    form.push(words)
  }
  return { fields, form }
}

export const NO_ERRORS: AuthFormErrors = { fields: {}, form: [] }

/** Focus the first field in error, so keyboard and screen-reader users land where the fix is. */
export function focusFirstInvalid(form: HTMLFormElement | null) {
  form?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus()
}

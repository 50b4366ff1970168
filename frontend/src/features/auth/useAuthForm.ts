import { useRef, useState } from 'react'
import { useNavigate } from 'react-router'
import type { CombinedError } from 'urql'
import { useSession } from '@/lib/auth'
import { describeError, type UserErrorLike } from '@/lib/errors'
import { focusFirstInvalid, NO_ERRORS, placeAuthErrors, type AuthFormErrors } from './authErrors'

interface AuthResult {
  error?: CombinedError
  payload: { user: unknown; errors: readonly UserErrorLike[] } | null | undefined
}

/**
 * What sign-in and sign-up share: the form's errors, shown with focus on the first field in error,
 * and the end of a successful attempt (a fresh session, then on to `destination`).
 */
export function useAuthForm() {
  const navigate = useNavigate()
  const { resetSession } = useSession()
  const [errors, setErrors] = useState<AuthFormErrors>(NO_ERRORS)
  const formRef = useRef<HTMLFormElement>(null)

  function show(found: AuthFormErrors) {
    setErrors(found)
    // After React has rendered aria-invalid on the fields.
    requestAnimationFrame(() => focusFirstInvalid(formRef.current))
  }

  /** Missing fields are shown and stop the attempt (true); otherwise earlier errors are cleared. */
  function refuseMissing(missing: Record<string, string[]>): boolean {
    if (Object.keys(missing).length > 0) {
      show({ fields: missing, form: [] })
      return true
    }
    setErrors(NO_ERRORS)
    return false
  }

  /** The API's answer: its errors in place, or a new session and `destination`. */
  function finish({ error, payload }: AuthResult, destination: string) {
    if (error) return show({ fields: {}, form: [describeError(error)] })
    if (!payload) return show({ fields: {}, form: [describeError(null)] })
    if (payload.errors.length > 0 || !payload.user) return show(placeAuthErrors(payload.errors))
    resetSession()
    navigate(destination, { replace: true })
  }

  return { errors, formRef, refuseMissing, finish }
}

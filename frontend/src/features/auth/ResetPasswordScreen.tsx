import { useRef, useState, type FormEvent } from 'react'
import { Link, useNavigate, useSearchParams } from 'react-router'
import { useMutation } from 'urql'
import { Button, EmptyState, ErrorMessage, PageHeader, TextField } from '@/components/ui'
import { graphql } from '@/gql'
import { useSession } from '@/lib/auth'
import { describeError, fieldErrors, formErrors } from '@/lib/errors'
import { focusFirstInvalid } from './authErrors'

export const resetPasswordMutation = graphql(`
  mutation ResetPassword($input: ResetPasswordInput!) {
    resetPassword(input: $input) {
      user {
        id
      }
      errors {
        code
        message
        field
      }
    }
  }
`)

const MIN_PASSWORD_LENGTH = 10
const LINK_SPENT = 'This link has been used or has expired. Ask for a new one (Forgot your password? on the sign-in page).'

/**
 * /reset-password?token=…: the one-time link emailed on request (or issued by an admin). Choose a new password (the same rules
 * as any password); other sessions of the account end. A used or expired link is said so in words.
 */
export function ResetPasswordScreen() {
  const [params] = useSearchParams()
  const token = params.get('token') ?? ''
  const [{ fetching }, reset] = useMutation(resetPasswordMutation)
  const [password, setPassword] = useState('')
  const [repeat, setRepeat] = useState('')
  const [errors, setErrors] = useState<{ password: string[]; repeat: string[]; form: string[] }>({ password: [], repeat: [], form: [] })
  const formRef = useRef<HTMLFormElement>(null)
  const { resetSession } = useSession()
  const navigate = useNavigate()

  function show(found: typeof errors) {
    setErrors(found)
    requestAnimationFrame(() => focusFirstInvalid(formRef.current))
  }

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    if (!password) return show({ password: [`Choose a password of at least ${MIN_PASSWORD_LENGTH} characters.`], repeat: [], form: [] })
    if (repeat !== password) return show({ password: [], repeat: ['The two passwords differ.'], form: [] })
    const result = await reset({ input: { token, newPassword: password } })
    const payload = result.data?.resetPassword
    if (result.error || !payload) return show({ password: [], repeat: [], form: [describeError(result.error ?? null)] })
    if (payload.errors.length > 0) {
      const { newPassword = [], token: aboutToken = [], ...others } = fieldErrors(payload.errors)
      return show({
        password: newPassword,
        repeat: [],
        form: [...(aboutToken.length ? [LINK_SPENT] : []), ...formErrors(payload.errors), ...Object.values(others).flat()],
      })
    }
    // Signed in with the new password when the API says so; else on to sign in with it.
    resetSession()
    if (payload.user) navigate('/', { replace: true })
    else navigate('/signin', { replace: true, state: { passwordReset: true } })
  }

  return (
    <main id="main" tabIndex={-1} className="page page--narrow">
      <p className="auth__brand">mentormatch</p>
      <PageHeader title="Choose a new password">
        <p>This link works once; your other sign-ins end when you use it.</p>
      </PageHeader>
      {!token ? (
        <EmptyState title="This link is incomplete" action={<Link to="/signin">Go to sign in</Link>}>
          <p>
            Open the whole link you were given, or <Link to="/forgot-password">ask for a new one</Link>.
          </p>
        </EmptyState>
      ) : (
        <form ref={formRef} className="form card" onSubmit={handleSubmit} noValidate aria-label="Set a new password">
          <ErrorMessage>{errors.form.length > 0 ? errors.form.join(' ') : null}</ErrorMessage>
          <TextField
            label="New password"
            description={`At least ${MIN_PASSWORD_LENGTH} characters, not easily guessed.`}
            type="password"
            autoComplete="new-password"
            value={password}
            onChange={(event) => setPassword(event.target.value)}
            error={errors.password}
          />
          <TextField
            label="Repeat the new password"
            type="password"
            autoComplete="new-password"
            value={repeat}
            onChange={(event) => setRepeat(event.target.value)}
            error={errors.repeat}
          />
          <Button type="submit" variant="primary" pending={fetching}>
            Set new password
          </Button>
        </form>
      )}
      <p className="auth__switch">
        Remember it after all? <Link to="/signin">Sign in</Link>
      </p>
    </main>
  )
}

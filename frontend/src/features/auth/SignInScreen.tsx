import { useRef, useState, type FormEvent } from 'react'
import { Link, useNavigate, useSearchParams } from 'react-router'
import { useMutation } from 'urql'
import { Button, ErrorMessage, PageHeader, TextField } from '@/components/ui'
import { graphql } from '@/gql'
import { safeNextPath, useSession } from '@/lib/auth'
import { describeError } from '@/lib/errors'
import { focusFirstInvalid, NO_ERRORS, placeAuthErrors, type AuthFormErrors } from './authErrors'

export const signInMutation = graphql(`
  mutation SignIn($input: LoginInput!) {
    login(input: $input) {
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

export function SignInScreen() {
  const [params] = useSearchParams()
  const next = params.get('next')
  const navigate = useNavigate()
  const { resetSession } = useSession()
  const [{ fetching }, signIn] = useMutation(signInMutation)
  const [email, setEmail] = useState('')
  const [password, setPassword] = useState('')
  const [errors, setErrors] = useState<AuthFormErrors>(NO_ERRORS)
  const formRef = useRef<HTMLFormElement>(null)

  function show(found: AuthFormErrors) {
    setErrors(found)
    // After React has rendered aria-invalid on the fields.
    requestAnimationFrame(() => focusFirstInvalid(formRef.current))
  }

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    const missing: Record<string, string[]> = {}
    if (!email.trim()) missing.email = ['Enter your email address.']
    if (!password) missing.password = ['Enter your password.']
    if (Object.keys(missing).length > 0) return show({ fields: missing, form: [] })

    setErrors(NO_ERRORS)
    const result = await signIn({ input: { email: email.trim(), password } })
    if (result.error) return show({ fields: {}, form: [describeError(result.error)] })
    const payload = result.data?.login
    if (!payload) return show({ fields: {}, form: [describeError(null)] })
    if (payload.errors.length > 0 || !payload.user) return show(placeAuthErrors(payload.errors))

    resetSession()
    navigate(safeNextPath(next), { replace: true })
  }

  const signUpHref = next ? `/signup?next=${encodeURIComponent(next)}` : '/signup'
  return (
    <main id="main" tabIndex={-1} className="page page--narrow">
      <p className="auth__brand">mentormatch</p>
      <PageHeader title="Sign in">
        <p>Find a mentor who can teach what you want to learn, or help someone grow.</p>
      </PageHeader>
      <form ref={formRef} className="form card" onSubmit={handleSubmit} noValidate aria-label="Sign in">
        <ErrorMessage>{errors.form.length > 0 ? errors.form.join(' ') : null}</ErrorMessage>
        <TextField
          label="Email"
          type="email"
          name="email"
          autoComplete="email"
          value={email}
          onChange={(event) => setEmail(event.target.value)}
          error={errors.fields.email}
        />
        <TextField
          label="Password"
          type="password"
          name="password"
          autoComplete="current-password"
          value={password}
          onChange={(event) => setPassword(event.target.value)}
          error={errors.fields.password}
        />
        <Button type="submit" variant="primary" pending={fetching}>
          Sign in
        </Button>
      </form>
      <p className="auth__switch">
        New here? <Link to={signUpHref}>Create an account</Link>
      </p>
    </main>
  )
}

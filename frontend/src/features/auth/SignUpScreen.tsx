import { useState, type FormEvent } from 'react'
import { Link, useSearchParams } from 'react-router'
import { useMutation, useQuery } from 'urql'
import { Button, ErrorMessage, PageHeader, TextField } from '@/components/ui'
import { graphql } from '@/gql'
import { safeNextPath } from '@/lib/auth'
import { signInOptionsQuery } from './SignInScreen'
import { useAuthForm } from './useAuthForm'

export const signUpMutation = graphql(`
  mutation SignUp($input: RegisterInput!) {
    register(input: $input) {
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

export function SignUpScreen() {
  const [params] = useSearchParams()
  const next = params.get('next')
  const [{ fetching }, signUp] = useMutation(signUpMutation)
  const [displayName, setDisplayName] = useState('')
  const [email, setEmail] = useState('')
  const [password, setPassword] = useState('')
  const { errors, formRef, refuseMissing, finish } = useAuthForm()
  const [{ data: optionsData }] = useQuery({ query: signInOptionsQuery })
  const ssoOnly = optionsData?.signInOptions.password === false

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    // Only what is obviously missing is checked here; the API judges the rest (and says why).
    const missing: Record<string, string[]> = {}
    if (!displayName.trim()) missing.displayName = ['Enter a display name.']
    if (!email.trim()) missing.email = ['Enter your email address.']
    if (!password) missing.password = [`Choose a password of at least ${MIN_PASSWORD_LENGTH} characters.`]
    if (refuseMissing(missing)) return

    const result = await signUp({ input: { displayName: displayName.trim(), email: email.trim(), password } })
    // A newcomer has no profile yet: unless they were headed somewhere, start there.
    finish({ error: result.error, payload: result.data?.register }, next ? safeNextPath(next) : '/profile')
  }

  const signInHref = next ? `/signin?next=${encodeURIComponent(next)}` : '/signin'
  const fieldCount = Object.keys(errors.fields).length
  if (ssoOnly) {
    return (
      <main id="main" tabIndex={-1} className="page page--narrow">
        <p className="auth__brand">mentormatch</p>
        <PageHeader title="Sign up" />
        <p role="status" className="alert alert--info">
          Accounts here come from your organisation: there is nothing to sign up for.{' '}
          <Link to={signInHref}>Sign in with your organisation’s account</Link> and yours is made the first time.
        </p>
      </main>
    )
  }
  return (
    <main id="main" tabIndex={-1} className="page page--narrow">
      <p className="auth__brand">mentormatch</p>
      <PageHeader title="Sign up">
        <p>Create your account, then tell us what you can teach and what you want to learn.</p>
      </PageHeader>
      <form ref={formRef} className="form card" onSubmit={handleSubmit} noValidate aria-label="Sign up">
        <ErrorMessage>
          {errors.form.length > 0
            ? errors.form.join(' ')
            : fieldCount > 0
              ? 'Please fix the highlighted fields.'
              : null}
        </ErrorMessage>
        <TextField
          label="Display name"
          name="displayName"
          autoComplete="name"
          description="How other participants see you."
          value={displayName}
          onChange={(event) => setDisplayName(event.target.value)}
          error={errors.fields.displayName}
        />
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
          autoComplete="new-password"
          description={`At least ${MIN_PASSWORD_LENGTH} characters, and not a common or easily guessed password.`}
          value={password}
          onChange={(event) => setPassword(event.target.value)}
          error={errors.fields.password}
        />
        <Button type="submit" variant="primary" pending={fetching}>
          Create account
        </Button>
      </form>
      <p className="auth__switch">
        Already have an account? <Link to={signInHref}>Sign in</Link>
      </p>
    </main>
  )
}

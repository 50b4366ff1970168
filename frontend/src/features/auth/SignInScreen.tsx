import { useState, type FormEvent } from 'react'
import { Link, useLocation, useSearchParams } from 'react-router'
import { useMutation, useQuery } from 'urql'
import { Button, buttonClass, ErrorMessage, PageHeader, TextField } from '@/components/ui'
import { graphql } from '@/gql'
import { safeNextPath, useSession } from '@/lib/auth'
import { describeSsoError } from '@/lib/errors'
import { useAuthForm } from './useAuthForm'

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

export const signInOptionsQuery = graphql(`
  query SignInOptions {
    signInOptions {
      password
      sso {
        label
        startUrl
      }
    }
  }
`)

export function SignInScreen() {
  const [params] = useSearchParams()
  const next = params.get('next')
  const ssoError = params.get('error')
  const [{ data: optionsData }] = useQuery({ query: signInOptionsQuery })
  const options = optionsData?.signInOptions
  // Until the options are known the form shows: it is the usual way in, and the API still decides.
  const passwordOn = options?.password ?? true
  const sso = options?.sso ?? null
  const [{ fetching }, signIn] = useMutation(signInMutation)
  const [email, setEmail] = useState('')
  const [password, setPassword] = useState('')
  const { errors, formRef, refuseMissing, finish } = useAuthForm()
  const { sessionEnded } = useSession()
  const arrival = (useLocation().state ?? {}) as { accountDeleted?: boolean; passwordReset?: boolean }
  const notice = arrival.accountDeleted
    ? 'Your account is deleted. Thank you for taking part.'
    : arrival.passwordReset
      ? 'Your password is changed. Sign in with the new one.'
      : sessionEnded
        ? 'You have been signed out: your session ended (it expired, you signed out elsewhere, or an admin suspended the account). Sign in again to continue.'
        : null

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    const missing: Record<string, string[]> = {}
    if (!email.trim()) missing.email = ['Enter your email address.']
    if (!password) missing.password = ['Enter your password.']
    if (refuseMissing(missing)) return

    const result = await signIn({ input: { email: email.trim(), password } })
    finish({ error: result.error, payload: result.data?.login }, safeNextPath(next))
  }

  const signUpHref = next ? `/signup?next=${encodeURIComponent(next)}` : '/signup'
  // A page navigation, not fetch: the provider's login is another site.
  const ssoHref = sso && (next ? `${sso.startUrl}?next=${encodeURIComponent(safeNextPath(next))}` : sso.startUrl)
  return (
    <main id="main" tabIndex={-1} className="page page--narrow">
      <p className="auth__brand">mentormatch</p>
      <PageHeader title="Sign in">
        <p>Find a mentor who can teach what you want to learn, or help someone grow.</p>
      </PageHeader>
      {notice && (
        <p role="status" className="alert alert--info">
          {notice}
        </p>
      )}
      {ssoError && <ErrorMessage>{describeSsoError(ssoError)}</ErrorMessage>}
      {sso && ssoHref && (
        <div className="card auth__sso">
          <a className={buttonClass('primary')} href={ssoHref}>
            {sso.label}
          </a>
        </div>
      )}
      {passwordOn && (
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
      )}
      {passwordOn && (
        <p className="auth__switch">
          New here? <Link to={signUpHref}>Create an account</Link>
        </p>
      )}
    </main>
  )
}

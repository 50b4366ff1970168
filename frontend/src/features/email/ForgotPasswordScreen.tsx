import { useState, type FormEvent } from 'react'
import { Link } from 'react-router'
import { useMutation } from 'urql'
import { Button, ErrorMessage, PageHeader, TextField } from '@/components/ui'
import { graphql } from '@/gql'
import { describeError } from '@/lib/errors'

export const requestPasswordResetMutation = graphql(`
  mutation RequestPasswordReset($input: RequestPasswordResetInput!) {
    requestPasswordReset(input: $input) {
      sent
      errors {
        code
        message
        field
      }
    }
  }
`)

/**
 * /forgot-password: a one-time link by email. The answer is the same whether or not the address has an
 * account, so nobody can find out who takes part.
 */
export function ForgotPasswordScreen() {
  const [{ fetching, data }, request] = useMutation(requestPasswordResetMutation)
  const [email, setEmail] = useState('')
  const [problem, setProblem] = useState<string | null>(null)
  const [fieldProblem, setFieldProblem] = useState<string[]>([])

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    setProblem(null)
    if (!email.trim()) return setFieldProblem(['Enter the email address you signed up with.'])
    setFieldProblem([])
    const result = await request({ input: { email: email.trim() } })
    const payload = result.data?.requestPasswordReset
    if (result.error || !payload) return setProblem(describeError(result.error ?? null))
    if (payload.errors.length > 0) setProblem(payload.errors.map((e) => e.message).join(' '))
  }

  const sent = data?.requestPasswordReset?.sent
  return (
    <main id="main" tabIndex={-1} className="page page--narrow">
      <p className="auth__brand">mentormatch</p>
      <PageHeader title="Forgot your password?">
        <p>We email you a link to choose a new one. It works once, for 24 hours.</p>
      </PageHeader>
      {sent ? (
        <p role="status" className="alert alert--info">
          If an account has the address {email.trim()}, a link is on its way to it. Check your inbox (and spam folder).
        </p>
      ) : (
        <form className="form card" onSubmit={handleSubmit} noValidate aria-label="Email me a reset link">
          <ErrorMessage>{problem}</ErrorMessage>
          <TextField
            label="Email"
            type="email"
            autoComplete="email"
            value={email}
            onChange={(event) => setEmail(event.target.value)}
            error={fieldProblem}
          />
          <Button type="submit" variant="primary" pending={fetching}>
            Email me a link
          </Button>
        </form>
      )}
      <p className="auth__switch">
        Remember it after all? <Link to="/signin">Sign in</Link>
      </p>
    </main>
  )
}

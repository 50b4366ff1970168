import { useState } from 'react'
import { Link, useSearchParams } from 'react-router'
import { useMutation } from 'urql'
import { Button, EmptyState, ErrorMessage, PageHeader } from '@/components/ui'
import { graphql } from '@/gql'
import { describeError } from '@/lib/errors'

export const unsubscribeMutation = graphql(`
  mutation Unsubscribe($input: UnsubscribeInput!) {
    unsubscribe(input: $input) {
      kinds
      errors {
        code
        message
        field
      }
    }
  }
`)

/**
 * /unsubscribe?token=…: the link at the foot of every email. No sign-in: the link itself is the key, and
 * it can only stop emails. Nothing changes until the button is pressed (mail scanners open links).
 */
export function UnsubscribeScreen() {
  const [params] = useSearchParams()
  const token = params.get('token') ?? ''
  const [{ fetching, data }, unsubscribe] = useMutation(unsubscribeMutation)
  const [problem, setProblem] = useState<string | null>(null)
  const done = data?.unsubscribe && data.unsubscribe.errors.length === 0

  async function handleClick() {
    setProblem(null)
    const result = await unsubscribe({ input: { token } })
    const payload = result.data?.unsubscribe
    if (result.error || !payload) return setProblem(describeError(result.error ?? null))
    if (payload.errors.length > 0) setProblem(payload.errors.map((e) => e.message).join(' '))
  }

  return (
    <main id="main" tabIndex={-1} className="page page--narrow">
      <p className="auth__brand">mentormatch</p>
      <PageHeader title="Stop these emails" />
      {!token ? (
        <EmptyState title="This link is incomplete">
          <p>Open the whole link from the email.</p>
        </EmptyState>
      ) : done ? (
        <div role="status" className="card">
          <p>
            Done: {data.unsubscribe.kinds.length > 1 ? 'you will get no more emails from mentormatch' : 'you will get no more emails like that one'}.
          </p>
          <p>
            You can choose otherwise any time in your <Link to="/settings/email">email settings</Link>.
          </p>
        </div>
      ) : (
        <div className="card">
          <ErrorMessage>{problem}</ErrorMessage>
          <p>Press the button to stop the emails this link is about. You do not need to sign in.</p>
          <Button variant="primary" pending={fetching} onClick={handleClick}>
            Stop these emails
          </Button>
        </div>
      )}
    </main>
  )
}

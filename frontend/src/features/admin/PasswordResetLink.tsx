import { useId, useState } from 'react'
import { useMutation } from 'urql'
import { Button, ErrorMessage } from '@/components/ui'
import { graphql } from '@/gql'
import { describeError } from '@/lib/errors'
import { formatDateTime } from '@/lib/format'

const issuePasswordResetMutation = graphql(`
  mutation IssuePasswordReset($userId: ID!) {
    issuePasswordReset(userId: $userId) {
      resetLink
      expiresAt
      errors {
        code
        message
        field
      }
    }
  }
`)

/** The link as something to paste: the API's, made absolute on this origin when it is a path. */
export function absoluteLink(link: string, origin: string = window.location.origin): string {
  return link.startsWith('/') ? `${origin}${link}` : link
}

/**
 * "Issue a password reset link" (for programmes without email): the one-time link is shown once, here,
 * with a Copy button, for the admin to pass on; it is never shown again.
 */
export function PasswordResetLink({ userId, name }: { userId: string; name: string }) {
  const [{ fetching }, issue] = useMutation(issuePasswordResetMutation)
  const [issued, setIssued] = useState<{ link: string; expiresAt: string | null } | null>(null)
  const [problem, setProblem] = useState<string | null>(null)
  const [copied, setCopied] = useState<string | null>(null)
  const linkId = useId()

  async function handleIssue() {
    setProblem(null)
    setCopied(null)
    const result = await issue({ userId })
    const payload = result.data?.issuePasswordReset
    if (result.error || !payload || payload.errors.length > 0 || !payload.resetLink) {
      setProblem(describeError(result.error ?? payload?.errors[0] ?? null))
      return
    }
    setIssued({ link: absoluteLink(payload.resetLink), expiresAt: payload.expiresAt })
  }

  async function handleCopy() {
    if (!issued) return
    try {
      await navigator.clipboard.writeText(issued.link)
      setCopied('Copied.')
    } catch {
      setCopied('Could not copy: select the link and copy it yourself.')
    }
  }

  return (
    <div className="reset-link">
      <Button onClick={handleIssue} pending={fetching}>
        Issue a password reset link
      </Button>
      <ErrorMessage>{problem}</ErrorMessage>
      {issued && (
        <div className="reset-link__issued" role="region" aria-label="Password reset link">
          <p>
            Pass this link on to {name} yourself. It works once
            {issued.expiresAt ? `, until ${formatDateTime(issued.expiresAt)}` : ''}, and it is shown only now.
          </p>
          <label htmlFor={linkId} className="field__label">
            Reset link
          </label>
          <div className="reset-link__row">
            <input id={linkId} className="field__input" readOnly value={issued.link} onFocus={(event) => event.target.select()} />
            <Button onClick={handleCopy}>Copy link</Button>
          </div>
          <p role="status" className="reset-link__copied">
            {copied ?? ''}
          </p>
        </div>
      )}
    </div>
  )
}

import type { ReactNode } from 'react'
import type { CombinedError } from '@urql/core'
import { describeError, type UserErrorLike } from '@/lib/errors'

export interface ErrorMessageProps {
  /** Shown in words with describeError; or pass `children`. */
  error?: CombinedError | UserErrorLike | Error | null
  children?: ReactNode
  /** e.g. a "Try again" button. */
  action?: ReactNode
}

/** An error announced at once (role="alert"); renders nothing without an error or text. */
export function ErrorMessage({ error, children, action }: ErrorMessageProps) {
  if (!error && !children) return null
  return (
    <div role="alert" className="alert alert--error">
      <div>{children ?? describeError(error)}</div>
      {action && <div className="alert__action">{action}</div>}
    </div>
  )
}

import { useState, type FormEvent, type ReactNode } from 'react'
import type { CombinedError } from 'urql'
import { Button, Checkbox, Dialog, ErrorMessage, TextArea } from '@/components/ui'
import { describeError, fieldErrors, formErrors, type UserErrorLike } from '@/lib/errors'

/** How an admin action went: done, or the API's errors (or a failed request). */
export type ActionOutcome = { ok: true } | { ok: false; errors: readonly UserErrorLike[]; error?: CombinedError }

/** A mutation's result and payload as an ActionOutcome. */
export function actionOutcome(
  result: { error?: CombinedError },
  payload: { errors: readonly UserErrorLike[] } | null | undefined,
): ActionOutcome {
  if (result.error) return { ok: false, errors: [], error: result.error }
  if (!payload) return { ok: false, errors: [] }
  if (payload.errors.length > 0) return { ok: false, errors: payload.errors }
  return { ok: true }
}

export interface ConfirmDialogProps {
  title: string
  /** What will happen, in words. */
  children: ReactNode
  confirmLabel: string
  /** Ask for a reason (recorded in the audit log); the API's field for it is `reason`. */
  reason?: { label: string; description: string }
  /** A checkbox that must be ticked first (for what cannot be undone). */
  acknowledge?: string
  danger?: boolean
  onConfirm: (reason: string) => Promise<ActionOutcome>
  onClose: () => void
}

/**
 * Confirms an admin action in a modal dialog, with the reason it needs; the API's refusal stays
 * in the dialog (next to the reason when it is about it), nothing typed is lost.
 */
export function ConfirmDialog({ title, children, confirmLabel, reason, acknowledge, danger, onConfirm, onClose }: ConfirmDialogProps) {
  const [text, setText] = useState('')
  const [acknowledged, setAcknowledged] = useState(false)
  const [problems, setProblems] = useState<{ reason: string[]; acknowledge: string[]; form: string[] }>({
    reason: [],
    acknowledge: [],
    form: [],
  })
  const [sending, setSending] = useState(false)

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    if (sending) return
    const missing = {
      reason: reason && !text.trim() ? ['Say why: it is kept in the audit log.'] : [],
      acknowledge: acknowledge && !acknowledged ? ['Tick this to go ahead.'] : [],
      form: [],
    }
    if (missing.reason.length || missing.acknowledge.length) return setProblems(missing)
    setProblems({ reason: [], acknowledge: [], form: [] })
    setSending(true)
    let outcome: ActionOutcome
    try {
      outcome = await onConfirm(text.trim())
    } finally {
      setSending(false)
    }
    if (outcome.ok) return onClose()
    if (outcome.error || outcome.errors.length === 0) {
      return setProblems({ reason: [], acknowledge: [], form: [describeError(outcome.error ?? null)] })
    }
    const byField = fieldErrors(outcome.errors)
    const { reason: aboutReason = [], ...others } = byField
    setProblems({ reason: aboutReason, acknowledge: [], form: [...formErrors(outcome.errors), ...Object.values(others).flat()] })
  }

  return (
    <Dialog title={title} isOpen onOpenChange={(open) => !open && onClose()}>
      {(close) => (
        <form className="form" onSubmit={handleSubmit} noValidate>
          <ErrorMessage>{problems.form.length > 0 ? problems.form.join(' ') : null}</ErrorMessage>
          <div className="dialog__body">{children}</div>
          {reason && (
            <TextArea
              label={reason.label}
              description={reason.description}
              value={text}
              onChange={(event) => setText(event.target.value)}
              error={problems.reason}
              rows={3}
              maxLength={1000}
            />
          )}
          {acknowledge && (
            <Checkbox
              label={acknowledge}
              checked={acknowledged}
              onChange={(event) => setAcknowledged(event.target.checked)}
              error={problems.acknowledge}
            />
          )}
          <div className="button-row">
            <Button
              type="submit"
              variant={danger ? 'danger' : 'primary'}
              aria-busy={sending || undefined}
              aria-disabled={sending || undefined}
            >
              {confirmLabel}
            </Button>
            <Button onClick={close}>Cancel</Button>
          </div>
        </form>
      )}
    </Dialog>
  )
}

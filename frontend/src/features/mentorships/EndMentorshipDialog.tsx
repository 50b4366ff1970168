import { useState, type FormEvent, type ReactNode } from 'react'
import { useMutation, type OperationContext } from 'urql'
import { Button, Dialog, ErrorMessage, Select, TextArea } from '@/components/ui'
import { graphql } from '@/gql'
import type { MentorshipOutcome } from '@/gql/graphql'
import { describeError, fieldErrors, formErrors } from '@/lib/errors'
import { OUTCOMES } from './MentorshipFacts'

const endMentorshipMutation = graphql(`
  mutation EndMentorship($input: EndMentorshipInput!) {
    endMentorship(input: $input) {
      mentorship {
        ...MentorshipCard
      }
      errors {
        code
        message
        field
      }
    }
  }
`)

// Both lists (active and past) and every request (an ended mentorship frees a place) are asked again.
export const refreshLists: Partial<OperationContext> = { additionalTypenames: ['Mentorship', 'MentorshipRequest'] }

export interface EndMentorshipDialogProps {
  isOpen: boolean
  onOpenChange: (open: boolean) => void
  mentorshipId: string
  otherName: string
  onEnded: () => void
  /** A fixed outcome (the re-match offer ends as NOT_A_FIT): no Outcome field then. */
  outcome?: MentorshipOutcome
  title?: string
  intro?: ReactNode
  /** The mutation's context: which cached lists to ask again. */
  context?: Partial<OperationContext>
}

/** Confirms ending a mentorship: its outcome (unless fixed) and an optional reason the partner sees. */
export function EndMentorshipDialog({
  isOpen,
  onOpenChange,
  mentorshipId,
  otherName,
  onEnded,
  outcome: fixedOutcome,
  title = `End your mentorship with ${otherName}`,
  intro = <p>Your partner is told, and this cannot be undone.</p>,
  context = refreshLists,
}: EndMentorshipDialogProps) {
  const [chosen, setChosen] = useState<MentorshipOutcome>('COMPLETED')
  const [reason, setReason] = useState('')
  const [errors, setErrors] = useState<{ fields: Record<string, string[]>; form: string[] }>({ fields: {}, form: [] })
  const [{ fetching }, end] = useMutation(endMentorshipMutation)
  const outcome = fixedOutcome ?? chosen

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    const input = { id: mentorshipId, outcome, reason: reason.trim() || null }
    const { data, error } = await end({ input }, context)
    const payload = data?.endMentorship
    if (error || !payload) return setErrors({ fields: {}, form: [describeError(error ?? null)] })
    if (payload.errors.length > 0 || !payload.mentorship) {
      const { outcome: outcomeErrors, reason: reasonErrors, ...others } = fieldErrors(payload.errors)
      setErrors({
        fields: { ...(outcomeErrors && !fixedOutcome && { outcome: outcomeErrors }), ...(reasonErrors && { reason: reasonErrors }) },
        form: [...formErrors(payload.errors), ...(fixedOutcome ? (outcomeErrors ?? []) : []), ...Object.values(others).flat()],
      })
      return
    }
    onEnded()
  }

  return (
    <Dialog title={title} isOpen={isOpen} onOpenChange={onOpenChange}>
      {(close) => (
        <form className="form" onSubmit={handleSubmit} noValidate>
          {intro}
          {!fixedOutcome && (
            <Select
              label="Outcome"
              options={OUTCOMES}
              value={chosen}
              onChange={(event) => setChosen(event.target.value as MentorshipOutcome)}
              error={errors.fields.outcome}
            />
          )}
          <TextArea
            label="Reason"
            description={`Optional. ${otherName} will see it (up to 500 characters).`}
            rows={3}
            value={reason}
            onChange={(event) => setReason(event.target.value)}
            error={errors.fields.reason}
          />
          <ErrorMessage>{errors.form.length > 0 ? errors.form.join(' ') : null}</ErrorMessage>
          <div className="button-row">
            <Button type="submit" variant="danger" pending={fetching}>
              End mentorship
            </Button>
            <Button onClick={close}>Cancel</Button>
          </div>
        </form>
      )}
    </Dialog>
  )
}

import { useRef, useState, type FormEvent } from 'react'
import { useMutation } from 'urql'
import { Button, Dialog, ErrorMessage, TextArea } from '@/components/ui'
import { graphql } from '@/gql'
import { describeError, fieldErrors, formErrors } from '@/lib/errors'
import type { Participant } from './RequestDialog'

// Selects no User or Profile: the page stays as it is (urql refetches queries holding a type a
// mutation returns).
export const reportProfileMutation = graphql(`
  mutation ReportProfile($input: ReportInput!) {
    reportContent(input: $input) {
      report {
        id
        status
      }
      errors {
        code
        message
        field
      }
    }
  }
`)

const MAX_REASON = 1000

/** The id of someone's Report button: the focus goes back to it after sending. */
export function reportButtonId(userId: string): string {
  return `report-${userId}`
}

/**
 * "Report <name>": what is wrong with their profile, in words, for the programme's admins. Reporting
 * the same profile again while the first report is open is the same report (the API says so).
 */
export function ReportDialog({ person, onClose, onSent }: { person: Participant; onClose: () => void; onSent: () => void }) {
  const [reason, setReason] = useState('')
  const [problems, setProblems] = useState<{ reason: string[]; form: string[] }>({ reason: [], form: [] })
  const [{ fetching }, report] = useMutation(reportProfileMutation)

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    if (fetching) return
    const text = reason.trim()
    if (!text) return setProblems({ reason: ['Say what is wrong, so an admin can look into it.'], form: [] })
    if (text.length > MAX_REASON) return setProblems({ reason: [`At most ${MAX_REASON.toLocaleString('en-GB')} characters.`], form: [] })
    const result = await report({ input: { targetType: 'PROFILE', targetId: person.id, reason: text } })
    const payload = result.data?.reportContent
    if (result.error || !payload) return setProblems({ reason: [], form: [describeError(result.error ?? null)] })
    if (payload.errors.length > 0 || !payload.report) {
      const { reason: about = [], ...others } = fieldErrors(payload.errors)
      return setProblems({ reason: about, form: [...formErrors(payload.errors), ...Object.values(others).flat()] })
    }
    onSent()
  }

  return (
    <Dialog title={`Report ${person.displayName}`} isOpen onOpenChange={(open) => !open && onClose()}>
      {(close) => (
        <form className="form" onSubmit={handleSubmit} noValidate>
          <ErrorMessage>{problems.form.length > 0 ? problems.form.join(' ') : null}</ErrorMessage>
          <p>
            Only the programme’s admins read reports. {person.displayName} is not told who reported them, and you
            hear back once an admin has looked into it.
          </p>
          <TextArea
            label="What is wrong?"
            description="For example, something offensive or misleading in their profile (up to 1,000 characters)."
            value={reason}
            onChange={(event) => setReason(event.target.value)}
            error={problems.reason}
            rows={4}
          />
          <div className="button-row">
            <Button type="submit" variant="primary" aria-busy={fetching || undefined} aria-disabled={fetching || undefined}>
              Send report
            </Button>
            <Button onClick={close}>Cancel</Button>
          </div>
        </form>
      )}
    </Dialog>
  )
}

/** The Report action under a profile: opens the dialog, then says the report was sent (focus moves there). */
export function ReportAction({ person }: { person: Participant }) {
  const [open, setOpen] = useState(false)
  const [sent, setSent] = useState(false)
  const statusRef = useRef<HTMLParagraphElement>(null)
  return (
    <div className="participant__report">
      {!sent && (
        <Button id={reportButtonId(person.id)} variant="quiet" aria-label={`Report ${person.displayName}`} onClick={() => setOpen(true)}>
          Report
        </Button>
      )}
      <p ref={statusRef} role="status" tabIndex={-1} className={sent ? 'participant__note' : 'visually-hidden'}>
        {sent ? `Thank you: your report about ${person.displayName} was sent to the programme’s admins.` : ''}
      </p>
      {open && (
        <ReportDialog
          person={person}
          onClose={() => setOpen(false)}
          onSent={() => {
            setOpen(false)
            setSent(true)
            // After the dialog has gone and given the focus back (to a button that is gone now).
            requestAnimationFrame(() => requestAnimationFrame(() => statusRef.current?.focus()))
          }}
        />
      )}
    </div>
  )
}

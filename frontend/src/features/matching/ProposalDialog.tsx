import { useId, useRef, useState, type FormEvent, type ReactNode } from 'react'
import { Link } from 'react-router'
import { Button, Checkbox, Dialog, ErrorMessage, TextArea } from '@/components/ui'
import { describeError, fieldErrors, type UserErrorLike } from '@/lib/errors'
import { refusalWords, type SendOutcome } from './refusals'

const OBJECTIVE_PATH = /^objectives\[(\d+)\]$/

interface Problems {
  message: string[]
  /** About the choice as a whole ("At most 10 objectives."). */
  objectives: string[]
  /** By the objective's text, for `objectives[n]` of what was sent. */
  perObjective: Record<string, string[]>
  /** Refusals and anything not about a field here, each as its lines of words. */
  form: string[][]
  /** A refusal about other requests or limits: the Requests page is where to sort it out. */
  seeRequests: boolean
}

const NO_PROBLEMS: Problems = { message: [], objectives: [], perObjective: {}, form: [], seeRequests: false }
const ABOUT_REQUESTS = new Set(['CONFLICT', 'LIMIT_REACHED'])

/** Puts each of the API's errors next to its field; the rest (refusals) go to the whole form. */
export function placeErrors(errors: readonly UserErrorLike[], sent: readonly string[]): Problems {
  const byField = fieldErrors(errors)
  const problems: Problems = { ...NO_PROBLEMS, perObjective: {}, form: [] }
  for (const error of errors) {
    const field = error.field
    if (field === 'message') continue
    if (field === 'objectives') continue
    const index = field ? OBJECTIVE_PATH.exec(field)?.[1] : undefined
    if (index !== undefined && sent[Number(index)] !== undefined) continue
    problems.form.push(refusalWords(error))
    if (ABOUT_REQUESTS.has(error.code)) problems.seeRequests = true
  }
  problems.message = byField.message ?? []
  problems.objectives = byField.objectives ?? []
  for (const [field, messages] of Object.entries(byField)) {
    const index = OBJECTIVE_PATH.exec(field)?.[1]
    const objective = index === undefined ? undefined : sent[Number(index)]
    if (objective !== undefined) (problems.perObjective[objective] ??= []).push(...messages)
  }
  return problems
}

/** The id of the Request / Invite button for someone: the focus goes back to it after sending. */
export function proposalButtonId(userId: string): string {
  return `proposal-${userId}`
}

/**
 * Puts the focus on someone's (now "Requested" / "Invited") button once the dialog has gone. The
 * dialog's own focus restoring does not always get there after a send, so do it explicitly, two
 * frames on, after it has tried.
 */
export function focusProposalButton(userId: string) {
  requestAnimationFrame(() =>
    requestAnimationFrame(() => {
      const button = document.getElementById(proposalButtonId(userId))
      if (button && document.activeElement !== button) button.focus()
    }),
  )
}

export interface ProposalDialogProps {
  /** "Request Maya as your mentor", "Invite Sam to be your mentee". */
  title: string
  onClose: () => void
  /** The objectives to choose from: mine (a request) or theirs (an invitation). */
  objectives: readonly string[]
  /** The question above them. */
  objectivesLegend: string
  /** Said instead of the checkboxes when there are no objectives to choose. */
  noObjectives: ReactNode
  submitLabel: string
  messageDescription: string
  send: (input: { message: string; objectives: string[] | null }) => Promise<SendOutcome>
  onSent: () => void
}

/**
 * The form of a request or an invitation in a modal dialog: a message and which objectives it is
 * about. The API's field errors appear next to their fields; refusals (no place, a limit, a
 * pending request already) in words at the top; nothing typed is lost.
 */
export function ProposalDialog({
  title,
  onClose,
  objectives,
  objectivesLegend,
  noObjectives,
  submitLabel,
  messageDescription,
  send,
  onSent,
}: ProposalDialogProps) {
  const [message, setMessage] = useState('')
  const [chosen, setChosen] = useState<ReadonlySet<string>>(new Set())
  const [problems, setProblems] = useState<Problems>(NO_PROBLEMS)
  const [sending, setSending] = useState(false)
  const formRef = useRef<HTMLFormElement>(null)
  const groupErrorId = useId()

  function show(found: Problems) {
    setProblems(found)
    // After React has marked the fields: the first field at fault, else the refusal is announced.
    requestAnimationFrame(() => {
      formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus()
    })
  }

  function toggle(objective: string, on: boolean) {
    setChosen((previous) => {
      const next = new Set(previous)
      if (on) next.add(objective)
      else next.delete(objective)
      return next
    })
  }

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    if (sending) return
    const text = message.trim()
    if (!text) return show({ ...NO_PROBLEMS, message: ['Say why you want to work together.'] })
    // In the order they are listed, so `objectives[n]` in an error names the nth of these.
    const sent = objectives.filter((objective) => chosen.has(objective))
    setProblems(NO_PROBLEMS)
    setSending(true)
    let outcome: SendOutcome
    try {
      outcome = await send({ message: text, objectives: sent.length > 0 ? sent : null })
    } finally {
      setSending(false)
    }
    if (outcome.ok) return onSent()
    if (outcome.error) return show({ ...NO_PROBLEMS, form: [[describeError(outcome.error)]] })
    if (outcome.errors.length === 0) return show({ ...NO_PROBLEMS, form: [[describeError(null)]] })
    show(placeErrors(outcome.errors, sent))
  }

  return (
    <Dialog title={title} isOpen onOpenChange={(open) => !open && onClose()}>
      {(close) => (
        <form ref={formRef} className="form proposal" onSubmit={handleSubmit} noValidate>
          <ErrorMessage
            action={problems.seeRequests ? <Link to="/requests?box=outgoing">See your requests</Link> : undefined}
          >
            {problems.form.length > 0 &&
              problems.form.map((lines, n) => (
                <div key={n} className="proposal__refusal">
                  {lines.map((line) => (
                    <p key={line}>{line}</p>
                  ))}
                </div>
              ))}
          </ErrorMessage>
          <TextArea
            label="Message"
            description={messageDescription}
            value={message}
            onChange={(event) => setMessage(event.target.value)}
            error={problems.message}
            rows={5}
          />
          <fieldset
            className="proposal__objectives"
            aria-describedby={problems.objectives.length > 0 ? groupErrorId : undefined}
          >
            <legend className="field__label">
              {objectivesLegend}
            </legend>
            {objectives.length === 0 ? (
              <div className="field__description">{noObjectives}</div>
            ) : (
              objectives.map((objective) => (
                <Checkbox
                  key={objective}
                  label={objective}
                  checked={chosen.has(objective)}
                  onChange={(event) => toggle(objective, event.target.checked)}
                  error={problems.perObjective[objective]}
                />
              ))
            )}
            {problems.objectives.length > 0 && (
              <div id={groupErrorId} className="field__error">
                {problems.objectives.map((text) => (
                  <p key={text}>{text}</p>
                ))}
              </div>
            )}
          </fieldset>
          <div className="button-row">
            {/* Not `pending`: a disabled button drops the focus, which then cannot return to what
                opened the dialog. A second submit while sending is ignored instead. */}
            <Button type="submit" variant="primary" aria-busy={sending || undefined} aria-disabled={sending || undefined}>
              {submitLabel}
            </Button>
            <Button onClick={close}>Cancel</Button>
          </div>
        </form>
      )}
    </Dialog>
  )
}

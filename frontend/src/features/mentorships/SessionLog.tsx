import { useRef, useState, type FormEvent } from 'react'
import { useMutation } from 'urql'
import { Button, ErrorMessage, FormStatus, TextArea, TextField } from '@/components/ui'
import { graphql, useFragment, type FragmentType } from '@/gql'
import { describeError, fieldErrors, formErrors } from '@/lib/errors'
import { formatDay, formatMinutes, todayIsoDate } from '@/lib/format'
import { focusFirstInvalid } from './CheckInForm'

export const sessionLogFragment = graphql(`
  fragment SessionLog on Mentorship {
    id
    sessionCount
    sessionMinutes
    sessions {
      id
      heldOn
      minutes
      note
      loggedBy {
        id
        displayName
      }
    }
  }
`)

const logSessionMutation = graphql(`
  mutation LogSession($input: LogSessionInput!) {
    logSession(input: $input) {
      session {
        id
        heldOn
        minutes
        note
      }
      errors {
        code
        message
        field
      }
    }
  }
`)

// The payload names no Mentorship: ask the page (its count, total and list) again explicitly.
const refresh = { additionalTypenames: ['Mentorship', 'MentorshipSession'] }

/** "3 sessions, 2 h 30 min in all" */
export function sessionTotals(count: number, minutes: number): string {
  if (count === 0) return 'No sessions logged yet.'
  return `${count} ${count === 1 ? 'session' : 'sessions'}, ${formatMinutes(minutes)} in all.`
}

interface Problems {
  fields: Record<string, string[]>
  form: string[]
}

const FIELDS = ['heldOn', 'minutes', 'note'] as const

function LogSessionForm({ mentorshipId, earliest }: { mentorshipId: string; earliest: string }) {
  const today = todayIsoDate()
  const [heldOn, setHeldOn] = useState(today)
  const [minutes, setMinutes] = useState('60')
  const [note, setNote] = useState('')
  const [problems, setProblems] = useState<Problems>({ fields: {}, form: [] })
  const [status, setStatus] = useState<string | null>(null)
  const [{ fetching }, logSession] = useMutation(logSessionMutation)
  const formRef = useRef<HTMLFormElement>(null)

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    if (fetching) return
    setStatus(null)
    const local: Record<string, string[]> = {}
    if (!heldOn) local.heldOn = ['Enter the day you met.']
    if (!/^\d+$/.test(minutes.trim())) local.minutes = ['Enter how long it took in whole minutes, from 5 to 600.']
    if (Object.keys(local).length > 0) {
      setProblems({ fields: local, form: [] })
      return focusFirstInvalid(formRef.current)
    }
    const input = { mentorshipId, heldOn, minutes: Number(minutes.trim()), note: note.trim() || null }
    const { data, error } = await logSession({ input }, refresh)
    const payload = data?.logSession
    if (error || !payload) return setProblems({ fields: {}, form: [describeError(error ?? null)] })
    if (payload.errors.length > 0 || !payload.session) {
      const byField = fieldErrors(payload.errors)
      const fields: Record<string, string[]> = {}
      const form = formErrors(payload.errors)
      for (const [field, messages] of Object.entries(byField)) {
        if ((FIELDS as readonly string[]).includes(field)) fields[field] = messages
        else form.push(...messages)
      }
      if (form.length === 0 && Object.keys(fields).length === 0) form.push(describeError(payload.errors[0] ?? null))
      setProblems({ fields, form })
      return focusFirstInvalid(formRef.current)
    }
    setProblems({ fields: {}, form: [] })
    setNote('')
    setStatus(`Session of ${formatMinutes(payload.session.minutes)} on ${formatDay(payload.session.heldOn)} logged.`)
  }

  return (
    <form ref={formRef} className="form session-form" onSubmit={handleSubmit} noValidate aria-label="Log a session">
      <h3>Log a session</h3>
      <div className="session-form__row">
        <TextField
          label="Date"
          type="date"
          description="The day you met."
          min={earliest}
          max={today}
          value={heldOn}
          onChange={(event) => setHeldOn(event.target.value)}
          error={problems.fields.heldOn}
        />
        <TextField
          label="Minutes"
          type="number"
          inputMode="numeric"
          min={5}
          max={600}
          step={5}
          description="From 5 to 600."
          value={minutes}
          onChange={(event) => setMinutes(event.target.value)}
          error={problems.fields.minutes}
        />
      </div>
      <TextArea
        label="Note"
        rows={3}
        description="Optional, up to 1,000 characters: what you covered, what is next. Your partner sees it."
        value={note}
        onChange={(event) => setNote(event.target.value)}
        error={problems.fields.note}
      />
      <ErrorMessage>{problems.form.length > 0 ? problems.form.join(' ') : null}</ErrorMessage>
      <div className="button-row">
        <Button type="submit" variant="primary" aria-busy={fetching || undefined} aria-disabled={fetching || undefined}>
          Log session
        </Button>
      </div>
      <FormStatus message={status} />
    </form>
  )
}

export interface SessionLogProps {
  mentorship: FragmentType<typeof sessionLogFragment>
  viewerId: string
  /** Sessions may be logged now (active, or within the final check-in window). */
  canLog: boolean
  /** Said instead of the form when they may not. */
  closedText?: string
  /** The first day a session may be on (the start). */
  earliest: string
}

/** The meetings of a mentorship, newest first, with their count and total time; the form to log one. */
export function SessionLog({
  mentorship: ref,
  viewerId,
  canLog,
  earliest,
  closedText = 'Sessions can no longer be logged on this mentorship.',
}: SessionLogProps) {
  const mentorship = useFragment(sessionLogFragment, ref)
  return (
    <>
      <p className="sessions__totals">
        {sessionTotals(mentorship.sessionCount, mentorship.sessionMinutes)}
      </p>
      {mentorship.sessions.length > 0 && (
        <ol className="sessions__list" aria-label="Sessions">
          {mentorship.sessions.map((session) => (
            <li key={session.id} className="sessions__item">
              <p className="sessions__when">
                <strong>
                  <time dateTime={session.heldOn}>{formatDay(session.heldOn)}</time>
                </strong>
                <span>{formatMinutes(session.minutes)}</span>
                <span className="mentorship-page__muted">
                  logged by {session.loggedBy.id === viewerId ? 'you' : session.loggedBy.displayName}
                </span>
              </p>
              {session.note && <p className="sessions__note mentorship__note">{session.note}</p>}
            </li>
          ))}
        </ol>
      )}
      {canLog ? (
        <LogSessionForm mentorshipId={mentorship.id} earliest={earliest} />
      ) : (
        <p className="mentorship-page__muted">{closedText}</p>
      )}
    </>
  )
}

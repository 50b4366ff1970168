import { useId, useState, type FormEvent } from 'react'
import { useMutation, useQuery } from 'urql'
import { Button, ErrorMessage, FormStatus, Loading, TextField } from '@/components/ui'
import { graphql } from '@/gql'
import { describeError, fieldErrors, formErrors } from '@/lib/errors'
import { counted } from './figures'

export const checkInSettingsQuery = graphql(`
  query CheckInSettings {
    matchingSettings {
      checkInIntervalDays
    }
  }
`)

const updateCheckInIntervalMutation = graphql(`
  mutation UpdateCheckInInterval($input: MatchingSettingsInput!) {
    updateMatchingSettings(input: $input) {
      settings {
        checkInIntervalDays
      }
      errors {
        code
        message
        field
      }
    }
  }
`)

const FIELD = 'checkInIntervalDays'

/** How often participants are asked for a check-in: the programme's interval, and a form to change it. */
export function CheckInIntervalForm() {
  const headingId = useId()
  const [{ data, fetching, error }, reexecute] = useQuery({ query: checkInSettingsQuery })
  const current = data?.matchingSettings.checkInIntervalDays ?? null
  // Kept here: the form is remounted once the saved value comes back, and the news must outlive it.
  const [status, setStatus] = useState<string | null>(null)

  let body
  if (fetching && !data) body = <Loading />
  else if (!data) {
    body = (
      <ErrorMessage
        error={error}
        action={<Button onClick={() => reexecute({ requestPolicy: 'network-only' })}>Try again</Button>}
      />
    )
  } else {
    // Remounted when the saved value changes, so the field starts from what the programme now has.
    body = <IntervalForm key={current} current={current ?? 14} onStatus={setStatus} />
  }

  return (
    <section className="programme__section card" aria-labelledby={headingId}>
      <h2 id={headingId} className="programme__title">
        Check-in interval
      </h2>
      {current !== null && (
        <p>
          Participants are asked for a check-in every <strong>{counted(current, 'day')}</strong>: one may be given
          that often per mentorship, and it falls due when that many days have passed since the start or the last
          one.
        </p>
      )}
      {body}
      <FormStatus message={status} />
    </section>
  )
}

function IntervalForm({ current, onStatus }: { current: number; onStatus: (message: string | null) => void }) {
  const [value, setValue] = useState(String(current))
  const [errors, setErrors] = useState<{ field: string[]; form: string[] }>({ field: [], form: [] })
  const [{ fetching }, update] = useMutation(updateCheckInIntervalMutation)

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    onStatus(null)
    const days = Number(value.trim())
    if (!value.trim() || !Number.isInteger(days)) {
      setErrors({ field: ['Enter a whole number of days, from 1 to 90.'], form: [] })
      return
    }
    const { data, error } = await update({ input: { checkInIntervalDays: days } })
    const payload = data?.updateMatchingSettings
    if (error || !payload) return setErrors({ field: [], form: [describeError(error ?? null)] })
    if (payload.errors.length > 0 || !payload.settings) {
      const { [FIELD]: mine = [], ...others } = fieldErrors(payload.errors)
      setErrors({ field: mine, form: [...formErrors(payload.errors), ...Object.values(others).flat()] })
      return
    }
    setErrors({ field: [], form: [] })
    onStatus(`Saved: a check-in every ${counted(payload.settings.checkInIntervalDays, 'day')}.`)
  }

  return (
    <form className="form programme__interval" onSubmit={handleSubmit} noValidate>
      <TextField
        label="Days between check-ins"
        description="From 1 to 90. The same for every mentorship in the programme."
        type="number"
        inputMode="numeric"
        min={1}
        max={90}
        step={1}
        name={FIELD}
        value={value}
        onChange={(event) => setValue(event.target.value)}
        error={errors.field}
        className="programme__days"
      />
      <ErrorMessage>{errors.form.length > 0 ? errors.form.join(' ') : null}</ErrorMessage>
      <div className="button-row">
        <Button type="submit" variant="primary" pending={fetching}>
          Save interval
        </Button>
      </div>
    </form>
  )
}

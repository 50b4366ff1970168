import { useEffect, useId, useMemo, useState, type FormEvent } from 'react'
import { useMutation, useQuery } from 'urql'
import { Button, ErrorMessage, FormStatus, Loading, Select, Switch, TextField } from '@/components/ui'
import { FieldErrorText } from '@/components/ui/FieldParts'
import { graphql, useFragment } from '@/gql'
import { describeError, errorCode, fieldErrors, formErrors } from '@/lib/errors'
import { formatPercent } from '@/lib/format'
import {
  changedInput,
  DIRECTIONS,
  draftErrors,
  draftFromSettings,
  LIMITS,
  normalisedShares,
  WEIGHTS,
  type SettingsDraft,
  type SettingsValues,
  type WeightField,
} from './settings'

export const programmeSettingsQuery = graphql(`
  query ProgrammeSettings {
    matchingSettings {
      ...ProgrammeSettingsFields
    }
  }
`)

export const programmeSettingsFields = graphql(`
  fragment ProgrammeSettingsFields on MatchingSettings {
    weights {
      kind
      weight
    }
    direction
    requireDirection
    defaultCapacity
    maxMentorsPerMentee
    maxPendingRequests
    requestTtlDays
    checkInIntervalDays
  }
`)

const updateProgrammeSettingsMutation = graphql(`
  mutation UpdateProgrammeSettings($input: MatchingSettingsInput!) {
    updateMatchingSettings(input: $input) {
      settings {
        ...ProgrammeSettingsFields
      }
      errors {
        code
        message
        field
      }
    }
  }
`)

/**
 * The programme's settings in one form (admins): the score weights as sliders, each showing the share
 * of the score it comes to, the career direction, and every limit. Only what changed is sent; the
 * API's words appear next to the field they name. `onForbidden`: the API refused (admin rights gone).
 */
export function ProgrammeSettingsForm({ onForbidden }: { onForbidden?: () => void }) {
  const headingId = useId()
  const [{ data, fetching, error }, reexecute] = useQuery({ query: programmeSettingsQuery })
  const forbidden = !data?.matchingSettings && errorCode(error) === 'FORBIDDEN'
  useEffect(() => {
    if (forbidden) onForbidden?.()
  }, [forbidden, onForbidden])
  // Kept here: the form is remounted once the saved values come back, and the news must outlive it.
  const [status, setStatus] = useState<string | null>(null)
  const settings: SettingsValues | undefined = useFragment(programmeSettingsFields, data?.matchingSettings) ?? undefined

  let body
  if (fetching && !data) body = <Loading />
  else if (!settings) {
    body = (
      <ErrorMessage
        error={error}
        action={<Button onClick={() => reexecute({ requestPolicy: 'network-only' })}>Try again</Button>}
      />
    )
  } else {
    body = <SettingsForm key={JSON.stringify(settings)} settings={settings} onStatus={setStatus} />
  }

  return (
    <section className="programme__section card" aria-labelledby={headingId}>
      <h2 id={headingId} className="programme__title">
        Programme settings
      </h2>
      <p>
        The same for everyone in the programme, from the next request on. Every change is recorded in the
        audit log with the values before and after.
      </p>
      {body}
      <FormStatus message={status} />
    </section>
  )
}

function SettingsForm({ settings, onStatus }: { settings: SettingsValues; onStatus: (message: string | null) => void }) {
  const saved = useMemo(() => draftFromSettings(settings), [settings])
  const [draft, setDraft] = useState<SettingsDraft>(saved)
  const [errors, setErrors] = useState<Record<string, string[]>>({})
  const [problems, setProblems] = useState<string[]>([])
  const [{ fetching }, update] = useMutation(updateProgrammeSettingsMutation)
  const shares = normalisedShares(draft.weights)
  const weightsErrorId = useId()

  const setWeight = (field: WeightField, value: number) =>
    setDraft((previous) => ({ ...previous, weights: { ...previous.weights, [field]: value } }))

  function undo() {
    setDraft(saved)
    setErrors({})
    setProblems([])
    onStatus(null)
  }

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    onStatus(null)
    const found = draftErrors(draft)
    setErrors(found)
    setProblems([])
    if (Object.keys(found).length > 0) return focusFirstInvalid(event.currentTarget)
    const input = changedInput(draft, saved)
    if (!input) return onStatus('Nothing changed.')
    const form = event.currentTarget
    const { data, error } = await update({ input })
    const payload = data?.updateMatchingSettings
    if (error || !payload) return setProblems([describeError(error ?? null)])
    if (payload.errors.length > 0 || !payload.settings) {
      setErrors(fieldErrors(payload.errors))
      setProblems(formErrors(payload.errors))
      return focusFirstInvalid(form)
    }
    onStatus('Programme settings saved.')
  }

  return (
    <form className="form programme__settings" onSubmit={handleSubmit} noValidate aria-label="Programme settings">
      <ErrorMessage>{problems.length > 0 ? problems.join(' ') : null}</ErrorMessage>
      <fieldset className="programme__weights" aria-describedby={errors.weights ? weightsErrorId : undefined}>
        <legend className="field__label">Score weights</legend>
        <p className="field__description">
          How much each part counts in a match’s score, from 0 to 1. The share is what it comes to when every
          part applies; a part that does not apply to a pair is left out and the others share its weight.
        </p>
        {WEIGHTS.map((weight) => (
          <WeightSlider
            key={weight.field}
            label={weight.label}
            help={weight.help}
            value={draft.weights[weight.field]}
            share={shares[weight.field]}
            onChange={(value) => setWeight(weight.field, value)}
            error={errors[`weights.${weight.field}`]}
          />
        ))}
        <FieldErrorText id={errors.weights ? weightsErrorId : undefined} errors={errors.weights ?? []} />
      </fieldset>

      <div className="programme__direction">
        <Select
          label="Career direction"
          description="Reverse: mentors earlier in their career than their mentees. Traditional: later. Any: career stage does not matter."
          options={DIRECTIONS}
          value={draft.direction}
          onChange={(event) => setDraft({ ...draft, direction: event.target.value as SettingsDraft['direction'] })}
          error={errors.direction}
        />
        <Switch
          label="Exclude mentors against the direction"
          description="Off: they are still shown, only scored lower."
          checked={draft.requireDirection}
          onChange={(event) => setDraft({ ...draft, requireDirection: event.target.checked })}
          error={errors.requireDirection}
        />
      </div>

      <div className="programme__limits">
        {LIMITS.map((limit) => (
          <TextField
            key={limit.field}
            label={limit.label}
            description={`${limit.help} From ${limit.min} to ${limit.max}.`}
            type="number"
            inputMode="numeric"
            min={limit.min}
            max={limit.max}
            step={1}
            name={limit.field}
            value={draft.limits[limit.field]}
            onChange={(event) => setDraft({ ...draft, limits: { ...draft.limits, [limit.field]: event.target.value } })}
            error={errors[limit.field]}
          />
        ))}
      </div>

      <div className="button-row">
        <Button type="submit" variant="primary" pending={fetching}>
          Save settings
        </Button>
        <Button onClick={undo}>Undo changes</Button>
      </div>
    </form>
  )
}

function WeightSlider({
  label,
  help,
  value,
  share,
  onChange,
  error,
}: {
  label: string
  help: string
  value: number
  share: number
  onChange: (value: number) => void
  error: string[] | undefined
}) {
  const id = useId()
  const errorId = error?.length ? `${id}-error` : undefined
  const shareText = `${formatPercent(share)} of the score`
  return (
    <div className={['weight', error?.length ? 'field--invalid' : ''].filter(Boolean).join(' ')}>
      <label htmlFor={id} className="weight__label">
        {label} <span className="weight__help">({help})</span>
      </label>
      <input
        id={id}
        type="range"
        className="weight__slider"
        min={0}
        max={1}
        step={0.05}
        value={value}
        onChange={(event) => onChange(Number(event.target.value))}
        aria-valuetext={`${value.toFixed(2)}, ${shareText}`}
        aria-invalid={error?.length ? true : undefined}
        aria-describedby={errorId}
      />
      <span className="weight__value" aria-hidden="true">
        {value.toFixed(2)}
      </span>
      <span className="weight__share" aria-hidden="true">
        {shareText}
      </span>
      <FieldErrorText id={errorId} errors={error ?? []} />
    </div>
  )
}

function focusFirstInvalid(form: HTMLFormElement | null) {
  requestAnimationFrame(() => form?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus())
}

import { Switch, TextField } from '@/components/ui'
import { FieldErrorText } from '@/components/ui/FieldParts'
import { errorList, useFieldIds, type FieldError } from '@/components/ui/field'
import { BIG_FIVE_TRAITS, type BigFiveScores, type BigFiveTrait } from './profileDraft'

function ScoreSlider({
  label,
  value,
  onChange,
  error,
}: {
  label: string
  value: number
  onChange: (value: number) => void
  error?: FieldError
}) {
  const { inputId, errorId, errors, inputProps } = useFieldIds(undefined, undefined, error)
  return (
    <div className={errors.length ? 'slider field--invalid' : 'slider'}>
      <label htmlFor={inputId} className="slider__label">
        {label}
      </label>
      <input
        type="range"
        min={0}
        max={100}
        step={1}
        className="slider__input"
        value={value}
        onChange={(event) => onChange(Number(event.target.value))}
        {...inputProps}
      />
      <output htmlFor={inputId} className="slider__value" aria-hidden="true">
        {value}
      </output>
      <FieldErrorText id={errorId} errors={errors} />
    </div>
  )
}

export interface PersonalityFieldsProps {
  includeBigFive: boolean
  bigFive: BigFiveScores
  mbti: string
  onChange: (change: { includeBigFive?: boolean; bigFive?: BigFiveScores; mbti?: string }) => void
  /** By API path: `personality`, `personality.bigFive`, `personality.bigFive.openness`, `personality.mbti`. */
  errors: Record<string, string[] | undefined>
}

/** Optional personality: Big Five scores (0-100 each, shared only when included) and/or an MBTI type. */
export function PersonalityFields({ includeBigFive, bigFive, mbti, onChange, errors }: PersonalityFieldsProps) {
  const groupErrors = [...errorList(errors.personality), ...errorList(errors['personality.bigFive'])]
  const groupErrorId = groupErrors.length > 0 ? 'personality-error' : undefined

  function setScore(trait: BigFiveTrait, value: number) {
    // Moving a slider means they want it counted.
    onChange({ bigFive: { ...bigFive, [trait]: value }, includeBigFive: true })
  }

  return (
    <>
      <Switch
        label="Include Big Five"
        description="Off: your scores are not saved and matching leaves personality out."
        checked={includeBigFive}
        onChange={(event) => onChange({ includeBigFive: event.target.checked })}
      />
      <fieldset className="sliders" aria-describedby={groupErrorId}>
        <legend className="list-editor__legend">Big Five</legend>
        <FieldErrorText id={groupErrorId} errors={groupErrors} />
        {BIG_FIVE_TRAITS.map((trait) => (
          <ScoreSlider
            key={trait.key}
            label={trait.label}
            value={bigFive[trait.key]}
            onChange={(value) => setScore(trait.key, value)}
            error={errors[`personality.bigFive.${trait.key}`]}
          />
        ))}
      </fieldset>
      <TextField
        label="MBTI type"
        description="Four letters, such as INTJ or ESFP. Leave empty if you prefer not to say."
        className="field--short"
        autoComplete="off"
        value={mbti}
        onChange={(event) => onChange({ mbti: event.target.value })}
        error={errors['personality.mbti']}
      />
    </>
  )
}

import { useId, type ReactNode } from 'react'
import { FieldDescription, FieldErrorText } from './FieldParts'
import { errorList, type FieldError } from './field'

export interface RadioOption<T extends string> {
  value: T
  label: ReactNode
}

export interface RadioGroupProps<T extends string> {
  /** The group's name, its legend. */
  label: ReactNode
  options: readonly RadioOption<T>[]
  /** Null: nothing chosen yet. */
  value: T | null
  onChange: (value: T) => void
  description?: ReactNode
  /** The API's words for this field; sets aria-invalid on the group. */
  error?: FieldError
  /** Lay the options out in a row (they wrap on narrow screens). */
  inline?: boolean
  required?: boolean
}

/**
 * One choice of a few, as native radio buttons in a fieldset (arrow keys move between them): the
 * legend names the group, its description and error text are wired to it with aria-describedby.
 */
export function RadioGroup<T extends string>({
  label,
  options,
  value,
  onChange,
  description,
  error,
  inline = false,
  required = false,
}: RadioGroupProps<T>) {
  const id = useId()
  const errors = errorList(error)
  const legendId = `${id}-legend`
  const descriptionId = description ? `${id}-description` : undefined
  const errorId = errors.length > 0 ? `${id}-error` : undefined
  return (
    <fieldset
      role="radiogroup"
      aria-labelledby={legendId}
      aria-describedby={[errorId, descriptionId].filter(Boolean).join(' ') || undefined}
      aria-invalid={errors.length > 0 || undefined}
      aria-required={required || undefined}
      className={['radio-group', errors.length ? 'field--invalid' : ''].filter(Boolean).join(' ')}
    >
      <legend id={legendId} className="field__label">
        {label}
      </legend>
      <FieldDescription id={descriptionId}>{description}</FieldDescription>
      <div className={inline ? 'radio-group__options radio-group__options--inline' : 'radio-group__options'}>
        {options.map((option) => (
          <label key={option.value} className="radio">
            <input
              type="radio"
              className="radio__input"
              name={id}
              value={option.value}
              checked={value === option.value}
              onChange={() => onChange(option.value)}
            />
            <span>{option.label}</span>
          </label>
        ))}
      </div>
      <FieldErrorText id={errorId} errors={errors} />
    </fieldset>
  )
}

import type { ReactNode, SelectHTMLAttributes } from 'react'
import { FieldDescription, FieldErrorText } from './FieldParts'
import { useFieldIds, type FieldError } from './field'

export interface SelectOption {
  value: string
  label: string
}

export interface SelectProps extends Omit<SelectHTMLAttributes<HTMLSelectElement>, 'children'> {
  label: ReactNode
  options: readonly SelectOption[]
  /** An empty first option ("Any", "Not given"); omit for none. */
  placeholder?: string
  description?: ReactNode
  error?: FieldError
}

/** A native select (keyboard and screen readers know it best), labelled and wired like the other fields. */
export function Select({ label, options, placeholder, description, error, id, className, ...select }: SelectProps) {
  const { inputId, descriptionId, errorId, errors, inputProps } = useFieldIds(id, description, error)
  return (
    <div className={['field', errors.length ? 'field--invalid' : '', className].filter(Boolean).join(' ')}>
      <label htmlFor={inputId} className="field__label">
        {label}
      </label>
      <FieldDescription id={descriptionId}>{description}</FieldDescription>
      <select className="field__input field__select" {...select} {...inputProps}>
        {placeholder !== undefined && <option value="">{placeholder}</option>}
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
      <FieldErrorText id={errorId} errors={errors} />
    </div>
  )
}

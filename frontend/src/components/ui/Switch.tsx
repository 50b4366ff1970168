import type { InputHTMLAttributes, ReactNode } from 'react'
import { FieldDescription, FieldErrorText } from './FieldParts'
import { useFieldIds, type FieldError } from './field'

export interface SwitchProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'type' | 'role' | 'children'> {
  label: ReactNode
  description?: ReactNode
  error?: FieldError
}

/** An on/off setting: a native checkbox with role="switch" (Space toggles it), drawn as a track. */
export function Switch({ label, description, error, id, className, ...input }: SwitchProps) {
  const { inputId, descriptionId, errorId, errors, inputProps } = useFieldIds(id, description, error)
  return (
    <div className={['check', 'switch', errors.length ? 'field--invalid' : '', className].filter(Boolean).join(' ')}>
      <input type="checkbox" role="switch" className="switch__input" {...input} {...inputProps} />
      <label htmlFor={inputId} className="check__label">
        {label}
      </label>
      <FieldDescription id={descriptionId}>{description}</FieldDescription>
      <FieldErrorText id={errorId} errors={errors} />
    </div>
  )
}

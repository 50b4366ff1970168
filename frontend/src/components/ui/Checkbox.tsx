import type { InputHTMLAttributes, ReactNode } from 'react'
import { FieldDescription, FieldErrorText } from './FieldParts'
import { useFieldIds, type FieldError } from './field'

export interface CheckboxProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'type' | 'children'> {
  label: ReactNode
  description?: ReactNode
  error?: FieldError
}

export function Checkbox({ label, description, error, id, className, ...input }: CheckboxProps) {
  const { inputId, descriptionId, errorId, errors, inputProps } = useFieldIds(id, description, error)
  return (
    <div className={['check', errors.length ? 'field--invalid' : '', className].filter(Boolean).join(' ')}>
      <input type="checkbox" className="check__input" {...input} {...inputProps} />
      <label htmlFor={inputId} className="check__label">
        {label}
      </label>
      <FieldDescription id={descriptionId}>{description}</FieldDescription>
      <FieldErrorText id={errorId} errors={errors} />
    </div>
  )
}

import type { InputHTMLAttributes, ReactNode } from 'react'
import { FieldDescription, FieldErrorText } from './FieldParts'
import { useFieldIds, type FieldError } from './field'

export interface TextFieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'children'> {
  label: ReactNode
  description?: ReactNode
  /** The API's words for this field (one message or several); sets aria-invalid. */
  error?: FieldError
}

/** A labelled input with its optional description and error text, wired with aria-describedby. */
export function TextField({ label, description, error, id, className, type = 'text', ...input }: TextFieldProps) {
  const { inputId, descriptionId, errorId, errors, inputProps } = useFieldIds(id, description, error)
  return (
    <div className={['field', errors.length ? 'field--invalid' : '', className].filter(Boolean).join(' ')}>
      <label htmlFor={inputId} className="field__label">
        {label}
      </label>
      <FieldDescription id={descriptionId}>{description}</FieldDescription>
      <input type={type} className="field__input" {...input} {...inputProps} />
      <FieldErrorText id={errorId} errors={errors} />
    </div>
  )
}

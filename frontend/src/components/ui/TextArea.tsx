import type { ReactNode, TextareaHTMLAttributes } from 'react'
import { FieldDescription, FieldErrorText } from './FieldParts'
import { useFieldIds, type FieldError } from './field'

export interface TextAreaProps extends Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'children'> {
  label: ReactNode
  description?: ReactNode
  error?: FieldError
}

export function TextArea({ label, description, error, id, className, rows = 4, ...textarea }: TextAreaProps) {
  const { inputId, descriptionId, errorId, errors, inputProps } = useFieldIds(id, description, error)
  return (
    <div className={['field', errors.length ? 'field--invalid' : '', className].filter(Boolean).join(' ')}>
      <label htmlFor={inputId} className="field__label">
        {label}
      </label>
      <FieldDescription id={descriptionId}>{description}</FieldDescription>
      <textarea rows={rows} className="field__input" {...textarea} {...inputProps} />
      <FieldErrorText id={errorId} errors={errors} />
    </div>
  )
}

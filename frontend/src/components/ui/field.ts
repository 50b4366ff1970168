import { useId } from 'react'

export type FieldError = string | readonly string[] | null | undefined

export function errorList(error: FieldError): readonly string[] {
  if (!error) return []
  return typeof error === 'string' ? [error] : error
}

/** Ids and ARIA wiring shared by every field: label, description and error text. */
export function useFieldIds(id: string | undefined, description: unknown, error: FieldError) {
  const generated = useId()
  const inputId = id ?? generated
  const descriptionId = description ? `${inputId}-description` : undefined
  const errors = errorList(error)
  const errorId = errors.length > 0 ? `${inputId}-error` : undefined
  const describedBy = [errorId, descriptionId].filter(Boolean).join(' ') || undefined
  return {
    inputId,
    descriptionId,
    errorId,
    errors,
    inputProps: {
      id: inputId,
      'aria-invalid': errors.length > 0 ? (true as const) : undefined,
      'aria-describedby': describedBy,
    },
  }
}

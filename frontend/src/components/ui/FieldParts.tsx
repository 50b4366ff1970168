import type { ReactNode } from 'react'

export function FieldDescription({ id, children }: { id: string | undefined; children: ReactNode }) {
  if (!children || !id) return null
  return (
    <p id={id} className="field__description">
      {children}
    </p>
  )
}

export function FieldErrorText({ id, errors }: { id: string | undefined; errors: readonly string[] }) {
  if (!id || errors.length === 0) return null
  return (
    <div id={id} className="field__error">
      {errors.map((message) => (
        <p key={message}>{message}</p>
      ))}
    </div>
  )
}

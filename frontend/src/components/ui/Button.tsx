import type { ButtonHTMLAttributes } from 'react'

export type ButtonVariant = 'primary' | 'secondary' | 'danger' | 'quiet'

/** The class of a button; also for a router `<Link>` that should look like one. */
export function buttonClass(variant: ButtonVariant = 'secondary', className?: string): string {
  return ['button', `button--${variant}`, className].filter(Boolean).join(' ')
}

export interface ButtonProps extends ButtonHTMLAttributes<HTMLButtonElement> {
  variant?: ButtonVariant
  /** While its request runs: disabled and marked busy; the label stays, so its name does not change. */
  pending?: boolean
}

export function Button({ variant = 'secondary', pending = false, className, type = 'button', disabled, ...rest }: ButtonProps) {
  return (
    <button
      type={type}
      className={buttonClass(variant, className)}
      disabled={disabled || pending}
      aria-busy={pending || undefined}
      {...rest}
    />
  )
}

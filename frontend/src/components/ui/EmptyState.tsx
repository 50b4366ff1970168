import type { ReactNode } from 'react'

/** What an empty list says, and what to do about it. `headingLevel` keeps headings in order. */
export function EmptyState({
  title,
  children,
  action,
  headingLevel = 2,
}: {
  title: string
  children?: ReactNode
  action?: ReactNode
  headingLevel?: 2 | 3 | 4
}) {
  const Heading = `h${headingLevel}` as const
  return (
    <div className="empty">
      <Heading className="empty__title">{title}</Heading>
      {children && <div className="empty__body">{children}</div>}
      {action && <div className="empty__action">{action}</div>}
    </div>
  )
}

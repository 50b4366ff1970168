/** A polite "Loading…" status while a query runs. */
export function Loading({ label = 'Loading…' }: { label?: string }) {
  return (
    <div role="status" className="loading">
      <span className="loading__spinner" aria-hidden="true" />
      {label}
    </div>
  )
}

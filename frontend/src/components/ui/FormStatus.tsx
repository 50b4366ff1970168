/**
 * A live region for a form's outcome ("Profile saved."). Always rendered, so screen readers
 * announce the text when it appears.
 */
export function FormStatus({ message }: { message?: string | null }) {
  return (
    <p role="status" className={message ? 'form-status form-status--shown' : 'form-status'}>
      {message ?? ''}
    </p>
  )
}

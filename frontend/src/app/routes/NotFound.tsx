import { Link } from 'react-router'
import { PageHeader } from '@/components/ui'

export function NotFound() {
  return (
    <>
      <a href="#main" className="skip-link">
        Skip to content
      </a>
      <main id="main" tabIndex={-1} className="page page--centered">
        <PageHeader title="Page not found">
          <p>There is nothing at this address. It may have moved, or the link has a typo.</p>
        </PageHeader>
        <p>
          <Link to="/">Go to the home page</Link>
        </p>
      </main>
    </>
  )
}

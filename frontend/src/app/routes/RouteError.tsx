import { isRouteErrorResponse, Link, useRouteError } from 'react-router'
import { PageHeader } from '@/components/ui'
import { NotFound } from './NotFound'

/** A screen crashed (a bug): say so in words instead of a blank page. */
export function RouteError() {
  const error = useRouteError()
  if (isRouteErrorResponse(error) && error.status === 404) return <NotFound />
  return (
    <main id="main" tabIndex={-1} className="page page--centered">
      <PageHeader title="Something went wrong">
        <p>This page hit a problem on our side. Reload the page, or go back and try again.</p>
      </PageHeader>
      <p>
        <Link to="/">Go to the home page</Link>
      </p>
    </main>
  )
}

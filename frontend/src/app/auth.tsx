import type { ReactNode } from 'react'
import { Navigate, Outlet, useLocation, useNavigation, useSearchParams } from 'react-router'
import { Button, ErrorMessage, Loading } from '@/components/ui'
import { safeNextPath, useViewer } from '@/lib/auth'

// useViewer lives in lib/auth so features can use it without importing the app (imports flow
// lib -> features -> app); it is re-exported here for the app's own modules.
export { useViewer, useSession, type Viewer } from '@/lib/auth'

function FullPage({ children }: { children: ReactNode }) {
  return (
    <main id="main" className="page page--centered">
      {children}
    </main>
  )
}

function ViewerError({ retry, error }: { retry: () => void; error: Parameters<typeof ErrorMessage>[0]['error'] }) {
  return (
    <FullPage>
      <h1>mentormatch</h1>
      <ErrorMessage error={error} action={<Button onClick={retry}>Try again</Button>} />
    </FullPage>
  )
}

/** Route guard: signed-out visitors go to `/signin?next=<where they were going>`. */
export function RequireAuth({ children }: { children?: ReactNode }) {
  const { viewer, loading, error, refetch } = useViewer()
  const location = useLocation()
  if (loading) {
    return (
      <FullPage>
        <Loading />
      </FullPage>
    )
  }
  if (!viewer && error) return <ViewerError error={error} retry={refetch} />
  if (!viewer) {
    const here = location.pathname + location.search
    const to = here === '/' ? '/signin' : `/signin?next=${encodeURIComponent(here)}`
    return <Navigate to={to} replace />
  }
  return children ?? <Outlet />
}

/** For /signin and /signup: someone already signed in goes on to `next` (or home). */
export function RedirectIfSignedIn({ children }: { children?: ReactNode }) {
  const { viewer, loading } = useViewer()
  const [params] = useSearchParams()
  // A sign-in or sign-up that just succeeded is already on its way (its screen's code may still be
  // loading): let it arrive rather than send the person elsewhere.
  const arriving = useNavigation().state !== 'idle'
  if (loading) {
    return (
      <FullPage>
        <Loading />
      </FullPage>
    )
  }
  if (viewer && !arriving) return <Navigate to={safeNextPath(params.get('next'))} replace />
  return children ?? <Outlet />
}

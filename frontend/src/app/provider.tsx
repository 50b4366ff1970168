import { useCallback, useMemo, useRef, useState, type ReactNode } from 'react'
import { Provider as UrqlProvider } from 'urql'
import { SessionContext, type Session } from '@/lib/auth'
import { createAppClient, type AppClient } from './client'

/**
 * The urql client for the whole app. `resetSession` (after sign-in, sign-up, sign-out) swaps in a
 * fresh client: an empty cache, and a WebSocket that signs in with the new cookie.
 */
export function AppProvider({ children }: { children: ReactNode }) {
  const [appClient, setAppClient] = useState<AppClient>(createAppClient)
  const current = useRef(appClient)

  const resetSession = useCallback(() => {
    current.current.dispose()
    current.current = createAppClient()
    setAppClient(current.current)
  }, [])

  const session = useMemo<Session>(() => ({ resetSession }), [resetSession])

  return (
    <SessionContext.Provider value={session}>
      <UrqlProvider value={appClient.client}>{children}</UrqlProvider>
    </SessionContext.Provider>
  )
}

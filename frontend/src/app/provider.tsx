import { useCallback, useMemo, useRef, useState, type ReactNode } from 'react'
import { Provider as UrqlProvider } from 'urql'
import { SessionContext, type Session } from '@/lib/auth'
import { createAppClient, type AppClient } from './client'

/**
 * The urql client for the whole app. `resetSession` (after sign-in, sign-up, sign-out) swaps in a
 * fresh client: an empty cache, and a WebSocket that signs in with the new cookie. So does an answer
 * saying the session has ended.
 */
export function AppProvider({ children }: { children: ReactNode }) {
  const [appClient, setAppClient] = useState<AppClient>(() => createAppClient(() => reset.current()))
  const current = useRef(appClient)
  // A session that ends on the server (expiry, sign-out elsewhere, suspension) resets like a sign-out:
  // `me` is then null, and the route guard sends the person to sign in, back here afterwards.
  const reset = useRef<() => void>(() => {})

  const resetSession = useCallback(() => {
    current.current.dispose()
    current.current = createAppClient(() => reset.current())
    setAppClient(current.current)
  }, [])
  reset.current = resetSession

  const session = useMemo<Session>(() => ({ resetSession }), [resetSession])

  return (
    <SessionContext.Provider value={session}>
      <UrqlProvider value={appClient.client}>{children}</UrqlProvider>
    </SessionContext.Provider>
  )
}

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
  const [appClient, setAppClient] = useState<AppClient>(() => createAppClient(() => ended.current()))
  const current = useRef(appClient)
  // A session that ends on the server (expiry, sign-out elsewhere, suspension) resets like a sign-out:
  // `me` is then null, and the route guard sends the person to sign in, back here afterwards; the
  // sign-in screen says the session ended.
  const ended = useRef<() => void>(() => {})
  const [sessionEnded, setSessionEnded] = useState(false)

  const replaceClient = useCallback(() => {
    current.current.dispose()
    current.current = createAppClient(() => ended.current())
    setAppClient(current.current)
  }, [])
  const resetSession = useCallback(() => {
    setSessionEnded(false)
    replaceClient()
  }, [replaceClient])
  ended.current = () => {
    setSessionEnded(true)
    replaceClient()
  }

  const session = useMemo<Session>(() => ({ resetSession, sessionEnded }), [resetSession, sessionEnded])

  return (
    <SessionContext.Provider value={session}>
      <UrqlProvider value={appClient.client}>{children}</UrqlProvider>
    </SessionContext.Provider>
  )
}

import { createContext, useCallback, useContext, useMemo } from 'react'
import { useQuery, type CombinedError } from 'urql'
import { graphql } from '@/gql'
import type { ViewerQuery } from '@/gql/graphql'

// Shared by the app (route guard, layout) and every feature: who is signed in.
export const viewerQuery = graphql(`
  query Viewer {
    me {
      id
      displayName
      email
      isAdmin
      hasPassword
      profile {
        canMentor
        seeksMentoring
      }
    }
  }
`)

export type Viewer = NonNullable<ViewerQuery['me']>

export interface ViewerState {
  viewer: Viewer | null
  loading: boolean
  /** The `me` query failed (network, server): neither signed in nor out is known. */
  error: CombinedError | undefined
  /** Ask the API again (e.g. after a profile change flips canMentor). */
  refetch: () => void
}

/** The signed-in user from the `me` query: `{ viewer, loading, error, refetch }`. */
export function useViewer(): ViewerState {
  const [{ data, fetching, error }, reexecute] = useQuery({ query: viewerQuery })
  const refetch = useCallback(() => reexecute({ requestPolicy: 'network-only' }), [reexecute])
  return useMemo(
    () => ({ viewer: data?.me ?? null, loading: fetching && !data, error, refetch }),
    [data, fetching, error, refetch],
  )
}

export interface Session {
  /**
   * Call after a sign-in, sign-up or sign-out: the urql client (its cache and WebSocket) is
   * replaced, so nothing of the previous user remains and the new cookie is used.
   */
  resetSession: () => void
  /**
   * The server ended the last session (it expired, was signed out elsewhere, the account was
   * suspended or deleted): the sign-in screen says so. Cleared by the next resetSession.
   */
  sessionEnded?: boolean
}

export const SessionContext = createContext<Session>({ resetSession: () => {} })

export function useSession(): Session {
  return useContext(SessionContext)
}

/** A `next` path from the URL, if it is safe to go to (same origin, not back to sign-in). */
export function safeNextPath(next: string | null | undefined): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/'
  if (next.startsWith('/signin') || next.startsWith('/signup')) return '/'
  return next
}

import { Client, cacheExchange, fetchExchange, mapExchange, subscriptionExchange, type CombinedError } from 'urql'
import { createClient as createWsClient, type Client as WsClient } from 'graphql-ws'

export const GRAPHQL_PATH = '/graphql'
const CSRF_COOKIE = 'mm_csrf'

/** The readable CSRF cookie the API sets at sign-in; cookie-authenticated mutations must echo it. */
export function readCsrfToken(cookies: string = document.cookie): string | null {
  for (const part of cookies.split(';')) {
    const [name, ...value] = part.trim().split('=')
    if (name === CSRF_COOKIE) return decodeURIComponent(value.join('='))
  }
  return null
}

function websocketUrl(): string {
  const { protocol, host } = window.location
  return `${protocol === 'https:' ? 'wss' : 'ws'}://${host}${GRAPHQL_PATH}`
}

export interface AppClient {
  client: Client
  /** Closes the WebSocket; call before dropping the client. */
  dispose: () => void
}

/** Whether the API said the caller is not (or no longer) signed in. */
export function isUnauthenticated(error: CombinedError): boolean {
  return error.graphQLErrors.some((entry) => entry.extensions?.code === 'UNAUTHENTICATED')
}

/**
 * A fresh urql client: HTTP with the session cookie and the CSRF header, subscriptions over
 * graphql-ws (the cookie signs the WebSocket in, so the payload stays empty), document cache.
 *
 * `onSignedOut` runs once, at the first answer saying the session is gone (it expired, was signed
 * out elsewhere, or the account was suspended), so the app can start over at sign-in instead of
 * showing "Sign in first." on a screen it still believes is signed in.
 */
export function createAppClient(onSignedOut: () => void = () => {}): AppClient {
  let signedOut = false
  const ws: WsClient = createWsClient({
    url: websocketUrl(),
    lazy: true,
    // Keep reconnecting (server restarts, laptops waking up): a bell should come back by itself.
    retryAttempts: Infinity,
    shouldRetry: () => true,
    retryWait: async (retries) => {
      const delay = Math.min(30_000, 1000 * 2 ** retries) * (0.5 + Math.random() / 2)
      await new Promise((resolve) => setTimeout(resolve, delay))
    },
  })

  const client = new Client({
    url: GRAPHQL_PATH,
    // POST only: the server treats GET /graphql as GraphiQL in development.
    preferGetMethod: false,
    fetchOptions: (): RequestInit => {
      const csrf = readCsrfToken()
      const headers: Record<string, string> = csrf ? { 'X-CSRF-Token': csrf } : {}
      return { credentials: 'same-origin', headers }
    },
    exchanges: [
      cacheExchange,
      mapExchange({
        onError(error) {
          if (!signedOut && isUnauthenticated(error)) {
            signedOut = true
            onSignedOut()
          }
        },
      }),
      fetchExchange,
      subscriptionExchange({
        forwardSubscription(request) {
          const input = { ...request, query: request.query ?? '' }
          return {
            subscribe(sink) {
              const unsubscribe = ws.subscribe(input, sink)
              return { unsubscribe }
            },
          }
        },
      }),
    ],
  })

  return { client, dispose: () => void ws.dispose() }
}

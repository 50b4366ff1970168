/** Endpoint of the backend's GraphQL API (same origin; proxied by Vite in dev). */
export const GRAPHQL_ENDPOINT = '/graphql'

export interface GraphQLErrorEntry {
  message: string
  path?: ReadonlyArray<string | number>
  extensions?: Record<string, unknown>
}

interface GraphQLResponse<T> {
  data?: T | null
  errors?: ReadonlyArray<GraphQLErrorEntry>
}

/** Raised for transport failures (non-2xx) and for GraphQL `errors` payloads. */
export class GraphQLRequestError extends Error {
  readonly status: number | undefined
  readonly errors: ReadonlyArray<GraphQLErrorEntry>

  constructor(message: string, options: { status?: number; errors?: ReadonlyArray<GraphQLErrorEntry> } = {}) {
    super(message)
    this.name = 'GraphQLRequestError'
    this.status = options.status
    this.errors = options.errors ?? []
  }
}

/**
 * POST a GraphQL operation to the backend and return its `data`.
 *
 * Throws `GraphQLRequestError` on an HTTP error status, on a non-empty
 * `errors` array, or when the response carries no `data`.
 */
export async function graphqlRequest<T>(query: string, variables?: Record<string, unknown>): Promise<T> {
  const response = await fetch(GRAPHQL_ENDPOINT, {
    method: 'POST',
    credentials: 'same-origin',
    headers: {
      'Content-Type': 'application/json',
      Accept: 'application/json',
    },
    body: JSON.stringify(variables === undefined ? { query } : { query, variables }),
  })

  if (!response.ok) {
    throw new GraphQLRequestError(`GraphQL request failed with HTTP ${response.status}`, {
      status: response.status,
    })
  }

  const payload = (await response.json()) as GraphQLResponse<T>

  if (payload.errors && payload.errors.length > 0) {
    throw new GraphQLRequestError(payload.errors.map((e) => e.message).join('; '), {
      status: response.status,
      errors: payload.errors,
    })
  }
  if (payload.data === undefined || payload.data === null) {
    throw new GraphQLRequestError('GraphQL response contained no data', { status: response.status })
  }
  return payload.data
}

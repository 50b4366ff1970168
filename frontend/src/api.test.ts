import { describe, expect, it, vi } from 'vitest'
import { GraphQLRequestError, graphqlRequest } from './api.ts'

function jsonResponse(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json' },
  })
}

describe('graphqlRequest', () => {
  it('POSTs the query as JSON to /graphql with same-origin credentials and returns data', async () => {
    const fetchMock = vi.fn().mockResolvedValue(jsonResponse({ data: { serverInfo: { version: '0.1.0' } } }))
    vi.stubGlobal('fetch', fetchMock)

    const data = await graphqlRequest<{ serverInfo: { version: string } }>('{ serverInfo { version } }')

    expect(data).toEqual({ serverInfo: { version: '0.1.0' } })
    expect(fetchMock).toHaveBeenCalledTimes(1)
    const [url, init] = fetchMock.mock.calls[0] as [string, RequestInit]
    expect(url).toBe('/graphql')
    expect(init.method).toBe('POST')
    expect(init.credentials).toBe('same-origin')
    expect(new Headers(init.headers).get('Content-Type')).toBe('application/json')
    expect(init.body).toBe('{"query":"{ serverInfo { version } }"}')
  })

  it('sends variables when given', async () => {
    const fetchMock = vi.fn().mockResolvedValue(jsonResponse({ data: { ok: true } }))
    vi.stubGlobal('fetch', fetchMock)

    await graphqlRequest('query Q($id: ID!) { node(id: $id) { id } }', { id: '42' })

    const init = fetchMock.mock.calls[0]?.[1] as RequestInit
    expect(JSON.parse(init.body as string)).toEqual({
      query: 'query Q($id: ID!) { node(id: $id) { id } }',
      variables: { id: '42' },
    })
  })

  it('throws on a GraphQL errors payload even with HTTP 200', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn().mockResolvedValue(
        jsonResponse({ data: null, errors: [{ message: 'Cannot query field "nope" on type "Query".' }] }),
      ),
    )

    const promise = graphqlRequest('{ nope }')

    await expect(promise).rejects.toBeInstanceOf(GraphQLRequestError)
    await expect(promise).rejects.toThrow('Cannot query field "nope" on type "Query".')
    await expect(promise).rejects.toMatchObject({
      status: 200,
      errors: [{ message: 'Cannot query field "nope" on type "Query".' }],
    })
  })

  it('throws on HTTP 500', async () => {
    vi.stubGlobal('fetch', vi.fn().mockResolvedValue(new Response('Internal Server Error', { status: 500 })))

    const promise = graphqlRequest('{ serverInfo { version } }')

    await expect(promise).rejects.toBeInstanceOf(GraphQLRequestError)
    await expect(promise).rejects.toThrow('HTTP 500')
    await expect(promise).rejects.toMatchObject({ status: 500 })
  })

  it('throws when the response has no data', async () => {
    vi.stubGlobal('fetch', vi.fn().mockResolvedValue(jsonResponse({})))

    await expect(graphqlRequest('{ serverInfo { version } }')).rejects.toThrow('no data')
  })

  it('propagates network failures', async () => {
    vi.stubGlobal('fetch', vi.fn().mockRejectedValue(new TypeError('Failed to fetch')))

    await expect(graphqlRequest('{ serverInfo { version } }')).rejects.toThrow('Failed to fetch')
  })
})

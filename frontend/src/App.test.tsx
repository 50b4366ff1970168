import { render, screen } from '@testing-library/react'
import { describe, expect, it, vi } from 'vitest'
import App from './App.tsx'

function jsonResponse(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json' },
  })
}

describe('App', () => {
  it('shows the product name and description', () => {
    vi.stubGlobal('fetch', vi.fn(() => new Promise<Response>(() => {})))

    render(<App />)

    expect(screen.getByRole('heading', { level: 1, name: 'mentormatch' })).toBeInTheDocument()
    expect(
      screen.getByText('Reverse mentorship matching: find the mentor who can teach what you want to learn'),
    ).toBeInTheDocument()
    expect(screen.getByRole('status')).toHaveTextContent('Checking API…')
  })

  it('shows the API version when the serverInfo query succeeds', async () => {
    const fetchMock = vi.fn().mockResolvedValue(jsonResponse({ data: { serverInfo: { version: '0.1.0' } } }))
    vi.stubGlobal('fetch', fetchMock)

    render(<App />)

    expect(await screen.findByText('API version 0.1.0')).toBeInTheDocument()
    expect(screen.queryByText('API unreachable')).not.toBeInTheDocument()
    expect(fetchMock).toHaveBeenCalledWith(
      '/graphql',
      expect.objectContaining({
        method: 'POST',
        credentials: 'same-origin',
        body: JSON.stringify({ query: '{ serverInfo { version } }' }),
      }),
    )
  })

  it('shows "API unreachable" when the request fails', async () => {
    vi.stubGlobal('fetch', vi.fn().mockRejectedValue(new TypeError('Failed to fetch')))

    render(<App />)

    expect(await screen.findByText('API unreachable')).toBeInTheDocument()
    expect(screen.queryByText(/API version/)).not.toBeInTheDocument()
  })

  it('shows "API unreachable" when the server answers with an error', async () => {
    vi.stubGlobal('fetch', vi.fn().mockResolvedValue(new Response('Bad Gateway', { status: 502 })))

    render(<App />)

    expect(await screen.findByText('API unreachable')).toBeInTheDocument()
  })
})

import { screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { fromValue } from 'wonka'
import { mockClient, renderWithProviders } from '@/testing/render'
import { RequestsScreen } from './RequestsScreen'

const maya = { __typename: 'User', id: 'u-maya', displayName: 'Maya' }
const sam = { __typename: 'User', id: 'u-sam', displayName: 'Sam' }

function request(overrides: Record<string, unknown>) {
  return {
    __typename: 'MentorshipRequest',
    id: 'r1',
    status: 'PENDING',
    initiator: 'MENTEE',
    message: 'Could you help me present to the board?',
    objectives: ['public speaking'],
    reason: null,
    createdAt: '2026-12-02T12:00:00Z',
    expiresAt: '2026-12-16T12:00:00Z',
    decidedAt: null,
    mentor: maya,
    mentee: sam,
    sender: sam,
    recipient: maya,
    mentorship: null,
    ...overrides,
  }
}

function page(nodes: unknown[], hasNextPage = false, endCursor: string | null = null) {
  return {
    data: {
      requests: {
        __typename: 'MentorshipRequestConnection',
        edges: nodes.map((node) => ({ __typename: 'MentorshipRequestEdge', node })),
        pageInfo: { __typename: 'PageInfo', hasNextPage, endCursor },
      },
    },
  }
}

type Operation = { query: { definitions: { name?: { value: string } }[] }; variables: Record<string, unknown> }
const nameOf = (operation: Operation) => operation.query.definitions[0]?.name?.value

describe('RequestsScreen', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: new Date('2026-12-03T12:00:00Z'), toFake: ['Date'] })
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  it('shows each request with its status badge and the time left, or what happened and when', async () => {
    const client = mockClient({
      executeQuery: ((operation: Operation) =>
        fromValue(
          nameOf(operation) === 'IncomingRequests'
            ? page([
                request({}),
                request({
                  id: 'r2',
                  status: 'DECLINED',
                  decidedAt: '2026-11-30T12:00:00Z',
                  reason: 'My calendar is full this quarter.',
                  sender: { ...sam, id: 'u-lee', displayName: 'Lee' },
                  mentee: { ...sam, id: 'u-lee', displayName: 'Lee' },
                }),
                request({
                  id: 'r3',
                  status: 'ACCEPTED',
                  initiator: 'MENTOR',
                  decidedAt: '2026-11-29T12:00:00Z',
                  mentor: { ...maya, id: 'u-kim', displayName: 'Kim' },
                  mentee: maya,
                  sender: { ...maya, id: 'u-kim', displayName: 'Kim' },
                  recipient: maya,
                  mentorship: { __typename: 'Mentorship', id: 'm1' },
                }),
              ])
            : page([]),
        )) as never,
    })
    renderWithProviders(<RequestsScreen />, { client, url: '/requests' })

    const list = await screen.findByRole('list', { name: 'Incoming requests' })
    const [fromSam, fromLee, fromKim] = within(list).getAllByRole('article')

    expect(within(fromSam!).getByRole('heading', { name: 'Sam' })).toBeInTheDocument()
    expect(within(fromSam!).getByRole('link', { name: 'Sam' })).toHaveAttribute('href', '/mentees/u-sam')
    expect(within(fromSam!).getByText('Pending')).toHaveClass('badge')
    expect(fromSam).toHaveTextContent('Sam asks you to be their mentor.')
    expect(fromSam).toHaveTextContent('Expires in 13 days')
    expect(within(fromSam!).getByRole('button', { name: 'Accept' })).toBeInTheDocument()
    expect(within(fromSam!).getByRole('button', { name: 'Decline' })).toBeInTheDocument()

    expect(within(fromLee!).getByText('Declined')).toBeInTheDocument()
    expect(fromLee).toHaveTextContent('You declined it on 30 Nov 2026.')
    expect(fromLee).toHaveTextContent('Reason: My calendar is full this quarter.')
    expect(fromLee).not.toHaveTextContent('Expires')
    expect(within(fromLee!).queryByRole('button')).not.toBeInTheDocument()

    expect(fromKim).toHaveTextContent('Kim invites you to be their mentee.')
    expect(within(fromKim!).getByRole('link', { name: 'Kim' })).toHaveAttribute('href', '/mentors/u-kim')
    expect(fromKim).toHaveTextContent('You accepted it on 29 Nov 2026.')
    expect(within(fromKim!).getByRole('link', { name: 'See the mentorship' })).toHaveAttribute('href', '/mentorships')

    expect(screen.getByRole('link', { name: 'Incoming' })).toHaveAttribute('aria-current', 'page')
    expect(screen.getByRole('link', { name: 'Outgoing' })).not.toHaveAttribute('aria-current')
  })

  it('accepts, then shows the request as accepted and says so', async () => {
    const user = userEvent.setup()
    const client = mockClient({
      executeQuery: (() => fromValue(page([request({})]))) as never,
      executeMutation: (() =>
        fromValue({
          data: {
            acceptMentorshipRequest: {
              request: request({ status: 'ACCEPTED', decidedAt: '2026-12-03T12:00:00Z', mentorship: { __typename: 'Mentorship', id: 'm1' } }),
              errors: [],
            },
          },
        })) as never,
    })
    renderWithProviders(<RequestsScreen />, { client, url: '/requests?box=incoming', path: '/requests' })

    await user.click(await screen.findByRole('button', { name: 'Accept' }))

    expect(await screen.findByRole('status')).toHaveTextContent('You accepted Sam’s request: you are now their mentor.')
    const card = screen.getByRole('article')
    expect(within(card).getByText('Accepted')).toBeInTheDocument()
    expect(card).toHaveTextContent('You accepted it on 3 Dec 2026.')
    expect(within(card).queryByRole('button', { name: 'Accept' })).not.toBeInTheDocument()
    const [operation, context] = client.executeMutation.mock.calls[0]!
    expect(operation.variables).toEqual({ id: 'r1' })
    expect(context).toMatchObject({ additionalTypenames: expect.arrayContaining(['MentorshipRequest', 'Mentorship']) })
  })

  it('explains a refusal in words', async () => {
    const user = userEvent.setup()
    const client = mockClient({
      executeQuery: (() => fromValue(page([request({})]))) as never,
      executeMutation: (() =>
        fromValue({
          data: {
            acceptMentorshipRequest: {
              request: null,
              errors: [{ code: 'CAPACITY_REACHED', message: 'You have no free place for another mentee.', field: null }],
            },
          },
        })) as never,
    })
    renderWithProviders(<RequestsScreen />, { client, url: '/requests' })

    await user.click(await screen.findByRole('button', { name: 'Accept' }))

    expect(await screen.findByRole('alert')).toHaveTextContent('You have no free place for another mentee.')
    expect(screen.queryByText(/CAPACITY_REACHED/)).not.toBeInTheDocument()
    expect(within(screen.getByRole('article')).getByText('Pending')).toBeInTheDocument()
  })

  it('declines with an optional reason from a dialog', async () => {
    const user = userEvent.setup()
    const client = mockClient({
      executeQuery: (() => fromValue(page([request({})]))) as never,
      executeMutation: ((operation: Operation) =>
        fromValue({
          data: {
            declineMentorshipRequest: {
              request: request({ status: 'DECLINED', decidedAt: '2026-12-03T12:00:00Z', reason: operation.variables.reason }),
              errors: [],
            },
          },
        })) as never,
    })
    renderWithProviders(<RequestsScreen />, { client, url: '/requests' })

    await user.click(await screen.findByRole('button', { name: 'Decline' }))
    const dialog = await screen.findByRole('dialog', { name: 'Decline Sam’s request' })
    await user.type(within(dialog).getByLabelText('Reason'), 'I am not the right person for this.')
    await user.click(within(dialog).getByRole('button', { name: 'Decline request' }))

    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument())
    expect(client.executeMutation.mock.calls[0]![0].variables).toEqual({ id: 'r1', reason: 'I am not the right person for this.' })
    const card = screen.getByRole('article')
    expect(card).toHaveTextContent('You declined it on 3 Dec 2026.')
    expect(card).toHaveTextContent('Reason: I am not the right person for this.')
    expect(screen.getByRole('status')).toHaveTextContent('You declined Sam’s request.')
  })

  it('lets the sender withdraw an outgoing request', async () => {
    const user = userEvent.setup()
    const mine = request({ sender: maya, recipient: sam, mentor: sam, mentee: maya })
    const client = mockClient({
      executeQuery: ((operation: Operation) => fromValue(nameOf(operation) === 'OutgoingRequests' ? page([mine]) : page([]))) as never,
      executeMutation: (() =>
        fromValue({
          data: { withdrawMentorshipRequest: { request: { ...mine, status: 'WITHDRAWN', decidedAt: '2026-12-03T12:00:00Z' }, errors: [] } },
        })) as never,
    })
    renderWithProviders(<RequestsScreen />, { client, url: '/requests?box=outgoing', path: '/requests' })

    const card = await screen.findByRole('article')
    expect(card).toHaveTextContent('You asked Sam to be your mentor.')
    expect(within(card).getByRole('link', { name: 'Sam' })).toHaveAttribute('href', '/mentors/u-sam')
    expect(within(card).queryByRole('button', { name: 'Accept' })).not.toBeInTheDocument()
    await user.click(within(card).getByRole('button', { name: 'Withdraw' }))

    expect(await screen.findByText('You withdrew it on 3 Dec 2026.')).toBeInTheDocument()
    expect(screen.getByRole('link', { name: 'Outgoing' })).toHaveAttribute('aria-current', 'page')
  })

  it('pages with "Load more", starting after the first page', async () => {
    const user = userEvent.setup()
    const executeQuery = vi.fn((operation: Operation) =>
      fromValue(operation.variables.after === 'c1' ? page([request({ id: 'r9', sender: { ...sam, id: 'u-ola', displayName: 'Ola' } })]) : page([request({})], true, 'c1')),
    )
    renderWithProviders(<RequestsScreen />, { client: mockClient({ executeQuery: executeQuery as never }), url: '/requests' })

    await user.click(await screen.findByRole('button', { name: 'Load more' }))

    expect(await screen.findByRole('heading', { name: 'Ola' })).toBeInTheDocument()
    expect(screen.getAllByRole('article')).toHaveLength(2)
    expect(screen.queryByRole('button', { name: 'Load more' })).not.toBeInTheDocument()
  })

  it('designs the empty boxes', async () => {
    renderWithProviders(<RequestsScreen />, { client: mockClient({ executeQuery: (() => fromValue(page([]))) as never }), url: '/requests?box=outgoing', path: '/requests' })

    expect(await screen.findByRole('heading', { name: 'You have not sent any requests' })).toBeInTheDocument()
    expect(screen.getByRole('link', { name: 'Find a mentor' })).toHaveAttribute('href', '/mentors')
  })
})

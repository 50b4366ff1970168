import { useCallback, useEffect, useRef, useState } from 'react'
import { Link } from 'react-router'
import { useMutation, useQuery } from 'urql'
import { Button, EmptyState, ErrorMessage, FormStatus, Loading, PageHeader } from '@/components/ui'
import { LoadMore, usePageChain, useReportPage, type ChainPage } from '@/components/ui/PageChain'
import { graphql, useFragment as readFragment, type FragmentType } from '@/gql'
import type { NotificationItemFragment, NotificationKind } from '@/gql/graphql'
import { useViewer } from '@/lib/auth'
import { describeError } from '@/lib/errors'
import { formatDateTime, formatRelative } from '@/lib/format'
import { unreadCountQuery } from './NotificationBell'
import './notifications.css'

const PAGE_SIZE = 20

export const notificationItemFragment = graphql(`
  fragment NotificationItem on Notification {
    id
    kind
    message
    createdAt
    read
    request {
      id
      recipient {
        id
      }
    }
    mentorship {
      id
    }
  }
`)

export const notificationsQuery = graphql(`
  query Notifications($first: Int!, $after: String) {
    notifications(first: $first, after: $after) {
      edges {
        node {
          id
          ...NotificationItem
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`)

export const markNotificationsReadMutation = graphql(`
  mutation MarkNotificationsRead($input: MarkNotificationsReadInput!) {
    markNotificationsRead(input: $input) {
      marked
      unreadCount
      errors {
        code
        message
        field
      }
    }
  }
`)

// Asked again after marking read (the payload names no Notification) and after every live one
// (the bell's subscription invalidates Notification).
const listContext = { additionalTypenames: ['Notification'] }
const countContext = { additionalTypenames: ['Notification', 'MarkNotificationsReadPayload'] }

type NotificationNode = { id: string } & FragmentType<typeof notificationItemFragment>
type ItemShape = NotificationItemFragment

const ABOUT_MENTORSHIP: readonly NotificationKind[] = ['REQUEST_ACCEPTED', 'MENTORSHIP_ENDED', 'FEEDBACK_DUE', 'REMATCH_OFFERED']

/** Where a notification leads: the page of the mentorship it is about, or the box holding its request. */
export function notificationTarget(item: ItemShape, viewerId: string | undefined): string | null {
  if (item.mentorship && (ABOUT_MENTORSHIP.includes(item.kind) || !item.request)) return `/mentorships/${item.mentorship.id}`
  if (item.request) return `/requests?box=${item.request.recipient.id === viewerId ? 'incoming' : 'outgoing'}`
  return null
}

function NotificationsPage({
  index,
  after,
  report,
}: {
  index: number
  after: string | null
  report: (index: number, page: ChainPage<NotificationNode>) => void
}) {
  const [{ data, fetching, error }, reexecute] = useQuery({
    query: notificationsQuery,
    variables: { first: PAGE_SIZE, after },
    context: listContext,
    requestPolicy: 'cache-and-network',
  })
  const connection = data?.notifications
  useReportPage(report, index, connection, fetching, error, reexecute)
  return null
}

function useNow(intervalMs = 60_000): number {
  const [now, setNow] = useState(() => Date.now())
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs)
    return () => clearInterval(timer)
  }, [intervalMs])
  return now
}

function NotificationRow({
  item,
  read,
  target,
  now,
  onMarkRead,
  pending,
}: {
  item: ItemShape
  read: boolean
  target: string | null
  now: number
  onMarkRead: (item: ItemShape, focusAfter: HTMLElement | null) => void
  pending: boolean
}) {
  const linkRef = useRef<HTMLAnchorElement>(null)
  return (
    <li className={read ? 'notification' : 'notification notification--unread'}>
      <div className="notification__body">
        {!read && <span className="notification__dot">Unread</span>}
        {target ? (
          <Link
            ref={linkRef}
            to={target}
            className="notification__message"
            onClick={() => {
              if (!read) onMarkRead(item, null)
            }}
          >
            {item.message}
          </Link>
        ) : (
          <p className="notification__message">{item.message}</p>
        )}
        <time className="notification__time" dateTime={item.createdAt} title={formatDateTime(item.createdAt)}>
          {formatRelative(item.createdAt, now)}
        </time>
      </div>
      {!read && (
        <Button
          variant="quiet"
          className="notification__mark"
          aria-label={`Mark read: ${item.message}`}
          pending={pending}
          onClick={() => onMarkRead(item, linkRef.current)}
        >
          Mark read
        </Button>
      )}
    </li>
  )
}

const nodeKey = (node: NotificationNode) => node.id

/** /notifications: everything that happened that concerns me, newest first, updated live. */
export function NotificationsScreen() {
  const { viewer } = useViewer()
  const chain = usePageChain<NotificationNode>(nodeKey)
  const [{ data: countData }] = useQuery({ query: unreadCountQuery, context: countContext })
  const [{ fetching: marking }, markRead] = useMutation(markNotificationsReadMutation)
  // Shown as read at once, before the list comes back from the API.
  const [readHere, setReadHere] = useState<ReadonlySet<string>>(new Set())
  const [allReadUpTo, setAllReadUpTo] = useState<string | null>(null)
  const [markingId, setMarkingId] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [status, setStatus] = useState<string | null>(null)
  const listRef = useRef<HTMLUListElement>(null)
  const now = useNow()

  const items = chain.items.map((node) => readFragment(notificationItemFragment, node))
  const isRead = useCallback(
    (item: ItemShape) =>
      item.read || readHere.has(item.id) || (allReadUpTo !== null && new Date(item.createdAt) <= new Date(allReadUpTo)),
    [readHere, allReadUpTo],
  )
  const unreadShown = items.filter((item) => !isRead(item)).length
  // The API's count covers every page; until it answers, what is shown.
  const unread = countData?.notifications.unreadCount ?? unreadShown

  async function handleMarkRead(item: ItemShape, focusAfter: HTMLElement | null) {
    setError(null)
    setMarkingId(item.id)
    setReadHere((current) => new Set(current).add(item.id))
    if (focusAfter) requestAnimationFrame(() => focusAfter.focus())
    const result = await markRead({ input: { ids: [item.id] } }, listContext)
    setMarkingId(null)
    const payload = result.data?.markNotificationsRead
    if (result.error || !payload || payload.errors.length > 0) {
      setReadHere((current) => {
        const next = new Set(current)
        next.delete(item.id)
        return next
      })
      setError(describeError(result.error ?? payload?.errors[0] ?? null))
    }
  }

  async function handleMarkAll() {
    setError(null)
    const newest = items[0]?.createdAt ?? new Date().toISOString()
    const result = await markRead({ input: { all: true } }, listContext)
    const payload = result.data?.markNotificationsRead
    if (result.error || !payload || payload.errors.length > 0) {
      setError(describeError(result.error ?? payload?.errors[0] ?? null))
      return
    }
    setAllReadUpTo(newest)
    setStatus(payload.marked === 1 ? 'Marked 1 notification read.' : `Marked ${payload.marked} notifications read.`)
    // The button is disabled now: keep the keyboard in the list.
    requestAnimationFrame(() => listRef.current?.querySelector<HTMLElement>('a, button')?.focus())
  }

  return (
    <>
      <PageHeader title="Notifications">
        <p>{unread > 0 ? `${unread} unread. New ones appear here as they happen.` : 'All caught up. New ones appear here as they happen.'}</p>
      </PageHeader>
      {chain.afters.map((after, index) => (
        <NotificationsPage key={index} index={index} after={after} report={chain.report} />
      ))}
      <div className="notifications__toolbar">
        <Button onClick={handleMarkAll} pending={marking && markingId === null} disabled={unread === 0}>
          Mark all read
        </Button>
        <FormStatus message={status} />
      </div>
      <ErrorMessage>{error}</ErrorMessage>
      {chain.loading ? (
        <Loading label="Loading notifications…" />
      ) : chain.error ? (
        <ErrorMessage error={chain.error} action={<Button onClick={() => chain.retryFirst?.()}>Try again</Button>} />
      ) : chain.empty ? (
        <EmptyState title="No notifications yet">
          <p>You will hear here when someone sends you a request, answers yours, or a mentorship changes.</p>
        </EmptyState>
      ) : (
        <ul ref={listRef} className="notifications" aria-label="Notifications">
          {items.map((item) => (
            <NotificationRow
              key={item.id}
              item={item}
              read={isRead(item)}
              target={notificationTarget(item, viewer?.id)}
              now={now}
              onMarkRead={handleMarkRead}
              pending={markingId === item.id}
            />
          ))}
        </ul>
      )}
      <LoadMore chain={chain} />
    </>
  )
}

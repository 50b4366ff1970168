import { useEffect, useMemo } from 'react'
import { NavLink } from 'react-router'
import { useQuery, useSubscription } from 'urql'
import { graphql } from '@/gql'

export const unreadCountQuery = graphql(`
  query UnreadNotificationCount {
    notifications(first: 1) {
      unreadCount
    }
  }
`)

export const notificationReceivedSubscription = graphql(`
  subscription NotificationReceived {
    notificationReceived {
      id
      kind
      message
      createdAt
      read
    }
  }
`)

/** "Notifications, 3 unread", or "Notifications" when nothing is unread. */
export function bellLabel(unread: number): string {
  return unread > 0 ? `Notifications, ${unread} unread` : 'Notifications'
}

// The bell is on every signed-in screen, so its subscription is the app's one live feed: each
// notification makes urql's document cache fetch again whatever it may have changed (the
// notifications list, the requests boxes, the mentorships), wherever they are shown.
const liveContext = { additionalTypenames: ['Notification', 'MentorshipRequest', 'Mentorship'] }

/**
 * A link to /notifications with the unread count as a badge, kept current by the
 * notificationReceived subscription (and by any mark-read mutation, through the cache).
 */
export function NotificationBell() {
  // Marking read returns MarkNotificationsReadPayload / Notification: the document cache then refetches this.
  const context = useMemo(() => ({ additionalTypenames: ['Notification', 'MarkNotificationsReadPayload'] }), [])
  const [{ data }, reexecute] = useQuery({ query: unreadCountQuery, context })
  const [{ data: received }] = useSubscription({ query: notificationReceivedSubscription, context: liveContext })

  const latestId = received?.notificationReceived.id
  useEffect(() => {
    // A live prompt, not the record: ask the API for the true count when one arrives.
    if (latestId) reexecute({ requestPolicy: 'network-only' })
  }, [latestId, reexecute])

  const unread = data?.notifications.unreadCount ?? 0
  const badge = unread > 99 ? '99+' : String(unread)
  return (
    <NavLink to="/notifications" className="bell" aria-label={bellLabel(unread)}>
      <svg className="bell__icon" viewBox="0 0 24 24" width="22" height="22" aria-hidden="true" focusable="false">
        <path
          fill="currentColor"
          d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3.5a1.5 1.5 0 0 0-3 0v.66A7 7 0 0 0 5 11v5l-2 2v1h18v-1l-2-2Z"
        />
      </svg>
      {unread > 0 && (
        <span className="bell__badge" aria-hidden="true">
          {badge}
        </span>
      )}
    </NavLink>
  )
}

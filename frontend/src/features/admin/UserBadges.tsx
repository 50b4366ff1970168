import { Badge } from '@/components/ui'
import { graphql, useFragment, type FragmentType } from '@/gql'

export const userBadgesFragment = graphql(`
  fragment UserBadges on User {
    isAdmin
    suspendedAt
    profile {
      canMentor
      seeksMentoring
      isHidden
    }
  }
`)

/** A participant's status in words: suspended, hidden, admin, and their roles. */
export function UserBadges({ user: ref }: { user: FragmentType<typeof userBadgesFragment> }) {
  const user = useFragment(userBadgesFragment, ref)
  return (
    <ul className="badges" aria-label="Account status">
      {user.suspendedAt && (
        <li>
          <Badge tone="danger">Suspended</Badge>
        </li>
      )}
      {user.profile?.isHidden && (
        <li>
          <Badge tone="warning">Profile hidden</Badge>
        </li>
      )}
      {user.isAdmin && (
        <li>
          <Badge tone="info">Admin</Badge>
        </li>
      )}
      {user.profile?.canMentor && (
        <li>
          <Badge>Mentor</Badge>
        </li>
      )}
      {user.profile?.seeksMentoring && (
        <li>
          <Badge>Mentee</Badge>
        </li>
      )}
      {!user.profile && (
        <li>
          <Badge>No profile yet</Badge>
        </li>
      )}
    </ul>
  )
}

import { useEffect, useId, useState } from 'react'
import { Link, useParams } from 'react-router'
import { useMutation, useQuery } from 'urql'
import { Badge, Button, EmptyState, ErrorMessage, FormStatus, Loading } from '@/components/ui'
import { graphql } from '@/gql'
import type { AdminUserQuery } from '@/gql/graphql'
import { useViewer } from '@/lib/auth'
import { errorCode } from '@/lib/errors'
import { careerStageLabel, formatDate, formatDateTime } from '@/lib/format'
import { AdminPage, useAdminForbidden } from './AdminPage'
import { ConfirmDialog, actionOutcome } from './ConfirmDialog'
import { PasswordResetLink } from './PasswordResetLink'
import { UserBadges } from './UserBadges'

export const adminUserQuery = graphql(`
  query AdminUser($id: ID!) {
    user(id: $id) {
      id
      displayName
      email
      createdAt
      isAdmin
      suspendedAt
      suspensionReason
      ...UserBadges
      incomingRequests(first: 20) {
        totalCount
        edges {
          node {
            id
            status
            createdAt
            other: sender {
              id
              displayName
            }
          }
        }
      }
      outgoingRequests(first: 20) {
        totalCount
        edges {
          node {
            id
            status
            createdAt
            other: recipient {
              id
              displayName
            }
          }
        }
      }
      mentorships(first: 20) {
        totalCount
        edges {
          node {
            id
            status
            startedAt
            outcome
            mentor {
              id
              displayName
            }
            mentee {
              id
              displayName
            }
          }
        }
      }
      profile {
      headline
      bio
      expertise
      objectives
      canMentor
      seeksMentoring
      acceptingRequests
      capacity
      careerStage
      department
      location
      isHidden
      updatedAt
      }
    }
  }
`)


const suspendUserMutation = graphql(`
  mutation SuspendUser($id: ID!, $reason: String!) {
    suspendUser(id: $id, reason: $reason) {
      user {
        id
        suspendedAt
        suspensionReason
        ...UserBadges
      }
      activeMentorships {
        id
        startedAt
        mentor {
          id
          displayName
        }
        mentee {
          id
          displayName
        }
      }
      errors {
        code
        message
        field
      }
    }
  }
`)

const reinstateUserMutation = graphql(`
  mutation ReinstateUser($id: ID!) {
    reinstateUser(id: $id) {
      user {
        id
        suspendedAt
        suspensionReason
        ...UserBadges
      }
      errors {
        code
        message
        field
      }
    }
  }
`)

const hideProfileMutation = graphql(`
  mutation HideProfile($id: ID!, $reason: String!) {
    hideProfile(id: $id, reason: $reason) {
      user {
        id
        ...UserBadges
      }
      errors {
        code
        message
        field
      }
    }
  }
`)

const unhideProfileMutation = graphql(`
  mutation UnhideProfile($id: ID!) {
    unhideProfile(id: $id) {
      user {
        id
        ...UserBadges
      }
      errors {
        code
        message
        field
      }
    }
  }
`)

const eraseUserMutation = graphql(`
  mutation EraseUser($id: ID!, $reason: String!) {
    eraseUser(id: $id, reason: $reason) {
      user {
        id
        displayName
      }
      errors {
        code
        message
        field
      }
    }
  }
`)

type LoadedUser = NonNullable<AdminUserQuery['user']>
type Profile = NonNullable<LoadedUser['profile']>

/** What the Users list knows of someone (router state), for a participant without a profile to load. */
export interface ListedUser {
  id: string
  displayName: string
  email: string | null
  createdAt: string
  suspendedAt: string | null
}
type Mentorships = { id: string; startedAt: string; mentor: { id: string; displayName: string }; mentee: { id: string; displayName: string } }[]
type DialogName = 'suspend' | 'reinstate' | 'hide' | 'unhide' | 'erase'

const REASON = {
  label: 'Reason',
  description: 'Kept in the audit log with your name; the participant is not shown it.',
}

function ProfileFacts({ profile }: { profile: Profile }) {
  const headingId = useId()
  const roles = [profile.canMentor && 'Mentors', profile.seeksMentoring && (profile.canMentor ? 'looking for a mentor' : 'Looking for a mentor')]
    .filter(Boolean)
    .join(', ')
  return (
    <section className="card admin__section" aria-labelledby={headingId}>
      <h2 id={headingId}>Profile</h2>
      <dl className="admin-facts">
        <dt>Headline</dt>
        <dd>{profile.headline || 'Not given'}</dd>
        <dt>Roles</dt>
        <dd>{roles || 'Neither mentors nor looks for a mentor'}</dd>
        {profile.canMentor && (
          <>
            <dt>Capacity</dt>
            <dd>
              {profile.capacity} at once, {profile.acceptingRequests ? 'accepting requests' : 'not accepting requests'}
            </dd>
          </>
        )}
        <dt>Career stage</dt>
        <dd>{careerStageLabel(profile.careerStage)}</dd>
        <dt>Department</dt>
        <dd>{profile.department || 'Not given'}</dd>
        <dt>Location</dt>
        <dd>{profile.location || 'Not given'}</dd>
        <dt>Last changed</dt>
        <dd>{formatDateTime(profile.updatedAt)}</dd>
      </dl>
      {profile.bio && (
        <>
          <h3>Bio</h3>
          <p className="admin__text">{profile.bio}</p>
        </>
      )}
      <h3>Expertise</h3>
      {profile.expertise.length ? (
        <ul aria-label="Expertise">
          {profile.expertise.map((item) => (
            <li key={item}>{item}</li>
          ))}
        </ul>
      ) : (
        <p>None listed.</p>
      )}
      <h3>Learning objectives</h3>
      {profile.objectives.length ? (
        <ul aria-label="Learning objectives">
          {profile.objectives.map((item) => (
            <li key={item}>{item}</li>
          ))}
        </ul>
      ) : (
        <p>None listed.</p>
      )}
    </section>
  )
}

function ActiveMentorships({ name, mentorships }: { name: string; mentorships: Mentorships }) {
  const headingId = useId()
  return (
    <section className="card admin__section admin__decision" aria-labelledby={headingId}>
      <h2 id={headingId}>Active mentorships to decide on</h2>
      {mentorships.length === 0 ? (
        <p>{name} had no active mentorship: there is nothing more to decide.</p>
      ) : (
        <>
          <p>
            Their pending requests were cancelled (the other sides were told they can no longer be matched). These
            mentorships are still active; talk to the partners and decide whether they go on.
          </p>
          <ul aria-label="Active mentorships">
            {mentorships.map((mentorship) => (
              <li key={mentorship.id}>
                <Link to={`/mentorships/${mentorship.id}`}>
                  {mentorship.mentor.displayName} mentors {mentorship.mentee.displayName}
                </Link>
                , since {formatDate(mentorship.startedAt)}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  )
}

const STATUS_WORDS: Record<string, string> = {
  PENDING: 'Pending',
  ACCEPTED: 'Accepted',
  DECLINED: 'Declined',
  WITHDRAWN: 'Withdrawn',
  EXPIRED: 'Expired',
  CANCELLED: 'Cancelled',
  ACTIVE: 'Active',
  ENDED: 'Ended',
}

type RequestList = LoadedUser['incomingRequests']

function RequestsList({ title, list, direction }: { title: string; list: RequestList; direction: 'from' | 'to' }) {
  const headingId = useId()
  const edges = list?.edges ?? []
  return (
    <section aria-labelledby={headingId}>
      <h3 id={headingId}>
        {title} ({list?.totalCount ?? 0})
      </h3>
      {edges.length ? (
        <ul className="admin__list">
          {edges.map(({ node }) => (
            <li key={node.id}>
              {direction} <Link to={`/admin/users/${node.other.id}`}>{node.other.displayName}</Link>, {formatDate(node.createdAt)}:{' '}
              <Badge>{STATUS_WORDS[node.status] ?? node.status}</Badge>
            </li>
          ))}
        </ul>
      ) : (
        <p>None.</p>
      )}
    </section>
  )
}

/** The user's requests both ways and their mentorships, newest first (the latest 20 of each). */
function History({ user }: { user: LoadedUser }) {
  const headingId = useId()
  const mentorships = user.mentorships?.edges ?? []
  return (
    <section className="card admin__section" aria-labelledby={headingId}>
      <h2 id={headingId}>Requests and mentorships</h2>
      <RequestsList title="Requests received" list={user.incomingRequests} direction="from" />
      <RequestsList title="Requests sent" list={user.outgoingRequests} direction="to" />
      <h3>Mentorships ({user.mentorships?.totalCount ?? 0})</h3>
      {mentorships.length ? (
        <ul className="admin__list">
          {mentorships.map(({ node }) => {
            const mentors = node.mentor.id === user.id
            const other = mentors ? node.mentee : node.mentor
            return (
              <li key={node.id}>
                {mentors ? 'Mentors' : 'Mentored by'} <Link to={`/admin/users/${other.id}`}>{other.displayName}</Link>, since{' '}
                {formatDate(node.startedAt)}: <Badge>{STATUS_WORDS[node.status] ?? node.status}</Badge>
              </li>
            )
          })}
        </ul>
      ) : (
        <p>None.</p>
      )}
    </section>
  )
}

/**
 * /admin/users/:id: a participant's account and profile, and what an admin can do about them:
 * suspend or reinstate, hide or show the profile, erase the account, issue a password reset link.
 * Each asks for confirmation (and a reason, kept in the audit log).
 */
export function UserScreen() {
  const { id = '' } = useParams()
  const { viewer } = useViewer()
  const onForbidden = useAdminForbidden()
  const [{ data, fetching, error }, reexecute] = useQuery({ query: adminUserQuery, variables: { id } })
  const [open, setOpen] = useState<DialogName | null>(null)
  const [status, setStatus] = useState<string | null>(null)
  const [decision, setDecision] = useState<Mentorships | null>(null)
  const [, suspend] = useMutation(suspendUserMutation)
  const [, reinstate] = useMutation(reinstateUserMutation)
  const [, hide] = useMutation(hideProfileMutation)
  const [, unhide] = useMutation(unhideProfileMutation)
  const [, erase] = useMutation(eraseUserMutation)
  const actionsId = useId()

  useEffect(() => {
    if (!data && errorCode(error) === 'FORBIDDEN') onForbidden()
  }, [data, error, onForbidden])

  const loaded = data?.user ?? null
  const profile = loaded?.profile ?? null
  // What the actions since the page loaded returned is laid over what it loaded.
  const [since, setSince] = useState<{ suspendedAt: string | null; suspensionReason: string | null } | null>(null)
  const user = loaded ? { ...loaded, ...since } : null
  const name = user?.displayName ?? 'This participant'
  const isMe = id === viewer?.id

  let content
  if (fetching && !data) content = <Loading />
  else if (!data) {
    content = <ErrorMessage error={error} action={<Button onClick={() => reexecute({ requestPolicy: 'network-only' })}>Try again</Button>} />
  } else if (!user) {
    content = (
      <EmptyState title="Nobody to show here" action={<Link to="/admin/users">Back to Users</Link>}>
        <p>There is no participant with this id: the link is wrong.</p>
      </EmptyState>
    )
  } else {
    const suspended = user.suspendedAt !== null
    content = (
      <>
        <section className="card admin__section" aria-labelledby={`${actionsId}-account`}>
          <h2 id={`${actionsId}-account`}>Account</h2>
          <UserBadges user={user} />
          <dl className="admin-facts">
            <dt>Email</dt>
            <dd>{user.email}</dd>
            <dt>Joined</dt>
            <dd>{formatDate(user.createdAt)}</dd>
            {suspended && (
              <>
                <dt>Suspended</dt>
                <dd>
                  {formatDateTime(user.suspendedAt!)}
                  {user.suspensionReason ? `: ${user.suspensionReason}` : ''}
                </dd>
              </>
            )}
          </dl>
          <p>
            <Link to={`/admin/audit?target=${encodeURIComponent(user.id)}`}>What the audit log records about {name}</Link>
          </p>
        </section>

        <section className="card admin__section" aria-labelledby={actionsId}>
          <h2 id={actionsId}>Actions</h2>
          {isMe && <p>This is you: you cannot suspend, hide or erase yourself.</p>}
          <div className="button-row">
            {!isMe &&
              (suspended ? (
                <Button onClick={() => setOpen('reinstate')}>Reinstate</Button>
              ) : (
                <Button variant="danger" onClick={() => setOpen('suspend')}>
                  Suspend
                </Button>
              ))}
            {!isMe &&
              profile &&
              (profile.isHidden ? (
                <Button onClick={() => setOpen('unhide')}>Show profile again</Button>
              ) : (
                <Button onClick={() => setOpen('hide')}>Hide profile</Button>
              ))}
            {!isMe && (
              <Button variant="danger" onClick={() => setOpen('erase')}>
                Erase account
              </Button>
            )}
          </div>
          <PasswordResetLink userId={user.id} name={name} />
        </section>

        {decision && <ActiveMentorships name={name} mentorships={decision} />}
        {profile ? (
          <ProfileFacts profile={profile} />
        ) : (
          <EmptyState title="No profile yet">
            <p>{name} has not written a profile: they appear in no match list until they do.</p>
          </EmptyState>
        )}
        {loaded && <History user={loaded} />}
      </>
    )
  }

  const close = () => setOpen(null)
  return (
    <AdminPage title={user ? name : 'Participant'}>
      <p className="admin__back">
        <Link to="/admin/users">Back to Users</Link>
      </p>
      <FormStatus message={status} />
      {content}
      {open === 'suspend' && (
        <ConfirmDialog
          title={`Suspend ${name}`}
          confirmLabel="Suspend"
          danger
          reason={REASON}
          onClose={close}
          onConfirm={async (reason) => {
            const result = await suspend({ id, reason })
            const outcome = actionOutcome(result, result.data?.suspendUser)
            if (outcome.ok) {
              const after = result.data?.suspendUser.user
              if (after) setSince({ suspendedAt: after.suspendedAt, suspensionReason: after.suspensionReason })
              setDecision(result.data?.suspendUser.activeMentorships ?? [])
              setStatus(`${name} is suspended and signed out everywhere.`)
            }
            return outcome
          }}
        >
          <p>
            {name} is signed out everywhere at once and cannot sign in, disappears from every match list, and their
            pending requests are cancelled. Their active mentorships are listed afterwards for you to decide on.
            Nothing is deleted: you can reinstate them.
          </p>
        </ConfirmDialog>
      )}
      {open === 'reinstate' && (
        <ConfirmDialog
          title={`Reinstate ${name}`}
          confirmLabel="Reinstate"
          onClose={close}
          onConfirm={async () => {
            const result = await reinstate({ id })
            const outcome = actionOutcome(result, result.data?.reinstateUser)
            if (outcome.ok) {
              setSince({ suspendedAt: null, suspensionReason: null })
              setDecision(null)
              setStatus(`${name} is reinstated and can sign in again.`)
            }
            return outcome
          }}
        >
          <p>{name} can sign in again and is matched again. Requests cancelled by the suspension stay cancelled.</p>
        </ConfirmDialog>
      )}
      {open === 'hide' && (
        <ConfirmDialog
          title={`Hide ${name}’s profile`}
          confirmLabel="Hide profile"
          reason={REASON}
          onClose={close}
          onConfirm={async (reason) => {
            const result = await hide({ id, reason })
            const outcome = actionOutcome(result, result.data?.hideProfile)
            if (outcome.ok) setStatus(`${name}’s profile is hidden.`)
            return outcome
          }}
        >
          <p>Other participants no longer see the profile, and it leaves every match list. {name} still sees it.</p>
        </ConfirmDialog>
      )}
      {open === 'unhide' && (
        <ConfirmDialog
          title={`Show ${name}’s profile again`}
          confirmLabel="Show profile again"
          onClose={close}
          onConfirm={async () => {
            const result = await unhide({ id })
            const outcome = actionOutcome(result, result.data?.unhideProfile)
            if (outcome.ok) setStatus(`${name}’s profile is visible again.`)
            return outcome
          }}
        >
          <p>Other participants see the profile again and it is matched again.</p>
        </ConfirmDialog>
      )}
      {open === 'erase' && (
        <ConfirmDialog
          title={`Erase ${name}’s account`}
          confirmLabel="Erase for good"
          danger
          reason={REASON}
          acknowledge="I understand this cannot be undone."
          onClose={close}
          onConfirm={async (reason) => {
            const result = await erase({ id, reason })
            const outcome = actionOutcome(result, result.data?.eraseUser)
            if (outcome.ok) setStatus(`${name}’s account is erased.`)
            return outcome
          }}
        >
          <p>
            Everything {name} wrote, their name, email and profile are deleted for good. Their active mentorships end
            and their pending requests are cancelled, with the partners told. Others keep their history with “a former
            participant”.
          </p>
        </ConfirmDialog>
      )}
    </AdminPage>
  )
}

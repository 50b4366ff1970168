import { useEffect, useState, type FormEvent } from 'react'
import { Link, useSearchParams } from 'react-router'
import { useQuery } from 'urql'
import { Button, EmptyState, ErrorMessage, Loading, Select, TextField } from '@/components/ui'
import { LoadMore, usePageChain, useReportPage, type ChainPage } from '@/components/ui/PageChain'
import { graphql, useFragment, type FragmentType } from '@/gql'
import type { UserFilter } from '@/gql/graphql'
import { errorCode } from '@/lib/errors'
import { AdminPage, useAdminForbidden } from './AdminPage'
import { UserBadges } from './UserBadges'
import type { ListedUser } from './UserScreen'

const PAGE_SIZE = 25

export const adminUserRowFragment = graphql(`
  fragment AdminUserRow on User {
    id
    displayName
    email
    createdAt
    suspendedAt
    ...UserBadges
  }
`)

export const adminUsersQuery = graphql(`
  query AdminUsers($first: Int!, $after: String, $filter: UserFilter) {
    users(first: $first, after: $after, filter: $filter) {
      totalCount
      edges {
        node {
          id
          ...AdminUserRow
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`)

type UserNode = { id: string } & FragmentType<typeof adminUserRowFragment>

const STATUS_OPTIONS = [
  { value: 'suspended', label: 'Suspended' },
  { value: 'active', label: 'Not suspended' },
  { value: 'hidden', label: 'Profile hidden' },
]
const ROLE_OPTIONS = [
  { value: 'mentor', label: 'Mentors' },
  { value: 'mentee', label: 'Looking for a mentor' },
]

/** The filter the URL holds (`?q=&status=&role=`), as the API takes it. */
export function filterFromParams(params: URLSearchParams): UserFilter {
  const filter: UserFilter = {}
  const q = params.get('q')?.trim()
  if (q) filter.search = q
  const status = params.get('status')
  if (status === 'suspended') filter.suspended = true
  if (status === 'active') filter.suspended = false
  if (status === 'hidden') filter.hidden = true
  const role = params.get('role')
  if (role === 'mentor') filter.canMentor = true
  if (role === 'mentee') filter.seeksMentoring = true
  return filter
}

function UsersPage({
  index,
  after,
  filter,
  report,
  onTotal,
}: {
  index: number
  after: string | null
  filter: UserFilter
  report: (index: number, page: ChainPage<UserNode>) => void
  onTotal: (total: number) => void
}) {
  const onForbidden = useAdminForbidden()
  const [{ data, fetching, error }, reexecute] = useQuery({
    query: adminUsersQuery,
    variables: { first: PAGE_SIZE, after, filter },
    requestPolicy: 'cache-and-network',
  })
  const connection = data?.users
  useEffect(() => {
    if (!connection && errorCode(error) === 'FORBIDDEN') onForbidden()
  }, [connection, error, onForbidden])
  useEffect(() => {
    if (index === 0 && connection) onTotal(connection.totalCount)
  }, [index, connection, onTotal])
  useReportPage(report, index, connection, fetching, error, reexecute)
  return null
}

/** What the user's page shows of someone without a profile (it has nothing else to load them by). */
function listed(user: { id: string; displayName: string; email: string | null; createdAt: string; suspendedAt: string | null }): ListedUser {
  return { id: user.id, displayName: user.displayName, email: user.email, createdAt: user.createdAt, suspendedAt: user.suspendedAt }
}

function UserRow({ user: ref }: { user: FragmentType<typeof adminUserRowFragment> }) {
  const user = useFragment(adminUserRowFragment, ref)
  return (
    <li className="admin-row">
      <div className="admin-row__main">
        <Link to={`/admin/users/${user.id}`} state={{ user: listed(user) }} className="admin-row__name">
          {user.displayName}
        </Link>
        <span className="admin-row__email">{user.email}</span>
      </div>
      <UserBadges user={user} />
    </li>
  )
}

function SearchForm() {
  const [params, setParams] = useSearchParams()
  const [search, setSearch] = useState(params.get('q') ?? '')
  const [status, setStatus] = useState(params.get('status') ?? '')
  const [role, setRole] = useState(params.get('role') ?? '')

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    const next = new URLSearchParams()
    if (search.trim()) next.set('q', search.trim())
    if (status) next.set('status', status)
    if (role) next.set('role', role)
    setParams(next)
  }

  return (
    <form role="search" aria-label="Find participants" className="form card admin__search" onSubmit={handleSubmit}>
      <TextField
        label="Name or email"
        description="Any part of a name or an email; capitals and accents do not matter."
        type="search"
        value={search}
        onChange={(event) => setSearch(event.target.value)}
        className="admin__search-text"
      />
      <Select label="Status" placeholder="Anyone" options={STATUS_OPTIONS} value={status} onChange={(event) => setStatus(event.target.value)} />
      <Select label="Role" placeholder="Any role" options={ROLE_OPTIONS} value={role} onChange={(event) => setRole(event.target.value)} />
      <div className="admin__search-submit">
        <Button type="submit" variant="primary">
          Search
        </Button>
      </div>
    </form>
  )
}

const nodeKey = (node: UserNode) => node.id

function UsersList({ filter }: { filter: UserFilter }) {
  const chain = usePageChain<UserNode>(nodeKey)
  const [total, setTotal] = useState<number | null>(null)
  const searching = Object.keys(filter).length > 0
  return (
    <>
      {chain.afters.map((after, index) => (
        <UsersPage key={index} index={index} after={after} filter={filter} report={chain.report} onTotal={setTotal} />
      ))}
      {chain.loading ? (
        <Loading label="Finding participants…" />
      ) : chain.error ? (
        <ErrorMessage error={chain.error} action={<Button onClick={() => chain.retryFirst?.()}>Try again</Button>} />
      ) : chain.empty ? (
        <EmptyState title={searching ? 'Nobody matches' : 'No participants yet'}>
          <p>{searching ? 'Try part of the name or email, or fewer filters.' : 'People appear here once they sign up.'}</p>
        </EmptyState>
      ) : (
        <>
          <p className="admin__count" role="status">
            {total === 1 ? '1 participant' : `${total ?? chain.items.length} participants`}
            {searching ? ' match' : ''}
          </p>
          <ul className="admin-list" aria-label="Participants">
            {chain.items.map((node) => (
              <UserRow key={node.id} user={node} />
            ))}
          </ul>
          <LoadMore chain={chain} />
        </>
      )}
    </>
  )
}

/** /admin/users: find participants by name or email, filter by status and role, open one. */
export function UsersScreen() {
  const [params] = useSearchParams()
  const filter = filterFromParams(params)
  return (
    <AdminPage title="Users" intro={<p>Find a participant to see their profile and act on their account.</p>}>
      <SearchForm key={params.toString()} />
      {/* A new search starts a new list from its first page. */}
      <UsersList key={params.toString()} filter={filter} />
    </AdminPage>
  )
}

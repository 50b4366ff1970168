import { screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it, vi } from 'vitest'
import { mockApi, queryVariables, type Handlers, type MockApi, type Variables } from '@/testing/operations'
import { renderWithProviders } from '@/testing/render'
import { apiFilter } from './audit'
import { AuditScreen } from './AuditScreen'
import { ReportsScreen } from './ReportsScreen'
import { UserScreen } from './UserScreen'
import { filterFromParams, UsersScreen } from './UsersScreen'

const ADA = { __typename: 'User', id: 'u-ada', displayName: 'Ada Admin', email: 'ada@example.com', isAdmin: true, profile: null }

const TOM = {
  __typename: 'User',
  id: 'u-tom',
  displayName: 'Tom Becker',
  email: 'tom@example.com',
  createdAt: '2026-11-02T10:00:00Z',
  isAdmin: false,
  suspendedAt: null,
  suspensionReason: null,
  profile: { __typename: 'Profile', canMentor: false, seeksMentoring: true, isHidden: false },
}

const TOM_PROFILE = {
  __typename: 'Profile',
  headline: 'Marketing associate',
  bio: null,
  expertise: [],
  objectives: ['grow our audience on short video apps'],
  canMentor: false,
  seeksMentoring: true,
  acceptingRequests: false,
  capacity: 2,
  careerStage: 'EARLY_CAREER',
  department: 'Marketing',
  location: null,
  isHidden: false,
  updatedAt: '2026-11-03T10:00:00Z',
  user: TOM,
}

const PRIYA = { __typename: 'User', id: 'u-priya', displayName: 'Priya Raman' }

/** The AdminUser answer: the account with its profile, a request sent and the mentorship it became. */
function adminUser(account: Record<string, unknown>, profile: unknown) {
  const none = { __typename: 'MentorshipRequestConnection', totalCount: 0, edges: [] }
  return {
    user: {
      ...account,
      profile,
      incomingRequests: none,
      outgoingRequests: {
        ...none,
        totalCount: 1,
        edges: [{ node: { __typename: 'MentorshipRequest', id: 'r1', status: 'ACCEPTED', createdAt: '2026-11-04T10:00:00Z', other: PRIYA } }],
      },
      mentorships: {
        __typename: 'MentorshipConnection',
        totalCount: 1,
        edges: [
          {
            node: {
              __typename: 'Mentorship',
              id: 'm1',
              status: 'ACTIVE',
              startedAt: '2026-11-05T10:00:00Z',
              outcome: null,
              mentor: PRIYA,
              mentee: { __typename: 'User', id: account.id, displayName: account.displayName },
            },
          },
        ],
      },
    },
  }
}

function api(options: MockApi) {
  return mockApi({ me: ADA, ...options })
}

describe('Users', () => {
  it('searches by the URL’s words and filters, and lists each participant with their status', async () => {
    const client = api({
      queries: {
        AdminUsers: () => ({
          users: {
            totalCount: 2,
            edges: [
              { node: { ...TOM, suspendedAt: '2026-11-20T10:00:00Z' } },
              { node: { ...TOM, id: 'u-ana', displayName: 'Ana Gómez', email: 'ana@example.com', profile: { ...TOM.profile, canMentor: true, seeksMentoring: false, isHidden: true } } },
            ],
            pageInfo: { hasNextPage: false, endCursor: null },
          },
        }),
      },
    })
    renderWithProviders(<UsersScreen />, { client, url: '/admin/users?q=gomez&status=suspended&role=mentor', path: '/admin/users' })

    expect(screen.getByRole('heading', { level: 1, name: 'Users' })).toBeInTheDocument()
    await waitFor(() => expect(document.title).toBe('Users · Admin · mentormatch'))
    const list = await screen.findByRole('list', { name: 'Participants' })
    expect(queryVariables(client, 'AdminUsers')[0]).toMatchObject({ filter: { search: 'gomez', suspended: true, canMentor: true } })
    const rows = within(list).getAllByRole('listitem', { name: undefined }).filter((item) => item.className === 'admin-row')
    expect(within(rows[0]!).getByRole('link', { name: 'Tom Becker' })).toHaveAttribute('href', '/admin/users/u-tom')
    expect(rows[0]).toHaveTextContent('tom@example.com')
    expect(within(rows[0]!).getByRole('list', { name: 'Account status' })).toHaveTextContent('SuspendedMentee')
    expect(within(rows[1]!).getByRole('list', { name: 'Account status' })).toHaveTextContent('Profile hiddenMentor')
    expect(screen.getByText('2 participants match')).toBeInTheDocument()
    expect(screen.getByLabelText('Name or email')).toHaveValue('gomez')
    expect(screen.getByLabelText('Status')).toHaveValue('suspended')
  })

  it('puts a new search in the URL', async () => {
    const user = userEvent.setup()
    const client = api({ queries: { AdminUsers: () => ({ users: { totalCount: 0, edges: [], pageInfo: { hasNextPage: false, endCursor: null } } }) } })
    const { router } = renderWithProviders(<UsersScreen />, { client, url: '/admin/users', path: '/admin/users' })

    expect(await screen.findByRole('heading', { level: 2, name: 'No participants yet' })).toBeInTheDocument()
    await user.type(screen.getByLabelText('Name or email'), 'Jose')
    await user.selectOptions(screen.getByLabelText('Role'), 'Looking for a mentor')
    await user.click(screen.getByRole('button', { name: 'Search' }))
    await waitFor(() => expect(router.state.location.search).toBe('?q=Jose&role=mentee'))
    expect(await screen.findByRole('heading', { level: 2, name: 'Nobody matches' })).toBeInTheDocument()
    expect(filterFromParams(new URLSearchParams('status=active&role=mentee'))).toEqual({ suspended: false, seeksMentoring: true })
  })

  it('tells a participant the console is for admins, asking nothing of the API', async () => {
    const client = api({ me: { ...ADA, isAdmin: false } })
    renderWithProviders(<UsersScreen />, { client, url: '/admin/users', path: '/admin/users' })

    expect(await screen.findByRole('heading', { level: 2, name: 'Only admins can see this' })).toBeInTheDocument()
    expect(queryVariables(client, 'AdminUsers')).toEqual([])
  })
})

describe('A user’s page', () => {
  it('opened from Users, acts on a participant who has no profile yet', async () => {
    const user = userEvent.setup()
    const sent: Variables[] = []
    const noProfile = { ...TOM, id: 'u-new', displayName: 'Nia New', email: 'nia@example.com', profile: null }
    const client = api({
      queries: {
        AdminUsers: () => ({ users: { totalCount: 1, edges: [{ node: noProfile }], pageInfo: { hasNextPage: false, endCursor: null } } }),
        AdminUser: () => adminUser(noProfile, null),
      },
      mutations: {
        SuspendUser: (variables) => (
          sent.push(variables),
          { suspendUser: { user: { ...noProfile, suspendedAt: '2026-12-01T10:00:00Z', suspensionReason: 'Spam.' }, activeMentorships: [], errors: [] } }
        ),
      },
    })
    renderWithProviders(null, {
      client,
      url: '/admin/users',
      routes: [
        { path: '/admin/users', element: <UsersScreen /> },
        { path: '/admin/users/:id', element: <UserScreen /> },
      ],
    })

    await user.click(await screen.findByRole('link', { name: 'Nia New' }))
    expect(await screen.findByRole('heading', { level: 1, name: 'Nia New' })).toBeInTheDocument()
    expect(screen.getByText('nia@example.com')).toBeInTheDocument()
    expect(screen.getByRole('heading', { level: 2, name: 'No profile yet' })).toBeInTheDocument()
    expect(screen.queryByRole('button', { name: 'Hide profile' })).not.toBeInTheDocument()

    await user.click(screen.getByRole('button', { name: 'Suspend' }))
    const dialog = screen.getByRole('dialog', { name: 'Suspend Nia New' })
    await user.type(within(dialog).getByLabelText('Reason'), 'Spam.')
    await user.click(within(dialog).getByRole('button', { name: 'Suspend' }))
    expect(await screen.findByRole('button', { name: 'Reinstate' })).toBeInTheDocument()
    expect(within(screen.getByRole('list', { name: 'Account status' })).getByText('Suspended')).toBeInTheDocument()
    expect(sent).toEqual([{ id: 'u-new', reason: 'Spam.' }])
  })

  it('says so when there is nobody to show', async () => {
    const client = api({ queries: { AdminUser: () => ({ user: null }) } })
    renderWithProviders(<UserScreen />, { client, url: '/admin/users/u-gone', path: '/admin/users/:id' })
    expect(await screen.findByRole('heading', { level: 2, name: 'Nobody to show here' })).toBeInTheDocument()
  })

  function renderUser(mutations: Handlers = {}) {
    const client = api({ queries: { AdminUser: () => adminUser(TOM, TOM_PROFILE) }, mutations })
    return renderWithProviders(<UserScreen />, { client, url: '/admin/users/u-tom', path: '/admin/users/:id' })
  }

  it('lists the requests they received and sent and their mentorships', async () => {
    renderUser()
    const history = await screen.findByRole('region', { name: 'Requests and mentorships' })
    expect(within(history).getByRole('heading', { name: 'Requests received (0)' })).toBeInTheDocument()
    expect(within(history).getByRole('region', { name: 'Requests sent (1)' })).toHaveTextContent('to Priya Raman, 4 Nov 2026: Accepted')
    expect(history).toHaveTextContent('Mentored by Priya Raman, since 5 Nov 2026: Active')
    expect(within(history).getAllByRole('link', { name: 'Priya Raman' })[0]).toHaveAttribute('href', '/admin/users/u-priya')
  })

  it('suspends with a reason, and then lists their active mentorships to decide on', async () => {
    const user = userEvent.setup()
    const sent: Variables[] = []
    renderUser({
      SuspendUser: (variables) => {
        sent.push(variables)
        return {
          suspendUser: {
            user: { ...TOM, suspendedAt: '2026-12-01T10:00:00Z', suspensionReason: String(variables.reason) },
            activeMentorships: [
              { id: 'm1', startedAt: '2026-11-10T10:00:00Z', mentor: { id: 'u-priya', displayName: 'Priya Raman' }, mentee: { id: 'u-tom', displayName: 'Tom Becker' } },
            ],
            errors: [],
          },
        }
      },
    })

    expect(await screen.findByRole('heading', { level: 1, name: 'Tom Becker' })).toBeInTheDocument()
    expect(screen.getByText('grow our audience on short video apps')).toBeInTheDocument()
    await user.click(screen.getByRole('button', { name: 'Suspend' }))
    const dialog = screen.getByRole('dialog', { name: 'Suspend Tom Becker' })
    await user.click(within(dialog).getByRole('button', { name: 'Suspend' }))
    expect(within(dialog).getByLabelText('Reason')).toHaveAccessibleDescription(/^Say why: it is kept in the audit log\./)
    expect(sent).toEqual([])

    await user.type(within(dialog).getByLabelText('Reason'), 'Harassed two mentors.')
    await user.click(within(dialog).getByRole('button', { name: 'Suspend' }))
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument())
    expect(sent).toEqual([{ id: 'u-tom', reason: 'Harassed two mentors.' }])
    expect(screen.getByText('Tom Becker is suspended and signed out everywhere.')).toBeInTheDocument()
    const decision = screen.getByRole('list', { name: 'Active mentorships' })
    expect(within(decision).getByRole('link', { name: 'Priya Raman mentors Tom Becker' })).toHaveAttribute('href', '/mentorships/m1')
  })

  it('keeps the API’s refusal in the dialog', async () => {
    const user = userEvent.setup()
    renderUser({
      HideProfile: () => ({ hideProfile: { user: null, errors: [{ code: 'NOT_FOUND', message: 'There is no such participant.', field: null }] } }),
    })

    await user.click(await screen.findByRole('button', { name: 'Hide profile' }))
    const dialog = screen.getByRole('dialog', { name: 'Hide Tom Becker’s profile' })
    await user.type(within(dialog).getByLabelText('Reason'), 'Offensive headline.')
    await user.click(within(dialog).getByRole('button', { name: 'Hide profile' }))
    expect(await within(dialog).findByRole('alert')).toHaveTextContent('There is no such participant.')
    expect(within(dialog).getByLabelText('Reason')).toHaveValue('Offensive headline.')
  })

  it('erases only once the admin ticks that it cannot be undone', async () => {
    const user = userEvent.setup()
    const sent: Variables[] = []
    renderUser({ EraseUser: (variables) => (sent.push(variables), { eraseUser: { user: { id: 'u-tom', displayName: 'A former participant' }, errors: [] } }) })

    await user.click(await screen.findByRole('button', { name: 'Erase account' }))
    const dialog = screen.getByRole('dialog', { name: 'Erase Tom Becker’s account' })
    await user.type(within(dialog).getByLabelText('Reason'), 'Asked us by email.')
    await user.click(within(dialog).getByRole('button', { name: 'Erase for good' }))
    expect(within(dialog).getByLabelText('I understand this cannot be undone.')).toHaveAttribute('aria-invalid', 'true')
    expect(sent).toEqual([])
    await user.click(within(dialog).getByLabelText('I understand this cannot be undone.'))
    await user.click(within(dialog).getByRole('button', { name: 'Erase for good' }))
    await waitFor(() => expect(sent).toEqual([{ id: 'u-tom', reason: 'Asked us by email.' }]))
  })

  it('shows a password reset link once, made absolute, with a Copy button', async () => {
    const user = userEvent.setup()
    const writeText = vi.fn(() => Promise.resolve())
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true })
    renderUser({
      IssuePasswordReset: () => ({
        issuePasswordReset: { resetLink: '/reset-password?token=abc123', expiresAt: '2026-12-02T10:00:00Z', errors: [] },
      }),
    })

    await user.click(await screen.findByRole('button', { name: 'Issue a password reset link' }))
    const region = await screen.findByRole('region', { name: 'Password reset link' })
    const link = within(region).getByLabelText('Reset link')
    expect(link).toHaveValue(`${window.location.origin}/reset-password?token=abc123`)
    expect(region).toHaveTextContent('it is shown only now')
    await user.click(within(region).getByRole('button', { name: 'Copy link' }))
    expect(writeText).toHaveBeenCalledWith(`${window.location.origin}/reset-password?token=abc123`)
    expect(await within(region).findByText('Copied.')).toBeInTheDocument()
  })

  it('offers no suspend, hide or erase on the admin’s own page', async () => {
    const client = api({ queries: { AdminUser: () => adminUser({ ...TOM, id: 'u-ada', displayName: 'Ada Admin' }, TOM_PROFILE) } })
    renderWithProviders(<UserScreen />, { client, url: '/admin/users/u-ada', path: '/admin/users/:id' })

    expect(await screen.findByText('This is you: you cannot suspend, hide or erase yourself.')).toBeInTheDocument()
    expect(screen.queryByRole('button', { name: 'Suspend' })).not.toBeInTheDocument()
    expect(screen.queryByRole('button', { name: 'Erase account' })).not.toBeInTheDocument()
  })
})

const REPORT = {
  __typename: 'Report',
  id: 'rep1',
  targetType: 'PROFILE',
  targetId: 'u-tom',
  reason: 'His headline insults the sales team.',
  status: 'OPEN',
  createdAt: '2026-11-30T09:00:00Z',
  resolvedAt: null,
  action: null,
  note: null,
  reporter: { id: 'u-priya', displayName: 'Priya Raman' },
  resolvedBy: null,
  targetUser: { id: 'u-tom', displayName: 'Tom Becker' },
  targetFeedback: null,
}

describe('Reports', () => {
  it('lists open reports first and resolves one with an action and a note', async () => {
    const user = userEvent.setup()
    const sent: Variables[] = []
    const client = api({
      queries: { AdminReports: () => ({ reports: { edges: [{ node: REPORT }], pageInfo: { hasNextPage: false, endCursor: null } } }) },
      mutations: {
        ResolveReport: (variables) => {
          sent.push(variables)
          return { resolveReport: { report: { ...REPORT, status: 'RESOLVED', action: 'SUSPEND_USER' }, errors: [] } }
        },
      },
    })
    renderWithProviders(<ReportsScreen />, { client, url: '/admin/reports', path: '/admin/reports' })

    const card = await screen.findByRole('article', { name: 'A profile reported by Priya Raman' })
    expect(queryVariables(client, 'AdminReports')[0]).toMatchObject({ status: 'OPEN' })
    expect(within(card).getByRole('heading', { level: 2 })).toHaveTextContent('The profile of Tom Becker')
    expect(within(card).getByRole('link', { name: 'Tom Becker' })).toHaveAttribute('href', '/admin/users/u-tom')
    expect(card).toHaveTextContent('His headline insults the sales team.')
    expect(screen.getByRole('link', { name: 'Open' })).toHaveAttribute('aria-current', 'page')

    await user.click(within(card).getByRole('button', { name: 'Resolve: A profile reported by Priya Raman' }))
    const dialog = screen.getByRole('dialog', { name: 'Resolve report' })
    await user.click(within(dialog).getByRole('button', { name: 'Resolve report' }))
    expect(within(dialog).getByRole('radiogroup', { name: 'What to do' })).toHaveAccessibleDescription(/^Choose what to do\./)
    expect(within(dialog).queryByLabelText('Remove the check-in')).not.toBeInTheDocument()
    await user.click(within(dialog).getByLabelText('Suspend Tom Becker'))
    await user.type(within(dialog).getByLabelText('Note'), 'Second time this month.')
    await user.click(within(dialog).getByRole('button', { name: 'Resolve report' }))
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument())
    expect(sent).toEqual([{ input: { id: 'rep1', action: 'SUSPEND_USER', note: 'Second time this month.' } }])
    expect(screen.getByRole('status')).toHaveTextContent('Report resolved: suspend the participant.')
  })

  it('says when nothing waits', async () => {
    const client = api({ queries: { AdminReports: () => ({ reports: { edges: [], pageInfo: { hasNextPage: false, endCursor: null } } }) } })
    renderWithProviders(<ReportsScreen />, { client, url: '/admin/reports?status=resolved', path: '/admin/reports' })

    expect(await screen.findByRole('heading', { level: 2, name: 'No reports' })).toBeInTheDocument()
    expect(queryVariables(client, 'AdminReports')[0]).toMatchObject({ status: 'RESOLVED' })
  })
})

describe('Audit log', () => {
  it('asks for the filters in the URL, the last day included, and shows each entry in words', async () => {
    const client = api({
      queries: {
        AuditLog: () => ({
          auditLog: {
            edges: [
              {
                node: {
                  __typename: 'AuditEntry',
                  id: 'a1',
                  at: '2026-11-30T09:00:00Z',
                  action: 'USER_SUSPENDED',
                  actorId: 'u-ada',
                  actor: { id: 'u-ada', displayName: 'Ada Admin' },
                  targetType: 'USER',
                  targetId: 'u-tom',
                  targetHash: null,
                  reason: 'Harassed two mentors.',
                  details: { pendingCancelled: 1 },
                  requestId: 'req-42',
                },
              },
              {
                node: {
                  __typename: 'AuditEntry',
                  id: 'a2',
                  at: '2026-11-30T08:00:00Z',
                  action: 'COHORT_PUBLISHED',
                  actorId: 'u-ada',
                  actor: { id: 'u-ada', displayName: 'Ada Admin' },
                  targetType: 'COHORT_PROPOSAL',
                  targetId: 'p-7',
                  targetHash: null,
                  reason: null,
                  details: { published: 5, skipped: 1 },
                  requestId: 'req-41',
                },
              },
            ],
            pageInfo: { hasNextPage: false, endCursor: null },
          },
        }),
      },
    })
    renderWithProviders(<AuditScreen />, { client, url: '/admin/audit?action=USER_SUSPENDED&from=2026-11-01&to=2026-11-30', path: '/admin/audit' })

    const entries = await screen.findByRole('list', { name: 'Audit entries' })
    expect(queryVariables(client, 'AuditLog')[0]).toMatchObject({
      filter: { action: 'USER_SUSPENDED', from: '2026-11-01T00:00:00Z', to: '2026-12-01T00:00:00.000Z' },
    })
    expect(within(entries).getByRole('heading', { level: 2, name: 'User suspended' })).toBeInTheDocument()
    expect(within(entries).getAllByRole('link', { name: 'Ada Admin' })[0]).toHaveAttribute('href', '/admin/users/u-ada')
    expect(within(entries).getByRole('link', { name: 'u-tom' })).toHaveAttribute('href', '/admin/users/u-tom')
    expect(entries).toHaveTextContent('Harassed two mentors.')
    expect(entries).toHaveTextContent('req-42')
    // A cohort's entry names it and leads to its proposal.
    expect(within(entries).getByRole('heading', { level: 2, name: 'Cohort pairs published' })).toBeInTheDocument()
    expect(within(entries).getByRole('link', { name: 'p-7' })).toHaveAttribute('href', '/admin/cohorts/p-7')
    expect(screen.getByLabelText('Action')).toHaveValue('USER_SUSPENDED')
  })

  it('checks the days before asking', async () => {
    const user = userEvent.setup()
    const client = api({ queries: { AuditLog: () => ({ auditLog: { edges: [], pageInfo: { hasNextPage: false, endCursor: null } } }) } })
    const { router } = renderWithProviders(<AuditScreen />, { client, url: '/admin/audit', path: '/admin/audit' })

    expect(await screen.findByRole('heading', { level: 2, name: 'Nothing recorded yet' })).toBeInTheDocument()
    await user.type(screen.getByLabelText('From'), '2026-11-20')
    await user.type(screen.getByLabelText('To'), '2026-11-10')
    await user.click(screen.getByRole('button', { name: 'Apply filters' }))
    expect(screen.getByLabelText('To')).toHaveAccessibleDescription('The last day must not be before the first.')
    expect(router.state.location.search).toBe('')
    expect(apiFilter({ action: 'NOT_AN_ACTION', actor: ' u1 ', target: '', from: '', to: '' })).toEqual({ actor: 'u1' })
  })
})

import { useEffect, useState, type FormEvent } from 'react'
import { Link, useSearchParams } from 'react-router'
import { useMutation, useQuery } from 'urql'
import { Badge, Button, Dialog, EmptyState, ErrorMessage, FormStatus, Loading, RadioGroup, TextArea } from '@/components/ui'
import { LoadMore, usePageChain, useReportPage, type ChainPage } from '@/components/ui/PageChain'
import { graphql, useFragment, type FragmentType } from '@/gql'
import type { ReportAction, ReportCardFragment, ReportStatus } from '@/gql/graphql'
import { describeError, errorCode, fieldErrors, formErrors } from '@/lib/errors'
import { formatDateTime } from '@/lib/format'
import { AdminPage, useAdminForbidden } from './AdminPage'
import { actionsFor, REPORT_ACTIONS, REPORT_TARGETS } from './labels'

const PAGE_SIZE = 20

export const reportCardFragment = graphql(`
  fragment ReportCard on Report {
    id
    targetType
    targetId
    reason
    status
    createdAt
    resolvedAt
    action
    note
    reporter {
      id
      displayName
    }
    resolvedBy {
      id
      displayName
    }
    targetUser {
      id
      displayName
    }
    targetFeedback {
      id
      rating
      comment
      removedAt
    }
  }
`)

export const adminReportsQuery = graphql(`
  query AdminReports($first: Int!, $after: String, $status: ReportStatus) {
    reports(first: $first, after: $after, status: $status) {
      edges {
        node {
          id
          ...ReportCard
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`)

const resolveReportMutation = graphql(`
  mutation ResolveReport($input: ResolveReportInput!) {
    resolveReport(input: $input) {
      report {
        id
        ...ReportCard
      }
      errors {
        code
        message
        field
      }
    }
  }
`)

type ReportNode = { id: string } & FragmentType<typeof reportCardFragment>

const BOXES: readonly { key: string; label: string; status: ReportStatus | null }[] = [
  { key: 'open', label: 'Open', status: 'OPEN' },
  { key: 'resolved', label: 'Resolved', status: 'RESOLVED' },
  { key: 'all', label: 'All', status: null },
]

function ReportsPage({
  index,
  after,
  status,
  report,
}: {
  index: number
  after: string | null
  status: ReportStatus | null
  report: (index: number, page: ChainPage<ReportNode>) => void
}) {
  const onForbidden = useAdminForbidden()
  const [{ data, fetching, error }, reexecute] = useQuery({
    query: adminReportsQuery,
    variables: { first: PAGE_SIZE, after, status },
    requestPolicy: 'cache-and-network',
  })
  const connection = data?.reports
  useEffect(() => {
    if (!connection && errorCode(error) === 'FORBIDDEN') onForbidden()
  }, [connection, error, onForbidden])
  useReportPage(report, index, connection, fetching, error, reexecute)
  return null
}

/** What a report is about, in words, with a link to the participant's admin page. */
function ReportTarget({ report }: { report: ReportCardFragment }) {
  const who = report.targetUser
  const person = who ? <Link to={`/admin/users/${who.id}`}>{who.displayName}</Link> : 'someone no longer here'
  if (report.targetType === 'FEEDBACK') {
    const feedback = report.targetFeedback
    return (
      <>
        A check-in by {person}
        {feedback && (
          <>
            {': '}
            {feedback.rating} / 5{feedback.comment ? `, “${feedback.comment}”` : ', no comment'}
            {feedback.removedAt && ' (removed)'}
          </>
        )}
      </>
    )
  }
  return (
    <>
      {report.targetType === 'PROFILE' ? 'The profile of ' : ''}
      {person}
    </>
  )
}

function ReportCard({ report: ref, onResolve }: { report: FragmentType<typeof reportCardFragment>; onResolve: (report: ReportCardFragment) => void }) {
  const report = useFragment(reportCardFragment, ref)
  const title = `${REPORT_TARGETS[report.targetType]} reported by ${report.reporter.displayName}`
  return (
    <li>
      <article className="card report" aria-label={title}>
        <header className="report__header">
          <h2 className="report__title">
            <ReportTarget report={report} />
          </h2>
          {report.status === 'OPEN' ? <Badge tone="warning">Open</Badge> : <Badge tone="success">Resolved</Badge>}
        </header>
        <p className="report__meta">
          Reported by {report.reporter.displayName} on {formatDateTime(report.createdAt)}
        </p>
        <blockquote className="report__reason">{report.reason}</blockquote>
        {report.status === 'RESOLVED' ? (
          <p className="report__outcome">
            {report.action ? REPORT_ACTIONS[report.action] : 'Resolved'}
            {report.resolvedBy ? `, by ${report.resolvedBy.displayName}` : ''}
            {report.resolvedAt ? ` on ${formatDateTime(report.resolvedAt)}` : ''}
            {report.note ? `. Note: ${report.note}` : '.'}
          </p>
        ) : (
          <div className="button-row">
            <Button variant="primary" aria-label={`Resolve: ${title}`} onClick={() => onResolve(report)}>
              Resolve
            </Button>
          </div>
        )}
      </article>
    </li>
  )
}

function ResolveDialog({ report, onClose, onResolved }: { report: ReportCardFragment; onClose: () => void; onResolved: (message: string) => void }) {
  const [action, setAction] = useState<ReportAction | null>(null)
  const [note, setNote] = useState('')
  const [errors, setErrors] = useState<{ action: string[]; note: string[]; form: string[] }>({ action: [], note: [], form: [] })
  const [{ fetching }, resolve] = useMutation(resolveReportMutation)
  const name = report.targetUser?.displayName ?? 'the participant'

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    if (fetching) return
    if (!action) return setErrors({ action: ['Choose what to do.'], note: [], form: [] })
    const result = await resolve({ input: { id: report.id, action, note: note.trim() || null } })
    const payload = result.data?.resolveReport
    if (result.error || !payload) return setErrors({ action: [], note: [], form: [describeError(result.error ?? null)] })
    if (payload.errors.length > 0 || !payload.report) {
      const { action: a = [], note: n = [], ...others } = fieldErrors(payload.errors)
      return setErrors({ action: a, note: n, form: [...formErrors(payload.errors), ...Object.values(others).flat()] })
    }
    onResolved(`Report resolved: ${REPORT_ACTIONS[action].toLowerCase()}. The reporter is told it was reviewed.`)
  }

  return (
    <Dialog title="Resolve report" isOpen onOpenChange={(open) => !open && onClose()}>
      {(close) => (
        <form className="form" onSubmit={handleSubmit} noValidate>
          <ErrorMessage>{errors.form.length > 0 ? errors.form.join(' ') : null}</ErrorMessage>
          <div className="dialog__body">
            <p>
              <ReportTarget report={report} />, reported by {report.reporter.displayName}:
            </p>
            <blockquote className="report__reason">{report.reason}</blockquote>
          </div>
          <RadioGroup<ReportAction>
            label="What to do"
            description={`It is done at once, recorded with the report’s reason. ${report.reporter.displayName} only hears whether action was taken.`}
            options={actionsFor(report.targetType).map((value) => ({
              value,
              label: value === 'SUSPEND_USER' ? `Suspend ${name}` : REPORT_ACTIONS[value],
            }))}
            value={action}
            onChange={setAction}
            error={errors.action}
            required
          />
          <TextArea
            label="Note"
            description="Optional, for the audit log and other admins."
            value={note}
            onChange={(event) => setNote(event.target.value)}
            error={errors.note}
            rows={3}
          />
          <div className="button-row">
            <Button type="submit" variant="primary" aria-busy={fetching || undefined}>
              Resolve report
            </Button>
            <Button onClick={close}>Cancel</Button>
          </div>
        </form>
      )}
    </Dialog>
  )
}

const nodeKey = (node: ReportNode) => node.id

function ReportsList({ status, onResolve }: { status: ReportStatus | null; onResolve: (report: ReportCardFragment) => void }) {
  const chain = usePageChain<ReportNode>(nodeKey)
  return (
    <>
      {chain.afters.map((after, index) => (
        <ReportsPage key={index} index={index} after={after} status={status} report={chain.report} />
      ))}
      {chain.loading ? (
        <Loading label="Loading reports…" />
      ) : chain.error ? (
        <ErrorMessage error={chain.error} action={<Button onClick={() => chain.retryFirst?.()}>Try again</Button>} />
      ) : chain.empty ? (
        <EmptyState title={status === 'OPEN' ? 'No open reports' : 'No reports'}>
          <p>{status === 'OPEN' ? 'Nothing waits for a decision.' : 'When a participant reports someone, it appears here.'}</p>
        </EmptyState>
      ) : (
        <>
          <ul className="admin-cards" aria-label="Reports">
            {chain.items.map((node) => (
              <ReportCard key={node.id} report={node} onResolve={onResolve} />
            ))}
          </ul>
          <LoadMore chain={chain} />
        </>
      )}
    </>
  )
}

/** /admin/reports: what participants reported, open ones first and oldest first; resolve each with an action. */
export function ReportsScreen() {
  const [params] = useSearchParams()
  const box = BOXES.find((entry) => entry.key === params.get('status')) ?? BOXES[0]!
  const [resolving, setResolving] = useState<ReportCardFragment | null>(null)
  const [status, setStatus] = useState<string | null>(null)
  return (
    <AdminPage title="Reports" intro={<p>Open reports first, the oldest at the top.</p>}>
      <nav aria-label="Reports by status" className="tabs">
        <ul className="tabs__list">
          {BOXES.map((entry) => (
            <li key={entry.key}>
              <Link
                to={entry.key === 'open' ? '/admin/reports' : `/admin/reports?status=${entry.key}`}
                className="tabs__link"
                aria-current={entry.key === box.key ? 'page' : undefined}
              >
                {entry.label}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <FormStatus message={status} />
      <ReportsList key={box.key} status={box.status} onResolve={(report) => {
          setStatus(null)
          setResolving(report)
        }} />
      {resolving && (
        <ResolveDialog
          report={resolving}
          onClose={() => setResolving(null)}
          onResolved={(message) => {
            setResolving(null)
            setStatus(message)
          }}
        />
      )}
    </AdminPage>
  )
}

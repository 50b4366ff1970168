import { useEffect, useState, type FormEvent } from 'react'
import { Link, useSearchParams } from 'react-router'
import { useQuery } from 'urql'
import { Button, EmptyState, ErrorMessage, Loading, Select, TextField } from '@/components/ui'
import { LoadMore, usePageChain, useReportPage, type ChainPage } from '@/components/ui/PageChain'
import { graphql, useFragment, type FragmentType } from '@/gql'
import type { AuditLogFilter } from '@/gql/graphql'
import { errorCode } from '@/lib/errors'
import { formatDateTime } from '@/lib/format'
import { AdminPage, useAdminForbidden } from './AdminPage'
import { apiFilter, draftFromParams, filterErrors, paramsFromDraft, type AuditFilterDraft } from './audit'
import { AUDIT_ACTIONS, AUDIT_TARGETS, auditActionLabel } from './labels'

const PAGE_SIZE = 30

export const auditEntryFragment = graphql(`
  fragment AuditEntryItem on AuditEntry {
    id
    at
    action
    actorId
    actor {
      id
      displayName
    }
    targetType
    targetId
    targetHash
    reason
    details
    requestId
  }
`)

export const auditLogQuery = graphql(`
  query AuditLog($first: Int!, $after: String, $filter: AuditLogFilter) {
    auditLog(first: $first, after: $after, filter: $filter) {
      edges {
        node {
          id
          ...AuditEntryItem
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`)

type EntryNode = { id: string } & FragmentType<typeof auditEntryFragment>

function AuditPage({
  index,
  after,
  filter,
  report,
}: {
  index: number
  after: string | null
  filter: AuditLogFilter
  report: (index: number, page: ChainPage<EntryNode>) => void
}) {
  const onForbidden = useAdminForbidden()
  const [{ data, fetching, error }, reexecute] = useQuery({
    query: auditLogQuery,
    variables: { first: PAGE_SIZE, after, filter },
    requestPolicy: 'cache-and-network',
  })
  const connection = data?.auditLog
  useEffect(() => {
    if (!connection && errorCode(error) === 'FORBIDDEN') onForbidden()
  }, [connection, error, onForbidden])
  useReportPage(report, index, connection, fetching, error, reexecute)
  return null
}

function Entry({ entry: ref }: { entry: FragmentType<typeof auditEntryFragment> }) {
  const entry = useFragment(auditEntryFragment, ref)
  const actor = entry.actor ? (
    <Link to={`/admin/users/${entry.actor.id}`}>{entry.actor.displayName}</Link>
  ) : entry.actorId ? (
    `Account ${entry.actorId} (erased)`
  ) : (
    'The system'
  )
  // Where the target's own page is, when it has one.
  const targetPage =
    entry.targetType === 'USER' || entry.targetType === 'PROFILE'
      ? `/admin/users/${entry.targetId}`
      : entry.targetType === 'COHORT_PROPOSAL'
        ? `/admin/cohorts/${entry.targetId}`
        : null
  const hasDetails = entry.details !== null && entry.details !== undefined && Object.keys(entry.details as object).length > 0
  return (
    <li className="card audit-entry">
      <h2 className="audit-entry__title">{auditActionLabel(entry.action)}</h2>
      <dl className="admin-facts">
        <dt>When</dt>
        <dd>
          <time dateTime={entry.at}>{formatDateTime(entry.at)}</time>
        </dd>
        <dt>By</dt>
        <dd>{actor}</dd>
        {entry.targetType && (
          <>
            <dt>Target</dt>
            <dd>
              {AUDIT_TARGETS[entry.targetType]}
              {entry.targetId &&
                (targetPage ? (
                  <>
                    {' '}
                    <Link to={targetPage}>{entry.targetId}</Link>
                  </>
                ) : (
                  ` ${entry.targetId}`
                ))}
              {entry.targetHash && <span className="audit-entry__hash"> {entry.targetHash.slice(0, 12)}…</span>}
            </dd>
          </>
        )}
        {entry.reason && (
          <>
            <dt>Reason</dt>
            <dd className="admin__text">{entry.reason}</dd>
          </>
        )}
        {entry.requestId && (
          <>
            <dt>Request</dt>
            <dd className="audit-entry__request">{entry.requestId}</dd>
          </>
        )}
      </dl>
      {hasDetails && (
        <details className="audit-entry__details">
          <summary>Details</summary>
          <pre>{JSON.stringify(entry.details, null, 2)}</pre>
        </details>
      )}
    </li>
  )
}

function FilterForm() {
  const [params, setParams] = useSearchParams()
  const [draft, setDraft] = useState<AuditFilterDraft>(() => draftFromParams(params))
  const [errors, setErrors] = useState<ReturnType<typeof filterErrors>>({})
  const set = (key: keyof AuditFilterDraft) => (event: { target: { value: string } }) =>
    setDraft((previous) => ({ ...previous, [key]: event.target.value }))

  function clear() {
    setDraft(draftFromParams(new URLSearchParams()))
    setErrors({})
    setParams({})
  }

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    const found = filterErrors(draft)
    setErrors(found)
    if (Object.keys(found).length === 0) setParams(paramsFromDraft(draft))
  }

  return (
    <form aria-label="Filters" className="form card admin__search" onSubmit={handleSubmit} noValidate>
      <Select label="Action" placeholder="Any action" options={AUDIT_ACTIONS} value={draft.action} onChange={set('action')} />
      <TextField label="Actor" description="The id of who did it." value={draft.actor} onChange={set('actor')} />
      <TextField label="Target" description="The id of whom or what it was done to." value={draft.target} onChange={set('target')} />
      <TextField label="From" type="date" value={draft.from} onChange={set('from')} error={errors.from} />
      <TextField label="To" type="date" value={draft.to} onChange={set('to')} error={errors.to} />
      <div className="admin__search-submit button-row">
        <Button type="submit" variant="primary">
          Apply filters
        </Button>
        <Button onClick={clear}>Clear</Button>
      </div>
    </form>
  )
}

const nodeKey = (node: EntryNode) => node.id

function Entries({ filter, filtered }: { filter: AuditLogFilter; filtered: boolean }) {
  const chain = usePageChain<EntryNode>(nodeKey)
  return (
    <>
      {chain.afters.map((after, index) => (
        <AuditPage key={index} index={index} after={after} filter={filter} report={chain.report} />
      ))}
      {chain.loading ? (
        <Loading label="Loading the audit log…" />
      ) : chain.error ? (
        <ErrorMessage error={chain.error} action={<Button onClick={() => chain.retryFirst?.()}>Try again</Button>} />
      ) : chain.empty ? (
        <EmptyState title={filtered ? 'Nothing matches these filters' : 'Nothing recorded yet'}>
          <p>{filtered ? 'Try another action, a longer period or fewer filters.' : 'Admin actions and security events appear here.'}</p>
        </EmptyState>
      ) : (
        <>
          <ul className="admin-cards" aria-label="Audit entries">
            {chain.items.map((node) => (
              <Entry key={node.id} entry={node} />
            ))}
          </ul>
          <LoadMore chain={chain} />
        </>
      )}
    </>
  )
}

/** /admin/audit: every admin action and security event, newest first, filtered by action, actor, target and days. */
export function AuditScreen() {
  const [params] = useSearchParams()
  const draft = draftFromParams(params)
  const filter = apiFilter(draft)
  return (
    <AdminPage
      title="Audit log"
      intro={<p>Every admin action and security event, newest first. Entries can never be changed or deleted.</p>}
    >
      <FilterForm key={params.toString()} />
      <Entries key={params.toString()} filter={filter} filtered={Object.keys(filter).length > 0} />
    </AdminPage>
  )
}

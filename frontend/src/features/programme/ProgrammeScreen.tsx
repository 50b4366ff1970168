import { useCallback, useEffect, useId, useState, type FormEvent } from 'react'
import { Link, useSearchParams } from 'react-router'
import { useQuery, type CombinedError } from 'urql'
import { Button, EmptyState, ErrorMessage, Loading, PageHeader, TextField } from '@/components/ui'
import { graphql } from '@/gql'
import { useViewer } from '@/lib/auth'
import { describeError, errorCode } from '@/lib/errors'
import { formatDay } from '@/lib/format'
import { ProgrammeSettingsForm } from './ProgrammeSettingsForm'
import { DEFAULT_WEEKS, defaultPeriod, periodErrors, readPeriod, type Period } from './figures'
import { SummaryFigures } from './SummaryFigures'
import { WeeklyTable } from './WeeklyTable'
import './programme.css'

export const programmeSummaryQuery = graphql(`
  query ProgrammeSummary($from: Date, $to: Date) {
    feedbackSummary(from: $from, to: $to) {
      from
      to
      checkIns
      checkInsExpected
      sessionsLogged
      requestsDecided
      ...SummaryFigures_summary
      ...WeeklyTable_summary
    }
  }
`)

function AdminsOnly() {
  return (
    <EmptyState title="Only admins can see this" action={<Link to="/mentors">Go to Find a mentor</Link>}>
      <p>The programme’s figures and settings are for the people who run the programme.</p>
    </EmptyState>
  )
}

type PeriodErrors = Partial<Record<keyof Period, string>>

/**
 * The period form: first and last day (UTC), checked here before it is asked for; `refused` holds
 * the API's words for a period it would not count (e.g. too long), by field.
 */
function PeriodForm({
  period,
  refused,
  onApply,
}: {
  period: Period
  refused: PeriodErrors
  onApply: (period: Period | null) => void
}) {
  const [draft, setDraft] = useState(period)
  const [errors, setErrors] = useState<PeriodErrors | null>(null)
  // Once something is typed and checked, the check's words replace the API's for the old period.
  const shown = errors ?? refused
  const isDefault = (() => {
    const fallback = defaultPeriod()
    return period.from === fallback.from && period.to === fallback.to
  })()

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    const found = periodErrors(draft)
    setErrors(found)
    if (Object.keys(found).length === 0) onApply(draft)
  }

  return (
    <form className="form programme__period" onSubmit={handleSubmit} noValidate aria-label="Period">
      <div className="programme__period-fields">
        <TextField
          label="From"
          type="date"
          name="from"
          value={draft.from}
          max={draft.to || undefined}
          onChange={(event) => setDraft({ ...draft, from: event.target.value })}
          error={shown.from}
        />
        <TextField
          label="To"
          type="date"
          name="to"
          value={draft.to}
          min={draft.from || undefined}
          onChange={(event) => setDraft({ ...draft, to: event.target.value })}
          error={shown.to}
        />
      </div>
      <div className="button-row">
        <Button type="submit" variant="primary">
          Show figures
        </Button>
        {!isDefault && <Button onClick={() => onApply(null)}>Last {DEFAULT_WEEKS} weeks</Button>}
      </div>
    </form>
  )
}

/** The API's INVALID_INPUT for the period, next to the field it names (`from` or `to`). */
function refusedPeriod(error: CombinedError | undefined): PeriodErrors {
  const first = error?.graphQLErrors[0]
  const field = first?.extensions?.field
  if (errorCode(error) !== 'INVALID_INPUT' || (field !== 'from' && field !== 'to')) return {}
  return { [field]: describeError(error!) }
}

/** The figures of a period, read from and kept in the URL (`?from=&to=`). */
function Summary({ onForbidden }: { onForbidden: () => void }) {
  const headingId = useId()
  const [params, setParams] = useSearchParams()
  const period = readPeriod(params)
  const [{ data, fetching, error }, reexecute] = useQuery({ query: programmeSummaryQuery, variables: period })
  const summary = data?.feedbackSummary

  const forbidden = !summary && errorCode(error) === 'FORBIDDEN'
  const refused = refusedPeriod(summary ? undefined : error)
  useEffect(() => {
    if (forbidden) onForbidden()
  }, [forbidden, onForbidden])

  const apply = (next: Period | null) => setParams(next ? { from: next.from, to: next.to } : {})

  let body
  if (fetching && !summary) body = <Loading label="Counting…" />
  else if (!summary && Object.keys(refused).length > 0) body = null
  else if (!summary) {
    body = (
      <ErrorMessage
        error={error}
        action={
          <Button onClick={() => reexecute({ requestPolicy: 'network-only' })} pending={fetching}>
            Try again
          </Button>
        }
      />
    )
  } else if (
    summary.checkIns === 0 &&
    summary.checkInsExpected === 0 &&
    summary.sessionsLogged === 0 &&
    summary.requestsDecided === 0
  ) {
    body = (
      <EmptyState title="Nothing to count in this period" headingLevel={3}>
        <p>
          No check-ins, sessions or requests between {formatDay(summary.from)} and {formatDay(summary.to)}, and
          no mentorship was running. Choose a longer period, or come back once mentorships are under way.
        </p>
      </EmptyState>
    )
  } else {
    body = (
      <div className="programme__figures" aria-busy={fetching || undefined}>
        <p className="programme__period-shown">
          {formatDay(summary.from)} to {formatDay(summary.to)} (UTC days, both included)
        </p>
        <SummaryFigures summary={summary} />
        <WeeklyTable summary={summary} />
      </div>
    )
  }

  return (
    <section className="programme__section card" aria-labelledby={headingId}>
      <h2 id={headingId} className="programme__title">
        Check-ins, sessions and requests
      </h2>
      <PeriodForm key={`${period.from}/${period.to}`} period={period} refused={refused} onApply={apply} />
      {body}
    </section>
  )
}

/**
 * Programme (/programme), for admins: how the programme is going in a chosen period (check-ins,
 * ratings, fit, progress, sessions, answered requests; week by week) and how often check-ins are asked
 * for. A participant who opens it is told it is for admins, not shown an error.
 */
export function ProgrammeScreen() {
  const { viewer } = useViewer()
  // The API says FORBIDDEN when the viewer's admin rights went since `me` was read.
  const [forbidden, setForbidden] = useState(false)
  const onForbidden = useCallback(() => setForbidden(true), [])
  const admin = (viewer?.isAdmin ?? false) && !forbidden

  return (
    <div className="programme">
      <PageHeader title="Programme">
        {admin && <p>How the programme is going, from participants’ check-ins, logged sessions and requests.</p>}
      </PageHeader>
      {admin ? (
        <>
          <Summary onForbidden={onForbidden} />
          <ProgrammeSettingsForm />
        </>
      ) : (
        <AdminsOnly />
      )}
    </div>
  )
}

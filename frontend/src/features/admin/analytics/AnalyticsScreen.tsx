import { useEffect, useState, type FormEvent } from 'react'
import { Link, useSearchParams } from 'react-router'
import { useQuery, type CombinedError } from 'urql'
import { Button, EmptyState, ErrorMessage, Loading, TextField } from '@/components/ui'
import { graphql } from '@/gql'
import { describeError, errorCode } from '@/lib/errors'
import { AdminPage, useAdminForbidden } from '../AdminPage'
import { defaultPeriod, periodErrors, periodParams, PRESET_WEEKS, readPeriod, type Period } from './period'
import { CheckInsSection, MentorshipsSection, ParticipantsSection, RequestsSection, UnmatchedSection } from './sections'
import { periodWords } from './summaries'
import './analytics.css'

// The programme's figures: programAnalytics, with the two feedback figures it does not repeat
// (check-in completion and requests answered in time) from feedbackSummary, over the same period.
export const adminAnalyticsQuery = graphql(`
  query AdminAnalytics($from: Date, $to: Date) {
    programAnalytics(from: $from, to: $to) {
      from
      to
      participants
      requestsMade
      checkIns
      sessionsLogged
      mentorshipsStarted
      activeMentorships
      ...AnalyticsParticipants
      ...AnalyticsRequests
      ...AnalyticsMentorships
      ...AnalyticsCheckIns
      ...AnalyticsUnmatched
    }
    feedbackSummary(from: $from, to: $to) {
      ...AnalyticsRequestsAnswered
      ...AnalyticsCheckInCompletion
    }
  }
`)

type PeriodErrors = Partial<Record<keyof Period, string>>

/** The API's INVALID_INPUT for the period, next to the field it names (`from` or `to`). */
function refusedPeriod(error: CombinedError | undefined): PeriodErrors {
  const first = error?.graphQLErrors[0]
  const field = first?.extensions?.field
  if (errorCode(error) !== 'INVALID_INPUT' || (field !== 'from' && field !== 'to')) return {}
  return { [field]: describeError(error!) }
}

/**
 * The period form: first and last day (UTC), checked here before it is asked for, and quick periods
 * up to today; `refused` holds the API's words for a period it would not count, by field.
 */
function PeriodForm({ period, refused, onApply }: { period: Period; refused: PeriodErrors; onApply: (period: Period) => void }) {
  const [draft, setDraft] = useState(period)
  const [errors, setErrors] = useState<PeriodErrors | null>(null)
  // Once something is typed and checked, the check's words replace the API's for the old period.
  const shown = errors ?? refused

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    const found = periodErrors(draft)
    setErrors(found)
    if (Object.keys(found).length === 0) onApply(draft)
  }

  return (
    <form className="form analytics__period" onSubmit={handleSubmit} noValidate aria-label="Period">
      <div className="analytics__period-fields">
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
        <div className="analytics__period-submit">
          <Button type="submit" variant="primary">
            Show figures
          </Button>
        </div>
      </div>
      <div className="button-row analytics__presets" role="group" aria-label="Quick periods, up to today">
        {PRESET_WEEKS.map((weeks) => {
          const preset = defaultPeriod(new Date(), weeks)
          const current = preset.from === period.from && preset.to === period.to
          return (
            <Button key={weeks} aria-pressed={current} onClick={() => onApply(preset)}>
              Last {weeks} weeks
            </Button>
          )
        })}
      </div>
    </form>
  )
}

/** The figures of the period in the URL (`?from=&to=`, by default the last 12 weeks). */
function Analytics() {
  const onForbidden = useAdminForbidden()
  const [params, setParams] = useSearchParams()
  const period = readPeriod(params)
  const [{ data, fetching, error }, reexecute] = useQuery({ query: adminAnalyticsQuery, variables: period })
  const analytics = data?.programAnalytics
  const feedback = data?.feedbackSummary

  const forbidden = !analytics && errorCode(error) === 'FORBIDDEN'
  const refused = refusedPeriod(analytics ? undefined : error)
  useEffect(() => {
    if (forbidden) onForbidden()
  }, [forbidden, onForbidden])

  const apply = (next: Period) => setParams(periodParams(next))

  let body
  if (fetching && !analytics) body = <Loading label="Counting…" />
  else if (!analytics || !feedback) {
    body =
      Object.keys(refused).length > 0 || forbidden ? null : (
        <ErrorMessage
          error={error}
          action={
            <Button onClick={() => reexecute({ requestPolicy: 'network-only' })} pending={fetching}>
              Try again
            </Button>
          }
        />
      )
  } else if (analytics.participants === 0 && analytics.requestsMade === 0 && analytics.checkIns === 0 && analytics.activeMentorships === 0) {
    body = (
      <EmptyState title="Nothing to count yet" headingLevel={2}>
        <p>
          No participants, requests, mentorships or check-ins between {periodWords(analytics.from, analytics.to)}. Once
          people join the programme, its figures appear here.
        </p>
      </EmptyState>
    )
  } else {
    body = (
      <div className="analytics__figures" aria-busy={fetching || undefined}>
        <p className="analytics__period-shown">
          {periodWords(analytics.from, analytics.to)} (UTC days, both included). Participants and mentees without a
          mentor are counted as they are now; everything else in the period.
        </p>
        <ParticipantsSection analytics={analytics} />
        <RequestsSection analytics={analytics} feedback={feedback} />
        <MentorshipsSection analytics={analytics} />
        <CheckInsSection analytics={analytics} feedback={feedback} />
        <UnmatchedSection analytics={analytics} />
      </div>
    )
  }

  return (
    <>
      <PeriodForm key={`${period.from}/${period.to}`} period={period} refused={refused} onApply={apply} />
      {body}
    </>
  )
}

/**
 * Analytics (/admin/analytics), for admins: every figure of the programme in a chosen period, with
 * charts of the requests funnel, ratings and good fit, time to respond and mentees without a mentor.
 */
export function AnalyticsScreen() {
  return (
    <AdminPage
      title="Analytics"
      intro={
        <p>
          How the programme is going: who takes part, requests and how they are answered, mentorships, check-ins and
          who is still waiting for a mentor. The matching and check-in settings are on{' '}
          <Link to="/programme">Programme</Link>.
        </p>
      }
    >
      <Analytics />
    </AdminPage>
  )
}


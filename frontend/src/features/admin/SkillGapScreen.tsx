import { useCallback, useEffect, useRef, useState } from 'react'
import { Link } from 'react-router'
import { useMutation, useQuery } from 'urql'
import { Button, EmptyState, ErrorMessage, Loading } from '@/components/ui'
import { useFragment } from '@/gql'
import type { SkillGapRefreshStateFragment, SkillGapTopicFiguresFragment } from '@/gql/graphql'
import { describeError, errorCode } from '@/lib/errors'
import { formatDateTime, formatPercent, formatRelative } from '@/lib/format'
import { AdminPage, useAdminForbidden } from './AdminPage'
import { SkillGapChart } from './SkillGapChart'
import {
  plural,
  refreshSkillGapMapMutation,
  skillGapMapQuery,
  skillGapRefreshFragment,
  skillGapRefreshQuery,
  skillGapTopicFragment,
  topicFigures,
} from './skillGap'
import './skillGap.css'

/** How often a running refresh is asked for its progress. */
export const POLL_MS = 1000


/** The map's age in words: "Refreshed 3 hours ago" (the exact time on hover), or never. */
function MapAge({ refreshedAt, mentees, mentors }: { refreshedAt: string | null | undefined; mentees: number; mentors: number }) {
  if (!refreshedAt) return <p className="skill-gap__age">The map has never been made.</p>
  return (
    <p className="skill-gap__age">
      Refreshed <time dateTime={refreshedAt} title={formatDateTime(refreshedAt)}>{formatRelative(refreshedAt)}</time>, covering{' '}
      {plural(mentees, 'mentee')} and {plural(mentors, 'mentor')}.
    </p>
  )
}

/** A refresh's progress (a progressbar and its stage), or how it ended. */
function RefreshState({ refresh }: { refresh: SkillGapRefreshStateFragment }) {
  if (refresh.status === 'FAILED') {
    return <ErrorMessage>The refresh failed: {refresh.error ?? 'no reason was given'}. Try again.</ErrorMessage>
  }
  const done = refresh.status === 'DONE'
  const progress = done ? 1 : refresh.progress
  return (
    <div className="skill-gap__progress">
      <div
        role="progressbar"
        aria-label="Refreshing the map"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.round(progress * 100)}
        aria-valuetext={`${formatPercent(progress)}: ${refresh.stage}`}
        className="skill-gap__bar"
      >
        <span className="skill-gap__bar-fill" style={{ width: formatPercent(progress) }} />
      </div>
      <p role="status" className="skill-gap__stage">
        {done ? 'Map refreshed.' : `${refresh.stage} (${formatPercent(progress)})`}
      </p>
    </div>
  )
}

/**
 * Follows one refresh: asks for it again `pollMs` after each answer while it runs (never two asks at once,
 * however slow the answers) and calls `onEnd` once when it is DONE or FAILED. Returns its latest state.
 */
function useFollowRefresh(id: string | null, pollMs: number, onEnd: () => void) {
  const [{ data, fetching, error }, reexecute] = useQuery({
    query: skillGapRefreshQuery,
    variables: { id: id ?? '' },
    pause: id === null,
    requestPolicy: 'network-only',
  })
  const refresh = useFragment(skillGapRefreshFragment, id !== null ? data?.skillGapRefresh : null) ?? null
  const status = refresh?.status ?? null
  const running = id !== null && (status === null || status === 'RUNNING')
  useEffect(() => {
    if (!running || fetching) return
    const timer = window.setTimeout(() => reexecute({ requestPolicy: 'network-only' }), pollMs)
    return () => window.clearTimeout(timer)
  }, [running, fetching, data, pollMs, reexecute])
  const ended = useRef<string | null>(null)
  useEffect(() => {
    if (id !== null && (status === 'DONE' || status === 'FAILED') && ended.current !== id) {
      ended.current = id
      onEnd()
    }
  }, [id, status, onEnd])
  return { refresh, running, error: id !== null ? error : undefined }
}

function TopicItem({ topic, index }: { topic: SkillGapTopicFiguresFragment; index: number }) {
  return (
    <li className="skill-gap__topic card">
      <h3>
        <Link to={`/admin/skill-gaps/${index}`}>{topic.label}</Link>
      </h3>
      <p>{topicFigures(topic)}.</p>
      {topic.phrases.length > 1 && <p className="skill-gap__muted">Also: {topic.phrases.slice(1).join(' · ')}</p>}
    </li>
  )
}

/** The admin's skill-gap map: its age, a refresh with progress, the unmet topics, then every topic. */
export function SkillGapScreen({ pollMs = POLL_MS }: { pollMs?: number }) {
  const onForbidden = useAdminForbidden()
  const [{ data, fetching, error }, reexecuteMap] = useQuery({ query: skillGapMapQuery, requestPolicy: 'cache-and-network' })
  const [mutation, refreshMap] = useMutation(refreshSkillGapMapMutation)
  const [followId, setFollowId] = useState<string | null>(null)
  const [notice, setNotice] = useState<string | null>(null)
  const map = data?.skillGapMap

  useEffect(() => {
    if (!map && errorCode(error) === 'FORBIDDEN') onForbidden()
  }, [map, error, onForbidden])

  // A refresh already under way (started elsewhere, or before this page opened) is followed.
  const runningId = map?.refreshing?.id ?? null
  const topics = useFragment(skillGapTopicFragment, map?.topics ?? [])
  useEffect(() => {
    if (runningId && runningId !== followId) setFollowId(runningId)
  }, [runningId, followId])

  const rereadMap = useCallback(() => reexecuteMap({ requestPolicy: 'network-only' }), [reexecuteMap])
  const followed = useFollowRefresh(followId, pollMs, rereadMap)

  async function start() {
    setNotice(null)
    const result = await refreshMap({})
    const payload = result.data?.refreshSkillGapMap
    if (payload?.refresh) {
      setFollowId(payload.refresh.id)
    } else if (payload?.errors.some((e) => e.code === 'CONFLICT')) {
      setNotice('A refresh is already running; its progress is shown here.')
      rereadMap()
    } else {
      setNotice(payload?.errors[0] ? describeError(payload.errors[0]) : describeError(result.error))
    }
  }

  const refreshButton = (
    <Button variant="primary" onClick={start} pending={mutation.fetching} disabled={followed.running}>
      {followed.running ? 'Refreshing…' : 'Refresh map'}
    </Button>
  )

  let body
  if (!map) {
    body = fetching || !error ? <Loading /> : <ErrorMessage error={error} action={<Button onClick={rereadMap}>Try again</Button>} />
  } else {
    // The API's top unmet topics, found in the list of every topic so each links to its place there.
    const unmet = map.topUnmet.flatMap((u) => {
      const index = topics.findIndex((t) => t.label === u.label)
      const topic = topics[index]
      return topic ? [{ index, topic }] : []
    })
    body = (
      <>
        <section className="admin__section card" aria-labelledby="skill-gap-map">
          <h2 id="skill-gap-map">The map</h2>
          <MapAge refreshedAt={map.refreshedAt} mentees={map.mentees} mentors={map.mentors} />
          <div className="button-row">{refreshButton}</div>
          {notice && <p role="status">{notice}</p>}
          {followed.refresh && <RefreshState refresh={followed.refresh} />}
          {followed.error && <ErrorMessage>{describeError(followed.error)}</ErrorMessage>}
        </section>
        {map.refreshedAt === null || map.refreshedAt === undefined ? (
          <EmptyState title="No map yet">
            <p>
              Refresh the map to group what mentees want to learn and what mentors teach into topics, and see where
              mentors are missing.
            </p>
          </EmptyState>
        ) : topics.length === 0 ? (
          <EmptyState title="No topics">
            <p>No mentee has listed an objective and no mentor an expertise item yet.</p>
          </EmptyState>
        ) : (
          <>
            <section className="admin__section" aria-labelledby="skill-gap-unmet">
              <h2 id="skill-gap-unmet">Recruit mentors for these</h2>
              {unmet.length === 0 ? (
                <p>Every topic has enough free places for the mentees waiting.</p>
              ) : (
                <>
                  <p>Topics where more mentees are waiting than mentors have free places, biggest gap first.</p>
                  <ol className="skill-gap__topics" aria-label="Unmet topics">
                    {unmet.map(({ index, topic }) => (
                      <TopicItem key={index} topic={topic} index={index} />
                    ))}
                  </ol>
                </>
              )}
            </section>
            <section className="admin__section" aria-labelledby="skill-gap-all">
              <h2 id="skill-gap-all">All topics: demand against supply</h2>
              <SkillGapChart topics={topics} />
            </section>
          </>
        )}
      </>
    )
  }

  return (
    <AdminPage
      title="Skill gaps"
      intro={<p>What mentees want to learn against what mentors with free places can teach, grouped into topics.</p>}
    >
      {body}
    </AdminPage>
  )
}

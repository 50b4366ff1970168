import { useEffect } from 'react'
import { Link, useParams } from 'react-router'
import { useQuery } from 'urql'
import { Button, EmptyState, ErrorMessage, Loading } from '@/components/ui'
import { useFragment } from '@/gql'
import { errorCode } from '@/lib/errors'
import { AdminPage, useAdminForbidden } from './AdminPage'
import { skillGapMapQuery, skillGapTopicFragment, topicFigures } from './skillGap'
import './skillGap.css'

/**
 * One topic of the skill-gap map (`/admin/skill-gaps/:index`, its place in the map, biggest gap first):
 * its phrases, the objectives in it and the mentors offering it, each linked to their admin page.
 * It reads the map's own answer, so opening it from the map costs no request.
 */
export function SkillGapTopicScreen() {
  const { index = '' } = useParams()
  const onForbidden = useAdminForbidden()
  const [{ data, fetching, error }, reexecute] = useQuery({ query: skillGapMapQuery, requestPolicy: 'cache-first' })
  const topics = useFragment(skillGapTopicFragment, data?.skillGapMap.topics ?? [])
  const topic = /^\d+$/.test(index) ? topics[Number(index)] : undefined
  useEffect(() => {
    if (!data && errorCode(error) === 'FORBIDDEN') onForbidden()
  }, [data, error, onForbidden])

  const back = (
    <p className="admin__back">
      <Link to="/admin/skill-gaps">Back to Skill gaps</Link>
    </p>
  )
  let body
  if (!data) {
    body = fetching || !error ? <Loading /> : <ErrorMessage error={error} action={<Button onClick={() => reexecute({ requestPolicy: 'network-only' })}>Try again</Button>} />
  } else if (!topic) {
    body = (
      <EmptyState title="No such topic" action={<Link to="/admin/skill-gaps">Go to Skill gaps</Link>}>
        <p>The map has no topic here; it may have changed since it was refreshed.</p>
      </EmptyState>
    )
  } else {
    body = (
      <>
        <section className="admin__section card" aria-labelledby="topic-figures">
          <h2 id="topic-figures">{topic.unmet ? 'Unmet: recruit mentors for this' : 'Demand and supply'}</h2>
          <p>{topicFigures(topic)}.</p>
          <p className="skill-gap__muted">
            {topic.menteesWanting} {topic.menteesWanting === 1 ? 'mentee wants' : 'mentees want'} it in all, matched or not.
          </p>
        </section>
        <section className="admin__section" aria-labelledby="topic-phrases">
          <h2 id="topic-phrases">Phrases that name it</h2>
          <ul>
            {topic.phrases.map((phrase) => (
              <li key={phrase}>{phrase}</li>
            ))}
          </ul>
        </section>
        <section className="admin__section" aria-labelledby="topic-objectives">
          <h2 id="topic-objectives">Example objectives</h2>
          {topic.exampleObjectives.length === 0 ? (
            <p>No mentee has an objective in this topic.</p>
          ) : (
            <ul>
              {topic.exampleObjectives.map((objective) => (
                <li key={objective}>{objective}</li>
              ))}
            </ul>
          )}
        </section>
        <section className="admin__section" aria-labelledby="topic-mentors">
          <h2 id="topic-mentors">Example mentors</h2>
          {topic.exampleMentors.length === 0 ? (
            <p>No mentor offers this yet.</p>
          ) : (
            <ul>
              {topic.exampleMentors.map((mentor) => (
                <li key={mentor.id}>
                  <Link to={`/admin/users/${mentor.id}`}>{mentor.displayName}</Link>
                </li>
              ))}
            </ul>
          )}
        </section>
      </>
    )
  }
  return (
    <AdminPage title={topic ? `Topic: ${topic.label}` : 'Skill-gap topic'} intro={back}>
      {body}
    </AdminPage>
  )
}

import { useEffect, useId, useState } from 'react'
import { Link } from 'react-router'
import { Bar, BarChart, CartesianGrid, Legend, Tooltip, XAxis, YAxis } from 'recharts'
import type { SkillGapTopicFiguresFragment } from '@/gql/graphql'
import { plural } from './skillGap'

// The chart shows at most this many topics (biggest gap first); the table below always has them all.
const CHART_TOPICS = 15
// A topic's label beside its bars, in one line: shortened to fit (the table has it whole).
const WIDE = { chars: 26, width: 190 }
const NARROW = { chars: 13, width: 100 }
const NARROW_QUERY = '(max-width: 40rem)'

function shorten(label: string, chars: number): string {
  return label.length > chars ? `${label.slice(0, chars - 1).trimEnd()}…` : label
}

/** True on a narrow screen (375 px), following it as it changes. */
function useNarrow(): boolean {
  const [narrow, setNarrow] = useState(() => typeof window !== 'undefined' && Boolean(window.matchMedia?.(NARROW_QUERY).matches))
  useEffect(() => {
    if (!window.matchMedia) return
    const query = window.matchMedia(NARROW_QUERY)
    const change = () => setNarrow(query.matches)
    change()
    query.addEventListener('change', change)
    return () => query.removeEventListener('change', change)
  }, [])
  return narrow
}

/** What the chart shows, in words with its figures: the screen reader's version of it. */
export function chartSummary(topics: readonly SkillGapTopicFiguresFragment[]): string {
  if (topics.length === 0) return 'No topics yet.'
  const unmet = topics.filter((topic) => topic.unmet)
  const waiting = topics.reduce((sum, topic) => sum + topic.demand, 0)
  const places = topics.reduce((sum, topic) => sum + topic.freePlaces, 0)
  const parts = [
    `${plural(topics.length, 'topic')}: ${plural(waiting, 'mentee')} waiting against ${plural(places, 'free place')} in all.`,
  ]
  const worst = unmet[0]
  if (worst) {
    parts.push(
      `${plural(unmet.length, 'topic has', 'topics have')} more mentees waiting than free places; the biggest gap is “${worst.label}”: ${worst.demand} waiting, ${plural(worst.freePlaces, 'free place')}.`,
    )
  } else {
    parts.push('Every topic has enough free places for the mentees waiting.')
  }
  const mostWanted = [...topics].sort((a, b) => b.demand - a.demand)[0]
  if (mostWanted && mostWanted.demand > 0 && mostWanted !== worst) parts.push(`Most wanted: “${mostWanted.label}”, ${mostWanted.demand} waiting.`)
  return parts.join(' ')
}

/**
 * Demand against supply per topic as horizontal bars (mentees waiting, free places), biggest gap at the
 * top. The chart is one image named by its summary; the table beside it is its alternative and links
 * each topic to its details.
 */
export function SkillGapChart({ topics }: { topics: readonly SkillGapTopicFiguresFragment[] }) {
  const summaryId = useId()
  const axis = useNarrow() ? NARROW : WIDE
  const shown = topics.slice(0, CHART_TOPICS)
  const data = shown.map((topic) => ({ name: shorten(topic.label, axis.chars), demand: topic.demand, places: topic.freePlaces }))
  const summary = chartSummary(topics)
  return (
    <>
      <p id={summaryId} className="skill-gap__summary">
        {summary}
        {topics.length > shown.length && ` The chart shows the ${shown.length} topics with the biggest gaps; the table has all ${topics.length}.`}
      </p>
      <div className="skill-gap__chart" role="img" aria-label="Chart: mentees waiting against free places per topic" aria-describedby={summaryId}>
        <BarChart
          responsive
          accessibilityLayer={false}
          layout="vertical"
          data={data}
          style={{ width: '100%', height: 60 + shown.length * 44 }}
          margin={{ top: 4, right: 16, bottom: 4, left: 4 }}
        >
          <CartesianGrid horizontal={false} strokeDasharray="3 3" />
          <XAxis type="number" allowDecimals={false} />
          <YAxis type="category" dataKey="name" width={axis.width} tick={{ fontSize: 12, width: axis.width + 100 }} interval={0} />
          <Tooltip />
          <Legend />
          <Bar dataKey="demand" name="Mentees waiting" fill="#b4451f" />
          <Bar dataKey="places" name="Free places" fill="#2f6f4f" />
        </BarChart>
      </div>
      <div className="skill-gap__table" role="region" aria-label="Every topic's figures" tabIndex={0}>
        <table>
          <caption>Every topic, biggest gap first</caption>
          <thead>
            <tr>
              <th scope="col">Topic</th>
              <th scope="col">Mentees waiting</th>
              <th scope="col">Mentees wanting it</th>
              <th scope="col">Mentors with a free place</th>
              <th scope="col">Free places</th>
              <th scope="col">Gap</th>
            </tr>
          </thead>
          <tbody>
            {topics.map((topic, index) => (
              <tr key={index}>
                <th scope="row">
                  <Link to={`/admin/skill-gaps/${index}`}>{topic.label}</Link>
                </th>
                <td>{topic.demand}</td>
                <td>{topic.menteesWanting}</td>
                <td>{topic.supply}</td>
                <td>{topic.freePlaces}</td>
                <td>{topic.gap}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  )
}

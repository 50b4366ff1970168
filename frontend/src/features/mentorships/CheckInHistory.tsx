import { useId } from 'react'
import { Badge } from '@/components/ui'
import { graphql, useFragment, type FragmentType } from '@/gql'
import { formatDate } from '@/lib/format'
import { ratingWords } from './CheckInForm'

export const checkInHistoryFragment = graphql(`
  fragment CheckInHistory on Mentorship {
    feedback {
      id
      rating
      goodFit
      comment
      final
      createdAt
      authorRole
      author {
        id
        displayName
      }
      objectiveProgress {
        objective
        progress
      }
    }
  }
`)

/** My own check-ins on a mentorship, newest first (an admin sees both sides', each named). */
export function CheckInHistory({
  mentorship: ref,
  viewerId,
  participant,
}: {
  mentorship: FragmentType<typeof checkInHistoryFragment>
  viewerId: string
  /** False for an admin looking on: both sides' check-ins are listed. */
  participant: boolean
}) {
  const { feedback } = useFragment(checkInHistoryFragment, ref)
  const headingId = useId()
  return (
    <div className="check-ins">
      <h3 id={headingId}>{participant ? 'Your check-ins' : 'Check-ins of both participants'}</h3>
      {feedback.length === 0 ? (
        <p className="mentorship-page__muted">
          {participant ? 'You have not given a check-in on this mentorship yet.' : 'Neither participant has given a check-in yet.'}
        </p>
      ) : (
        <ol className="check-ins__list" aria-labelledby={headingId}>
          {feedback.map((entry) => (
            <li key={entry.id} className="check-ins__item">
              <p className="check-ins__when">
                <time dateTime={entry.createdAt}>{formatDate(entry.createdAt)}</time>
                {entry.final && <Badge tone="info">Final</Badge>}
                {entry.author.id !== viewerId && (
                  <span>
                    by {entry.author.displayName} ({entry.authorRole === 'MENTOR' ? 'mentor' : 'mentee'})
                  </span>
                )}
              </p>
              <dl className="check-ins__facts">
                <div>
                  <dt>Rating</dt>
                  <dd>{ratingWords(entry.rating)}</dd>
                </div>
                <div>
                  <dt>Good fit</dt>
                  <dd>{entry.goodFit ? 'Yes' : 'No'}</dd>
                </div>
                {entry.objectiveProgress.length > 0 && (
                  <div className="check-ins__wide">
                    <dt>Progress</dt>
                    <dd>
                      <ul className="check-ins__progress">
                        {entry.objectiveProgress.map((item) => (
                          <li key={item.objective}>
                            {item.objective}: {item.progress}%
                          </li>
                        ))}
                      </ul>
                    </dd>
                  </div>
                )}
                {entry.comment && (
                  <div className="check-ins__wide">
                    <dt>Comment</dt>
                    <dd className="mentorship__note">{entry.comment}</dd>
                  </div>
                )}
              </dl>
            </li>
          ))}
        </ol>
      )}
    </div>
  )
}

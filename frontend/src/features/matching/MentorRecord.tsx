import { graphql, useFragment, type FragmentType } from '@/gql'
import type { MentorRecord_RecordFragment } from '@/gql/graphql'

export const MentorRecordFragment = graphql(`
  fragment MentorRecord_record on MentorRecord {
    enoughRatings
    rating
    ratingCount
    responsiveness {
      requestsCounted
      answeredInTime
      summary
    }
  }
`)

/** The words shown while fewer than 3 mentees have rated them (the API then gives no rating). */
export const NOT_ENOUGH_RATINGS = 'Not enough ratings yet'

/** "4.3 / 5 from 6 mentorships", or "Not enough ratings yet". */
export function ratingWords(record: Pick<MentorRecord_RecordFragment, 'enoughRatings' | 'rating' | 'ratingCount'>): string {
  if (!record.enoughRatings || record.rating === null) return NOT_ENOUGH_RATINGS
  const count = record.ratingCount ?? 0
  return `${record.rating.toFixed(1)} / 5 from ${count} mentorship${count === 1 ? '' : 's'}`
}

/** "answered 9 of 10 requests in time"; null without any request to count. */
export function answeredWords(responsiveness: MentorRecord_RecordFragment['responsiveness']): string | null {
  const { requestsCounted, answeredInTime } = responsiveness
  if (requestsCounted === 0) return null
  return `answered ${answeredInTime} of ${requestsCounted} request${requestsCounted === 1 ? '' : 's'} in time`
}

export interface MentorRecordProps {
  record: FragmentType<typeof MentorRecordFragment>
  /** `compact`: one line each on a match card; `full`: a described list on their page. */
  variant: 'compact' | 'full'
}

/**
 * A mentor's record in words: the public rating (or that there are not enough ratings to show one)
 * and how reliably they answer requests. Never colour alone: every figure is text.
 */
export function MentorRecord({ record: ref, variant }: MentorRecordProps) {
  const record = useFragment(MentorRecordFragment, ref)
  const rating = ratingWords(record)
  const answered = answeredWords(record.responsiveness)
  const unrated = !record.enoughRatings || record.rating === null

  if (variant === 'compact') {
    return (
      <ul className="record record--compact" aria-label="Mentor record">
        <li>
          <span className="record__label">Rating:</span> <span className={unrated ? 'record__none' : undefined}>{rating}</span>
        </li>
        <li>
          <span className="record__label">Responsiveness:</span> {record.responsiveness.summary}
          {answered && ` (${answered})`}
        </li>
      </ul>
    )
  }

  return (
    <div className="record">
      <dl className="record__facts">
        <div>
          <dt>Rating</dt>
          <dd className={unrated ? 'record__none' : undefined}>{rating}</dd>
        </div>
        <div>
          <dt>Responsiveness</dt>
          <dd>
            {record.responsiveness.summary}
            {answered && (
              <span className="record__detail">
                <span className="visually-hidden">, </span>
                {answered}
              </span>
            )}
          </dd>
        </div>
      </dl>
      <p className="record__hint">
        {unrated
          ? 'A rating is shown once at least 3 mentees have rated mentorships with them, so no single mentee can be told apart.'
          : 'From their mentees’ check-ins, weighed against the programme’s average so a few ratings do not swing it.'}
      </p>
      <p className="record__hint">
        Counted over their 20 most recent requests from mentees: answered before the request expired, or not.
      </p>
    </div>
  )
}

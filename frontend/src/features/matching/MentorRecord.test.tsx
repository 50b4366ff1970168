import { render, screen, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { makeFragmentData } from '@/gql'
import type { MentorRecord_RecordFragment } from '@/gql/graphql'
import { answeredWords, MentorRecord, MentorRecordFragment, ratingWords } from './MentorRecord'

const rated: MentorRecord_RecordFragment = {
  enoughRatings: true,
  rating: 4.26,
  ratingCount: 6,
  responsiveness: { requestsCounted: 10, answeredInTime: 9, summary: 'Usually answers within 2 days' },
}

// Below the threshold the API gives no rating at all, and a new mentor has no request history.
const unrated: MentorRecord_RecordFragment = {
  enoughRatings: false,
  rating: null,
  ratingCount: null,
  responsiveness: { requestsCounted: 0, answeredInTime: 0, summary: 'No requests answered yet' },
}

function record(data: MentorRecord_RecordFragment) {
  return makeFragmentData(data, MentorRecordFragment)
}

describe('MentorRecord', () => {
  it('words the public rating with how many mentorships it is from, or says there are not enough', () => {
    expect(ratingWords(rated)).toBe('4.3 / 5 from 6 mentorships')
    expect(ratingWords({ enoughRatings: true, rating: 5, ratingCount: 1 })).toBe('5.0 / 5 from 1 mentorship')
    expect(ratingWords(unrated)).toBe('Not enough ratings yet')
    // Never a figure the API did not make public.
    expect(ratingWords({ enoughRatings: false, rating: 4, ratingCount: 2 })).toBe('Not enough ratings yet')
  })

  it('says how many requests were answered in time only when there is history', () => {
    expect(answeredWords(rated.responsiveness)).toBe('answered 9 of 10 requests in time')
    expect(answeredWords({ requestsCounted: 1, answeredInTime: 0, summary: 'Rarely answers in time' })).toBe(
      'answered 0 of 1 request in time',
    )
    expect(answeredWords(unrated.responsiveness)).toBeNull()
  })

  it('shows a rated, responsive mentor compactly on a card', () => {
    render(<MentorRecord record={record(rated)} variant="compact" />)

    const items = within(screen.getByRole('list', { name: 'Mentor record' })).getAllByRole('listitem')
    expect(items.map((item) => item.textContent)).toEqual([
      'Rating: 4.3 / 5 from 6 mentorships',
      'Responsiveness: Usually answers within 2 days (answered 9 of 10 requests in time)',
    ])
  })

  it('shows a new mentor as not rated yet, with the API’s responsiveness words and no rate', () => {
    render(<MentorRecord record={record(unrated)} variant="compact" />)

    const items = within(screen.getByRole('list', { name: 'Mentor record' })).getAllByRole('listitem')
    expect(items.map((item) => item.textContent)).toEqual([
      'Rating: Not enough ratings yet',
      'Responsiveness: No requests answered yet',
    ])
    expect(screen.queryByText(/in time/)).not.toBeInTheDocument()
  })

  it('explains on their page what the rating and responsiveness are made of', () => {
    const { unmount } = render(<MentorRecord record={record(unrated)} variant="full" />)
    expect(screen.getByText('Rating').nextElementSibling).toHaveTextContent('Not enough ratings yet')
    expect(screen.getByText('Responsiveness').nextElementSibling).toHaveTextContent('No requests answered yet')
    expect(screen.getByText(/shown once at least 3 mentees have rated/)).toBeInTheDocument()
    unmount()

    render(<MentorRecord record={record(rated)} variant="full" />)
    expect(screen.getByText('Rating').nextElementSibling).toHaveTextContent('4.3 / 5 from 6 mentorships')
    expect(screen.getByText('Responsiveness').nextElementSibling).toHaveTextContent(
      'Usually answers within 2 days, answered 9 of 10 requests in time',
    )
    expect(screen.getByText(/weighed against the programme’s average/)).toBeInTheDocument()
  })
})

import { screen, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { makeFragmentData } from '@/gql'
import type { MatchStrength } from '@/gql/graphql'
import { renderWithProviders } from '@/testing/render'
import { CoverageNotice, CoverageNoticeFragment, type CoverageNoticeProps } from './CoverageNotice'

/** Each need with the strength of its nearest candidate; covered from GOOD up, as the API says. */
function needs(...entries: [text: string, best: MatchStrength][]) {
  return entries.map(([text, bestStrength]) =>
    makeFragmentData({ text, bestStrength, covered: bestStrength === 'STRONG' || bestStrength === 'GOOD' }, CoverageNoticeFragment),
  )
}

function renderNotice(props: CoverageNoticeProps) {
  return renderWithProviders(<CoverageNotice {...props} />, { url: '/mentors' })
}

describe('CoverageNotice', () => {
  it('says no mentor covers a search yet, that these are only the closest, and where to change it', () => {
    renderNotice({
      candidate: 'mentor',
      searched: true,
      noGoodMatch: true,
      coverage: needs(['restore antique church organs', 'WEAK']),
    })

    const notice = screen.getByRole('region', { name: 'No mentor covers this yet' })
    expect(within(notice).getByRole('heading', { level: 2 })).toHaveTextContent('No mentor covers this yet')
    expect(notice).toHaveTextContent('No mentor who is taking requests covers “restore antique church organs” yet.')
    expect(notice).toHaveTextContent('The mentors below are only the closest, for browsing.')
    expect(notice).toHaveTextContent('Try describing it in other words')
    expect(within(notice).getByRole('link', { name: 'edit your learning objectives' })).toHaveAttribute('href', '/profile')
  })

  it('names my objectives when none of them is covered well, without denying the partial matches below', () => {
    renderNotice({
      candidate: 'mentor',
      searched: false,
      noGoodMatch: true,
      coverage: needs(['Learn Rust', 'PARTIAL'], ['Speak up in meetings', 'WEAK']),
    })

    const notice = screen.getByRole('region', { name: 'No mentor covers this well yet' })
    expect(notice).toHaveTextContent('No mentor who is taking requests covers “Learn Rust” or “Speak up in meetings” well yet.')
    expect(within(notice).getByRole('link', { name: 'Edit your learning objectives' })).toHaveAttribute('href', '/profile')
    expect(notice).toHaveTextContent('or search above in other words.')
  })

  it('says it in a mentor’s words on the mentee side', () => {
    renderNotice({
      candidate: 'mentee',
      searched: true,
      noGoodMatch: true,
      coverage: needs(['restore antique church organs', 'WEAK']),
    })

    const notice = screen.getByRole('region', { name: 'No mentee wants this yet' })
    expect(notice).toHaveTextContent('No mentee looking for a mentor wants to learn “restore antique church organs” yet.')
    expect(notice).toHaveTextContent('The mentees below are only the closest, for browsing.')
    expect(within(notice).getByRole('link', { name: 'edit your expertise' })).toHaveAttribute('href', '/profile')
  })

  it('names my expertise no mentee wants when ranking by it', () => {
    renderNotice({
      candidate: 'mentee',
      searched: false,
      noGoodMatch: true,
      coverage: needs(['navigating a career change', 'PARTIAL'], ['preparing for a promotion conversation', 'WEAK']),
    })

    const notice = screen.getByRole('region', { name: 'No mentee wants quite this yet' })
    expect(notice).toHaveTextContent(
      'wants to learn quite “navigating a career change” or “preparing for a promotion conversation” yet.',
    )
    expect(within(notice).getByRole('link', { name: 'Edit your expertise' })).toHaveAttribute('href', '/profile')
  })

  it('names, lightly, only the objectives no one covers when others are covered', () => {
    renderNotice({
      candidate: 'mentor',
      searched: false,
      noGoodMatch: false,
      coverage: needs(['Learn Rust', 'STRONG'], ['Read marketing dashboards', 'PARTIAL'], ['Speak up in meetings', 'GOOD']),
    })

    expect(screen.queryByRole('region')).not.toBeInTheDocument()
    const note = screen.getByRole('note')
    expect(note).toHaveTextContent('No mentor who is taking requests covers “Read marketing dashboards” well yet.')
    expect(note).not.toHaveTextContent('Learn Rust')
    expect(within(note).getByRole('link', { name: 'Edit your learning objectives' })).toHaveAttribute('href', '/profile')
  })

  it('says nothing when everything is covered, or for a search that is', () => {
    const { unmount } = renderNotice({
      candidate: 'mentor',
      searched: false,
      noGoodMatch: false,
      coverage: needs(['Learn Rust', 'GOOD']),
    })
    expect(screen.queryByRole('note')).not.toBeInTheDocument()
    expect(screen.queryByRole('region')).not.toBeInTheDocument()
    unmount()

    renderNotice({ candidate: 'mentor', searched: true, noGoodMatch: false, coverage: needs(['rust', 'STRONG']) })
    expect(screen.queryByRole('note')).not.toBeInTheDocument()
    expect(screen.queryByRole('region')).not.toBeInTheDocument()
  })
})

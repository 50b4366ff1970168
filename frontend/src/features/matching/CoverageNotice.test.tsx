import { screen, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { makeFragmentData } from '@/gql'
import { renderWithProviders } from '@/testing/render'
import { CoverageNotice, CoverageNoticeFragment, type CoverageNoticeProps } from './CoverageNotice'

function needs(...entries: [text: string, covered: boolean][]) {
  return entries.map(([text, covered]) => makeFragmentData({ text, covered }, CoverageNoticeFragment))
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
      coverage: needs(['restore antique church organs', false]),
    })

    const notice = screen.getByRole('region', { name: 'No mentor covers this yet' })
    expect(within(notice).getByRole('heading', { level: 2 })).toHaveTextContent('No mentor covers this yet')
    expect(notice).toHaveTextContent('No mentor who is taking requests covers “restore antique church organs” yet.')
    expect(notice).toHaveTextContent('The mentors below are only the closest, for browsing.')
    expect(notice).toHaveTextContent('Try describing it in other words')
    expect(within(notice).getByRole('link', { name: 'edit your learning objectives' })).toHaveAttribute('href', '/profile')
  })

  it('names my objectives when none of them is covered', () => {
    renderNotice({
      candidate: 'mentor',
      searched: false,
      noGoodMatch: true,
      coverage: needs(['Learn Rust', false], ['Speak up in meetings', false]),
    })

    const notice = screen.getByRole('region', { name: 'No mentor covers this yet' })
    expect(notice).toHaveTextContent('covers “Learn Rust” or “Speak up in meetings” yet.')
    expect(within(notice).getByRole('link', { name: 'Edit your learning objectives' })).toHaveAttribute('href', '/profile')
    expect(notice).toHaveTextContent('or search above in other words.')
  })

  it('says it in a mentor’s words on the mentee side', () => {
    renderNotice({
      candidate: 'mentee',
      searched: true,
      noGoodMatch: true,
      coverage: needs(['restore antique church organs', false]),
    })

    const notice = screen.getByRole('region', { name: 'No mentee wants this yet' })
    expect(notice).toHaveTextContent('No mentee looking for a mentor wants to learn “restore antique church organs” yet.')
    expect(notice).toHaveTextContent('The mentees below are only the closest, for browsing.')
    expect(within(notice).getByRole('link', { name: 'edit your expertise' })).toHaveAttribute('href', '/profile')
  })

  it('names, lightly, only the objectives no one covers when others are covered', () => {
    renderNotice({
      candidate: 'mentor',
      searched: false,
      noGoodMatch: false,
      coverage: needs(['Learn Rust', true], ['Read marketing dashboards', false], ['Speak up in meetings', true]),
    })

    expect(screen.queryByRole('region')).not.toBeInTheDocument()
    const note = screen.getByRole('note')
    expect(note).toHaveTextContent('No mentor who is taking requests covers “Read marketing dashboards” yet.')
    expect(note).not.toHaveTextContent('Learn Rust')
    expect(within(note).getByRole('link', { name: 'Edit your learning objectives' })).toHaveAttribute('href', '/profile')
  })

  it('says nothing when everything is covered, or for a search that is', () => {
    const { unmount } = renderNotice({
      candidate: 'mentor',
      searched: false,
      noGoodMatch: false,
      coverage: needs(['Learn Rust', true]),
    })
    expect(screen.queryByRole('note')).not.toBeInTheDocument()
    expect(screen.queryByRole('region')).not.toBeInTheDocument()
    unmount()

    renderNotice({ candidate: 'mentor', searched: true, noGoodMatch: false, coverage: needs(['rust', true]) })
    expect(screen.queryByRole('note')).not.toBeInTheDocument()
    expect(screen.queryByRole('region')).not.toBeInTheDocument()
  })
})

import { render, screen } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import type { MatchStrength } from '@/gql/graphql'
import { StrengthBadge, summaryAfterStrength } from './Strength'

describe('StrengthBadge', () => {
  it.each<[MatchStrength, string, number]>([
    ['STRONG', 'Strong match', 3],
    ['GOOD', 'Good match', 2],
    ['PARTIAL', 'Partial match', 1],
    ['WEAK', 'Weak match', 0],
  ])('shows %s as “%s”, with %i of 3 bars filled beside the words', (strength, words, filled) => {
    const { container } = render(<StrengthBadge strength={strength} />)
    // The words are the badge's whole text (the bars are hidden from assistive technology).
    expect(screen.getByText(words)).toHaveTextContent(new RegExp(`^${words}$`))
    expect(container.querySelector('[aria-hidden="true"]')).toBeInTheDocument()
    expect(container.querySelectorAll('.strength__bar--on')).toHaveLength(filled)
  })
})

describe('summaryAfterStrength', () => {
  it('drops the strength the badge already says', () => {
    expect(summaryAfterStrength('Strong match: can teach “SQL” for “Learn SQL”.', 'STRONG')).toBe('Can teach “SQL” for “Learn SQL”.')
    expect(summaryAfterStrength('Weak match.', 'WEAK')).toBeNull()
  })

  it('keeps any other wording whole', () => {
    expect(summaryAfterStrength('Matches your search.', 'GOOD')).toBe('Matches your search.')
    expect(summaryAfterStrength('Good match: can teach “SQL”.', 'STRONG')).toBe('Good match: can teach “SQL”.')
  })
})

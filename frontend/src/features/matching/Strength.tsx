import type { MatchStrength } from '@/gql/graphql'

/** The API's strength bands in words: how likely it is that the mentor teaches what is wanted. */
export const STRENGTH_WORDS: Record<MatchStrength, string> = {
  STRONG: 'Strong',
  GOOD: 'Good',
  PARTIAL: 'Partial',
  WEAK: 'Weak',
}

// How many of the badge's three bars are filled: a second cue besides the word, never colour alone.
const BARS: Record<MatchStrength, number> = { STRONG: 3, GOOD: 2, PARTIAL: 1, WEAK: 0 }

/** "Strong match" */
export function strengthLabel(strength: MatchStrength): string {
  return `${STRENGTH_WORDS[strength]} match`
}

/**
 * A match's summary without the strength it starts with ("Good match: can teach …" -> "Can teach …"),
 * since the badge says it; null when nothing is left ("Weak match."). Any other wording is kept whole.
 */
export function summaryAfterStrength(summary: string, strength: MatchStrength): string | null {
  const lead = strengthLabel(strength)
  if (summary === `${lead}.`) return null
  if (!summary.startsWith(`${lead}: `)) return summary
  const rest = summary.slice(lead.length + 2)
  return rest.charAt(0).toUpperCase() + rest.slice(1)
}

/** The whole match's strength as a labelled badge: its words ("Good match") and 0-3 filled bars. */
export function StrengthBadge({ strength }: { strength: MatchStrength }) {
  const filled = BARS[strength]
  return (
    <span className={`strength strength--${strength.toLowerCase()}`}>
      <span className="strength__bars" aria-hidden="true">
        {[1, 2, 3].map((bar) => (
          <span key={bar} className={bar <= filled ? 'strength__bar strength__bar--on' : 'strength__bar'} />
        ))}
      </span>
      {strengthLabel(strength)}
    </span>
  )
}

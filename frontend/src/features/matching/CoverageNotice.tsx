import { useId } from 'react'
import { Link } from 'react-router'
import { graphql, useFragment, type FragmentType } from '@/gql'
import { quotedList } from '@/lib/format'

export const CoverageNoticeFragment = graphql(`
  fragment CoverageNotice_coverage on NeedCoverage {
    text
    bestStrength
    covered
  }
`)

export type CoverageRef = FragmentType<typeof CoverageNoticeFragment>

export interface CoverageNoticeProps {
  /** Who the results are: mentors (I am the mentee) or mentees (I am the mentor). */
  candidate: 'mentor' | 'mentee'
  /** Ranked by a search text rather than my own objectives or expertise. */
  searched: boolean
  /** The API's `noGoodMatch`: nothing searched for is covered well by anyone eligible. */
  noGoodMatch: boolean
  /** The API's `coverage`: per objective (or expertise item, or the search), whether anyone covers it. */
  coverage: readonly CoverageRef[]
}

/**
 * The words of each side. `partly`: someone comes near (PARTIAL) without covering it well, so "not
 * at all" would contradict the partial matches shown below.
 */
function words(candidate: 'mentor' | 'mentee', partly: boolean) {
  return candidate === 'mentor'
    ? {
        title: partly ? 'No mentor covers this well yet' : 'No mentor covers this yet',
        nobody: (list: string) => `No mentor who is taking requests covers ${list}${partly ? ' well' : ''} yet.`,
        closest: 'The mentors below are only the closest, for browsing.',
        edit: 'Edit your learning objectives',
      }
    : {
        title: partly ? 'No mentee wants quite this yet' : 'No mentee wants this yet',
        nobody: (list: string) => `No mentee looking for a mentor wants to learn ${partly ? 'quite ' : ''}${list} yet.`,
        closest: 'The mentees below are only the closest, for browsing.',
        edit: 'Edit your expertise',
      }
}

/** Some need has a partial match, though none a good one. */
function nearSome(needs: readonly { bestStrength: string }[]): boolean {
  return needs.some((need) => need.bestStrength !== 'WEAK')
}

/**
 * What the results cannot offer, above them. When nothing searched for is covered well by anyone
 * (`noGoodMatch`), a headed notice: no one covers it (well) yet, the results are only the closest, and where
 * to change what is searched for. With recommendations where only some of my objectives (or expertise
 * items) are uncovered, a lighter note naming them. Otherwise nothing.
 */
export function CoverageNotice({ candidate, searched, noGoodMatch, coverage }: CoverageNoticeProps) {
  const needs = useFragment(CoverageNoticeFragment, coverage)
  const id = useId()

  if (noGoodMatch && needs.length > 0) {
    const say = words(candidate, nearSome(needs))
    const list = quotedList(needs.map((need) => need.text))
    return (
      <section className="coverage-notice" aria-labelledby={`${id}-title`}>
        <h2 className="coverage-notice__title" id={`${id}-title`}>
          {say.title}
        </h2>
        <p>
          {say.nobody(list)} {say.closest}
        </p>
        <p className="coverage-notice__hint">
          {searched ? (
            <>
              Try describing it in other words, or <Link to="/profile">{say.edit.toLowerCase()}</Link> in My
              profile.
            </>
          ) : (
            <>
              <Link to="/profile">{say.edit}</Link> in My profile, or search above in other words.
            </>
          )}
        </p>
      </section>
    )
  }

  const uncovered = needs.filter((need) => !need.covered)
  if (searched || uncovered.length === 0) return null
  const say = words(candidate, nearSome(uncovered))
  return (
    <p className="coverage-note" role="note">
      {say.nobody(quotedList(uncovered.map((need) => need.text)))}{' '}
      <Link to="/profile">{say.edit}</Link>
    </p>
  )
}

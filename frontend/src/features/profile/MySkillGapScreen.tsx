import { Link } from 'react-router'
import { useQuery } from 'urql'
import { Button, EmptyState, ErrorMessage, Loading, PageHeader } from '@/components/ui'
import { graphql, useFragment, type FragmentType } from '@/gql'
import './profile.css'

export const personalSkillGapFragment = graphql(`
  fragment PersonalSkillGapTable on PersonalSkillGap {
    matched
    mentors {
      id
      displayName
    }
    skills {
      name
      level
      mentors {
        mentor {
          id
        }
        level
      }
    }
  }
`)

export const mySkillGapQuery = graphql(`
  query MySkillGap {
    personalSkillGap {
      ...PersonalSkillGapTable
    }
  }
`)

/** "Ada", "Ada and Ben", "Ada, Ben and Cleo" */
function names(list: readonly string[]): string {
  if (list.length <= 1) return list.join('')
  return `${list.slice(0, -1).join(', ')} and ${list[list.length - 1]}`
}

/** In words, how far the best of the mentors is above the mentee in one skill. */
function growth(mine: number, theirs: { name: string; level: number | null }[]): string {
  const best = theirs.reduce<{ name: string; level: number } | null>(
    (top, mentor) => (mentor.level !== null && (top === null || mentor.level > top.level) ? { name: mentor.name, level: mentor.level } : top),
    null,
  )
  if (best === null) return theirs.length === 1 ? 'Not one of their skills' : 'None of them lists it'
  if (best.level > mine) return `${best.name}: ${best.level - mine} ${best.level - mine === 1 ? 'level' : 'levels'} above you`
  if (best.level === mine) return `${best.name} is at your level`
  return 'You are ahead of them'
}

/**
 * The skills a mentee wants to grow (their profile's skills, 1-5) against the levels of their mentors,
 * or of their best matches when they have none, as a table with how much room there is to grow.
 */
export function PersonalSkillGapTable({ gap: ref }: { gap: FragmentType<typeof personalSkillGapFragment> }) {
  const gap = useFragment(personalSkillGapFragment, ref)
  const who = names(gap.mentors.map((mentor) => mentor.displayName))
  const displayName = new Map(gap.mentors.map((mentor) => [mentor.id, mentor.displayName]))
  return (
    <>
      <p className="skill-gap__basis">
        {gap.mentors.length === 0
          ? 'You have no mentor yet, and no mentor matches you yet: there is no one to compare with.'
          : gap.matched
            ? `Compared with your ${gap.mentors.length === 1 ? 'mentor' : 'mentors'}, ${who}.`
            : `You have no mentor yet: compared with your best ${gap.mentors.length === 1 ? 'match' : 'matches'}, ${who}.`}
      </p>
      {gap.skills.length === 0 ? (
        <EmptyState title="No skills on your profile" action={<Link to="/profile">Add skills on My profile</Link>}>
          <p>Add the skills you want to grow, with your level in each, to see them against your mentors’ levels.</p>
        </EmptyState>
      ) : (
        <div className="skill-gap-table" role="region" aria-label="Your skills against theirs" tabIndex={0}>
          <table>
            <caption>Levels from 1 (beginner) to 5 (expert)</caption>
            <thead>
              <tr>
                <th scope="col">Skill</th>
                <th scope="col">You</th>
                {gap.mentors.map((mentor) => (
                  <th scope="col" key={mentor.id}>
                    <Link to={`/mentors/${mentor.id}`}>{mentor.displayName}</Link>
                  </th>
                ))}
                {gap.mentors.length > 0 && <th scope="col">Room to grow</th>}
              </tr>
            </thead>
            <tbody>
              {gap.skills.map((skill) => {
                const levels = new Map(skill.mentors.map((entry) => [entry.mentor.id, entry.level ?? null]))
                return (
                  <tr key={skill.name}>
                    <th scope="row">{skill.name}</th>
                    <td>{skill.level}</td>
                    {gap.mentors.map((mentor) => {
                      const level = levels.get(mentor.id) ?? null
                      return <td key={mentor.id}>{level === null ? 'not listed' : level}</td>
                    })}
                    {gap.mentors.length > 0 && (
                      <td>
                        {growth(
                          skill.level,
                          gap.mentors.map((mentor) => ({ name: displayName.get(mentor.id) ?? '', level: levels.get(mentor.id) ?? null })),
                        )}
                      </td>
                    )}
                  </tr>
                )
              })}
            </tbody>
          </table>
        </div>
      )}
    </>
  )
}

/** `/skill-gap`: my skills against my mentors' levels (or my best matches'). */
export function MySkillGapScreen() {
  const [{ data, fetching, error }, reexecute] = useQuery({ query: mySkillGapQuery, requestPolicy: 'cache-and-network' })
  let body
  if (data) body = <PersonalSkillGapTable gap={data.personalSkillGap} />
  else if (fetching || !error) body = <Loading />
  else body = <ErrorMessage error={error} action={<Button onClick={() => reexecute({ requestPolicy: 'network-only' })}>Try again</Button>} />
  return (
    <>
      <PageHeader title="My skill gap">
        <p>
          The skills on <Link to="/profile">My profile</Link> against the levels of the mentors you learn from, to see
          where there is most to grow.
        </p>
      </PageHeader>
      <section className="card skill-gap" aria-label="Skills">
        {body}
      </section>
    </>
  )
}

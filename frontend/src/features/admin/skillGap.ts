import { graphql } from '@/gql'

// The skill-gap map's operations, shared by the map screen and a topic's own screen (one cached answer).

export const skillGapTopicFragment = graphql(`
  fragment SkillGapTopicFigures on SkillGapTopic {
    label
    phrases
    demand
    menteesWanting
    supply
    freePlaces
    gap
    unmet
    exampleObjectives
    exampleMentors {
      id
      displayName
    }
  }
`)

export const skillGapRefreshFragment = graphql(`
  fragment SkillGapRefreshState on SkillGapRefresh {
    id
    status
    stage
    progress
    startedAt
    finishedAt
    error
  }
`)

export const skillGapMapQuery = graphql(`
  query SkillGapMap {
    skillGapMap {
      refreshedAt
      ageSeconds
      mentees
      mentors
      topics {
        ...SkillGapTopicFigures
      }
      topUnmet {
        label
      }
      refreshing {
        id
        ...SkillGapRefreshState
      }
    }
  }
`)

export const skillGapRefreshQuery = graphql(`
  query SkillGapRefresh($id: ID!) {
    skillGapRefresh(id: $id) {
      ...SkillGapRefreshState
    }
  }
`)

export const refreshSkillGapMapMutation = graphql(`
  mutation RefreshSkillGapMap {
    refreshSkillGapMap {
      refresh {
        id
        ...SkillGapRefreshState
      }
      errors {
        code
        message
        field
      }
    }
  }
`)

/** "1 mentee", "3 mentees" */
export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`
}

/** A topic's figures in one sentence, e.g. "4 mentees waiting, 1 mentor with 1 free place: 3 short". */
export function topicFigures(topic: { demand: number; supply: number; freePlaces: number; gap: number }): string {
  const waiting = `${plural(topic.demand, 'mentee')} waiting`
  const offered =
    topic.supply === 0
      ? 'no mentor with a free place'
      : `${plural(topic.supply, 'mentor')} with ${plural(topic.freePlaces, 'free place')}`
  return topic.gap > 0 ? `${waiting}, ${offered}: ${topic.gap} short` : `${waiting}, ${offered}`
}

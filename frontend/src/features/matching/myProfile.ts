import { useQuery } from 'urql'
import { graphql } from '@/gql'

// What the matching screens need of my own profile: what I want to learn (the recommendations and
// the request dialog), what I can teach, and my roles.
export const myMatchingProfileQuery = graphql(`
  query MyMatchingProfile {
    me {
      id
      displayName
      profile {
        canMentor
        seeksMentoring
        objectives
        expertise
      }
    }
  }
`)

export interface MyMatchingProfile {
  loading: boolean
  error: ReturnType<typeof useQuery>[0]['error']
  retry: () => void
  id: string | null
  canMentor: boolean
  objectives: readonly string[]
  expertise: readonly string[]
}

const NONE: readonly string[] = []

/** My id, roles, objectives and expertise, from the API (refetched when my profile is saved). */
export function useMyMatchingProfile(): MyMatchingProfile {
  const [{ data, fetching, error }, reexecute] = useQuery({ query: myMatchingProfileQuery })
  const profile = data?.me?.profile
  return {
    loading: fetching && !data,
    error: data ? undefined : error,
    retry: () => reexecute({ requestPolicy: 'network-only' }),
    id: data?.me?.id ?? null,
    canMentor: profile?.canMentor ?? false,
    objectives: profile?.objectives ?? NONE,
    expertise: profile?.expertise ?? NONE,
  }
}

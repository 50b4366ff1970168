import { Button, ErrorMessage, Loading, PageHeader } from '@/components/ui'
import { graphql } from '@/gql'
import { useQuery } from 'urql'
import { MyData } from './MyData'
import { ProfileForm } from './ProfileForm'
import './profile.css'

export const myProfileQuery = graphql(`
  query MyProfile {
    me {
      id
      profile {
        ...ProfileFormFields
      }
    }
  }
`)

/** /profile: everything a participant says about themself, in one form. */
export function ProfileScreen() {
  // Fresh from the API: the form starts from it and must not start from an old copy.
  const [{ data, fetching, error }, reexecute] = useQuery({ query: myProfileQuery, requestPolicy: 'network-only' })
  const me = data?.me
  return (
    <>
      <PageHeader title="My profile">
        <p>
          What you can teach and what you want to learn. Each expertise item and learning objective is matched on
          its own, so keep one topic per item.
        </p>
      </PageHeader>
      {me ? (
        // Mounted once with what was loaded: a later refetch never overwrites what is being typed.
        <>
          <ProfileForm profile={me.profile ?? null} />
          <MyData />
        </>
      ) : fetching || (!error && !data) ? (
        <Loading label="Loading your profile…" />
      ) : (
        <ErrorMessage
          error={error ?? { code: 'UNAUTHENTICATED', message: '' }}
          action={<Button onClick={() => reexecute({ requestPolicy: 'network-only' })}>Try again</Button>}
        />
      )}
    </>
  )
}

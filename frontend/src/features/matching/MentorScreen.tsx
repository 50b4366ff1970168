import { useState } from 'react'
import { Link, useParams } from 'react-router'
import { useQuery } from 'urql'
import { Button } from '@/components/ui'
import { graphql } from '@/gql'
import { useViewer } from '@/lib/auth'
import { useMyMatchingProfile } from './myProfile'
import { ParticipantView } from './ParticipantView'
import { ReportAction } from './ReportDialog'
import { PendingNotice, usePendingWith } from './pendingRequests'
import { focusProposalButton, proposalButtonId } from './ProposalDialog'
import { RequestDialog } from './RequestDialog'

export const mentorProfileQuery = graphql(`
  query MentorProfile($id: ID!) {
    profile(id: $id) {
      canMentor
      acceptingRequests
      headline
      user {
        id
        displayName
        email
      }
      ...ProfileDetails_profile
    }
  }
`)

/** A mentor's page (/mentors/:id): their whole profile and the Request button. */
export function MentorScreen() {
  const { id = '' } = useParams()
  const [{ data, fetching, error }, reexecute] = useQuery({ query: mentorProfileQuery, variables: { id } })
  const { viewer } = useViewer()
  const me = useMyMatchingProfile()
  const profile = data?.profile ?? null
  const isMe = profile !== null && profile.user.id === viewer?.id
  const pending = usePendingWith(profile?.user.id, isMe)
  const [asking, setAsking] = useState(false)
  const [status, setStatus] = useState<string | null>(null)

  let action = null
  if (profile && !isMe) {
    const name = profile.user.displayName
    // The same element as the Request button it replaces, so the focus stays on it.
    const requestedButton = (
      <Button id={proposalButtonId(profile.user.id)} aria-disabled="true" aria-label={`Requested ${name}`} className="button--done">
        Requested
      </Button>
    )
    if (status) action = requestedButton
    else if (pending) action = <PendingNotice pending={pending} name={name} />
    else if (profile.user.email && !viewer?.isAdmin) {
      action = (
        <p className="participant__note">
          You two have an active mentorship: see <Link to="/mentorships">Mentorships</Link>.
        </p>
      )
    } else if (!profile.canMentor) {
      action = <p className="participant__note">{name} does not mentor at the moment.</p>
    } else if (!profile.acceptingRequests) {
      action = <p className="participant__note">{name} is not accepting requests right now.</p>
    } else {
      action = (
        <Button id={proposalButtonId(profile.user.id)} variant="primary" aria-label={`Request ${name}`} onClick={() => setAsking(true)}>
          Request
        </Button>
      )
    }
  }

  return (
    <>
      <ParticipantView
        as="mentor"
        loading={fetching && !data}
        error={data ? undefined : error}
        retry={() => reexecute({ requestPolicy: 'network-only' })}
        person={
          profile && { displayName: profile.user.displayName, headline: profile.headline, details: profile }
        }
        isMe={isMe}
        action={action}
        status={status}
        report={profile && <ReportAction person={profile.user} />}
      />
      {asking && profile && (
        <RequestDialog
          mentor={profile.user}
          objectives={me.objectives}
          onClose={() => setAsking(false)}
          onSent={(mentor) => {
            setAsking(false)
            setStatus(`Request sent to ${mentor.displayName}.`)
            focusProposalButton(mentor.id)
          }}
        />
      )}
    </>
  )
}

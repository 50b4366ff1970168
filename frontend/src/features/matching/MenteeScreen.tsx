import { useState } from 'react'
import { Link, useParams } from 'react-router'
import { useQuery } from 'urql'
import { Button } from '@/components/ui'
import { graphql } from '@/gql'
import { useViewer } from '@/lib/auth'
import { InviteDialog } from './InviteDialog'
import { focusProposalButton, proposalButtonId } from './ProposalDialog'
import { ParticipantView } from './ParticipantView'
import { ReportAction } from './ReportDialog'
import { PendingNotice, usePendingWith } from './pendingRequests'

export const menteeProfileQuery = graphql(`
  query MenteeProfile($id: ID!) {
    profile(id: $id) {
      seeksMentoring
      objectives
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

/** A mentee's page (/mentees/:id): their whole profile and, for mentors, the Invite button. */
export function MenteeScreen() {
  const { id = '' } = useParams()
  const [{ data, fetching, error }, reexecute] = useQuery({ query: menteeProfileQuery, variables: { id } })
  const { viewer } = useViewer()
  const profile = data?.profile ?? null
  const isMe = profile !== null && profile.user.id === viewer?.id
  const pending = usePendingWith(profile?.user.id, isMe)
  const [inviting, setInviting] = useState(false)
  const [status, setStatus] = useState<string | null>(null)

  let action = null
  if (profile && !isMe) {
    const name = profile.user.displayName
    // The same element as the Invite button it replaces, so the focus stays on it.
    const invitedButton = (
      <Button id={proposalButtonId(profile.user.id)} aria-disabled="true" aria-label={`Invited ${name}`} className="button--done">
        Invited
      </Button>
    )
    if (status) action = invitedButton
    else if (pending) action = <PendingNotice pending={pending} name={name} />
    else if (profile.user.email && !viewer?.isAdmin) {
      action = (
        <p className="participant__note">
          You two have an active mentorship: see <Link to="/mentorships">Mentorships</Link>.
        </p>
      )
    } else if (!viewer?.profile?.canMentor) {
      action = (
        <p className="participant__note">
          To invite {name}, turn on “I can mentor” in <Link to="/profile">My profile</Link>.
        </p>
      )
    } else if (!profile.seeksMentoring) {
      action = <p className="participant__note">{name} is not looking for a mentor at the moment.</p>
    } else {
      action = (
        <Button id={proposalButtonId(profile.user.id)} variant="primary" aria-label={`Invite ${name}`} onClick={() => setInviting(true)}>
          Invite
        </Button>
      )
    }
  }

  return (
    <>
      <ParticipantView
        as="mentee"
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
      {inviting && profile && (
        <InviteDialog
          mentee={profile.user}
          objectives={profile.objectives}
          onClose={() => setInviting(false)}
          onSent={(mentee) => {
            setInviting(false)
            setStatus(`Invitation sent to ${mentee.displayName}.`)
            focusProposalButton(mentee.id)
          }}
        />
      )}
    </>
  )
}

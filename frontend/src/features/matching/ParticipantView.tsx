import type { ReactNode } from 'react'
import { Link } from 'react-router'
import type { CombinedError } from 'urql'
import { Button, EmptyState, ErrorMessage, FormStatus, Loading, PageHeader } from '@/components/ui'
import type { FragmentType } from '@/gql'
import { ProfileDetails, type ProfileDetailsFragment } from './ProfileDetails'
import './matching.css'

export interface ParticipantViewProps {
  as: 'mentor' | 'mentee'
  loading: boolean
  error: CombinedError | undefined
  retry: () => void
  /** Null: no such profile, or not visible to me. */
  person: { displayName: string; headline: string | null; details: FragmentType<typeof ProfileDetailsFragment> } | null
  isMe: boolean
  /** The Request / Invite button, or why there is none. */
  action: ReactNode
  status: string | null
  /** The Report action (not on my own profile). */
  report?: ReactNode
}

/** A mentor's or mentee's page: loading, error and not-found states, then the name, action and profile. */
export function ParticipantView({ as, loading, error, retry, person, isMe, action, status, report }: ParticipantViewProps) {
  const role = as === 'mentor' ? 'Mentor' : 'Mentee'
  const list = as === 'mentor' ? { to: '/mentors', label: 'Find a mentor' } : { to: '/mentees', label: 'Find a mentee' }
  if (loading) {
    return (
      <div className="matching">
        <PageHeader title={role} />
        <Loading />
      </div>
    )
  }
  if (error) {
    return (
      <div className="matching">
        <PageHeader title={role} />
        <ErrorMessage error={error} action={<Button onClick={retry}>Try again</Button>} />
      </div>
    )
  }
  if (!person) {
    return (
      <div className="matching">
        <PageHeader title={`${role} not found`} />
        <EmptyState title="No profile here" action={<Link to={list.to}>Back to {list.label}</Link>}>
          <p>This profile does not exist, or it is not visible to you.</p>
        </EmptyState>
      </div>
    )
  }
  return (
    <div className="matching participant">
      <PageHeader title={person.displayName}>{person.headline && <p>{person.headline}</p>}</PageHeader>
      <div className="participant__action">{action}</div>
      <FormStatus message={status} />
      {isMe && (
        <p className="participant__note">
          This is how others see your profile. <Link to="/profile">Edit it in My profile</Link>.
        </p>
      )}
      <ProfileDetails profile={person.details} as={as} isMe={isMe} />
      {!isMe && report}
    </div>
  )
}

import { useCallback, useState } from 'react'
import { Link } from 'react-router'
import { EmptyState, PageHeader } from '@/components/ui'
import { useViewer } from '@/lib/auth'
import { ProgrammeSettingsForm } from './ProgrammeSettingsForm'
import './programme.css'

function AdminsOnly() {
  return (
    <EmptyState title="Only admins can see this" action={<Link to="/mentors">Go to Find a mentor</Link>}>
      <p>The programme’s settings are for the people who run the programme.</p>
    </EmptyState>
  )
}

/**
 * Programme (/programme), for admins: the programme's settings (score weights, direction, limits and
 * how often check-ins are asked for). Its figures are on Analytics, one place for every figure. A
 * participant who opens it is told it is for admins, not shown an error.
 */
export function ProgrammeScreen() {
  const { viewer } = useViewer()
  // The API says FORBIDDEN when the viewer's admin rights went since `me` was read.
  const [forbidden, setForbidden] = useState(false)
  const onForbidden = useCallback(() => setForbidden(true), [])
  const admin = (viewer?.isAdmin ?? false) && !forbidden

  return (
    <div className="programme">
      <PageHeader title="Programme">
        {admin && (
          <p>
            How matching works and how often check-ins are asked for. How the programme is going (requests, ratings,
            check-ins, sessions, mentees waiting) is on <Link to="/admin/analytics">Analytics</Link>.
          </p>
        )}
      </PageHeader>
      {admin ? <ProgrammeSettingsForm onForbidden={onForbidden} /> : <AdminsOnly />}
    </div>
  )
}

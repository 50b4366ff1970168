import { createContext, useCallback, useContext, useState, type ReactNode } from 'react'
import { Link, NavLink } from 'react-router'
import { EmptyState, PageHeader } from '@/components/ui'
import { useViewer } from '@/lib/auth'
import './admin.css'

const SECTIONS = [
  { to: '/admin/users', label: 'Users' },
  { to: '/admin/reports', label: 'Reports' },
  { to: '/admin/audit', label: 'Audit log' },
  { to: '/admin/analytics', label: 'Analytics' },
  { to: '/admin/skill-gaps', label: 'Skill gaps' },
  { to: '/admin/cohorts', label: 'Cohort matching' },
  { to: '/admin/import', label: 'Import' },
  { to: '/programme', label: 'Programme' },
] as const

/** Lets a screen's query say the API refused it (FORBIDDEN: admin rights gone since `me` was read). */
const ForbiddenContext = createContext<() => void>(() => {})

export function useAdminForbidden(): () => void {
  return useContext(ForbiddenContext)
}

function AdminsOnly() {
  return (
    <EmptyState title="Only admins can see this" action={<Link to="/mentors">Go to Find a mentor</Link>}>
      <p>The admin console is for the people who run the programme.</p>
    </EmptyState>
  )
}

/**
 * Every admin screen: its one h1, the console's own navigation, then the screen, for admins only.
 * A participant who opens it (or an admin whose rights went) is told so, and no admin query runs.
 */
export function AdminPage({ title, intro, children }: { title: string; intro?: ReactNode; children: ReactNode }) {
  const { viewer } = useViewer()
  const [forbidden, setForbidden] = useState(false)
  const onForbidden = useCallback(() => setForbidden(true), [])
  const admin = (viewer?.isAdmin ?? false) && !forbidden
  return (
    <div className="admin">
      <PageHeader title={title} documentTitle={admin ? `${title} · Admin` : title}>
        {admin && intro}
      </PageHeader>
      {admin ? (
        <>
          <nav aria-label="Admin" className="admin__nav">
            <ul className="tabs__list admin__tabs">
              {SECTIONS.map((section) => (
                <li key={section.to}>
                  <NavLink to={section.to} className="tabs__link">
                    {section.label}
                  </NavLink>
                </li>
              ))}
            </ul>
          </nav>
          <ForbiddenContext.Provider value={onForbidden}>{children}</ForbiddenContext.Provider>
        </>
      ) : (
        <AdminsOnly />
      )}
    </div>
  )
}

import { Link, NavLink, Outlet } from 'react-router'
import { SignOutButton } from '@/features/auth/SignOutButton'
import { NotificationBell } from '@/features/notifications/NotificationBell'
import { useViewer } from '@/lib/auth'

function MainNav({ canMentor, isAdmin }: { canMentor: boolean; isAdmin: boolean }) {
  const links = [
    { to: '/mentors', label: 'Find a mentor' },
    ...(canMentor ? [{ to: '/mentees', label: 'Find a mentee' }] : []),
    { to: '/requests', label: 'Requests' },
    { to: '/mentorships', label: 'Mentorships' },
    { to: '/profile', label: 'My profile' },
    ...(isAdmin
      ? [
          { to: '/admin', label: 'Admin' },
          { to: '/programme', label: 'Programme' },
        ]
      : []),
  ]
  return (
    <nav aria-label="Main" className="nav">
      <ul className="nav__list">
        {links.map((link) => (
          <li key={link.to}>
            {/* NavLink marks the current section with aria-current="page". */}
            <NavLink to={link.to} className="nav__link">
              {link.label}
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  )
}

/** Every signed-in screen: skip link, header (name, main nav, bell, sign out), then the screen. */
export function AppLayout() {
  const { viewer } = useViewer()
  return (
    <>
      <a href="#main" className="skip-link">
        Skip to content
      </a>
      <header className="header">
        <div className="header__inner">
          <Link to="/" className="header__brand">
            mentormatch
          </Link>
          <MainNav canMentor={viewer?.profile?.canMentor ?? false} isAdmin={viewer?.isAdmin ?? false} />
          <div className="header__actions">
            <NotificationBell />
            <NavLink to="/settings/email" className="nav__link">
              Email settings
            </NavLink>
            {viewer && (
              <span className="header__user" title={viewer.email ?? undefined}>
                {viewer.displayName}
              </span>
            )}
            <SignOutButton />
          </div>
        </div>
      </header>
      <main id="main" tabIndex={-1} className="page">
        <Outlet />
      </main>
    </>
  )
}

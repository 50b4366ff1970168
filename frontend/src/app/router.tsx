import { createBrowserRouter, Navigate, type RouteObject } from 'react-router'
import { Loading } from '@/components/ui'
import { SignInScreen } from '@/features/auth/SignInScreen'
import { SignUpScreen } from '@/features/auth/SignUpScreen'
import { ResetPasswordScreen } from '@/features/auth/ResetPasswordScreen'
import { RedirectIfSignedIn, RequireAuth } from './auth'
import { AppLayout } from './layouts/AppLayout'
import { NotFound } from './routes/NotFound'
import { RouteError } from './routes/RouteError'

// The signed-in screens load on first visit (one chunk per feature), so the sign-in page, the first
// thing anyone sees, does not wait for the whole app.
const matching = () => import('@/features/matching')
const admin = () => import('@/features/admin')

/** Every route of the web app (ui-contract.md); exported for tests with createMemoryRouter. */
export const routes: RouteObject[] = [
  {
    errorElement: <RouteError />,
    // Shown while the first screen's chunk loads.
    hydrateFallbackElement: (
      <main id="main" className="page page--centered">
        <Loading />
      </main>
    ),
    children: [
      {
        element: <RedirectIfSignedIn />,
        children: [
          { path: '/signin', element: <SignInScreen /> },
          { path: '/signup', element: <SignUpScreen /> },
        ],
      },
      // Whoever holds the link, signed in or not.
      { path: '/reset-password', element: <ResetPasswordScreen /> },
      {
        element: (
          <RequireAuth>
            <AppLayout />
          </RequireAuth>
        ),
        children: [
          { path: '/', element: <Navigate to="/mentors" replace /> },
          {
            path: '/profile',
            lazy: async () => ({ Component: (await import('@/features/profile/ProfileScreen')).ProfileScreen }),
          },
          {
            path: '/mentors',
            lazy: async () => ({ Component: (await matching()).FindMentorScreen }),
          },
          {
            path: '/mentors/:id',
            lazy: async () => ({ Component: (await matching()).MentorScreen }),
          },
          {
            path: '/mentees',
            lazy: async () => ({ Component: (await matching()).FindMenteeScreen }),
          },
          {
            path: '/mentees/:id',
            lazy: async () => ({ Component: (await matching()).MenteeScreen }),
          },
          {
            path: '/requests',
            lazy: async () => ({ Component: (await import('@/features/requests/RequestsScreen')).RequestsScreen }),
          },
          {
            path: '/mentorships',
            lazy: async () => ({ Component: (await import('@/features/mentorships/MentorshipsScreen')).MentorshipsScreen }),
          },
          {
            path: '/mentorships/:id',
            lazy: async () => ({ Component: (await import('@/features/mentorships/MentorshipScreen')).MentorshipScreen }),
          },
          {
            path: '/notifications',
            lazy: async () => ({ Component: (await import('@/features/notifications/NotificationsScreen')).NotificationsScreen }),
          },
          { path: '/admin', element: <Navigate to="/admin/users" replace /> },
          {
            path: '/admin/users',
            lazy: async () => ({ Component: (await admin()).UsersScreen }),
          },
          {
            path: '/admin/users/:id',
            lazy: async () => ({ Component: (await admin()).UserScreen }),
          },
          {
            path: '/admin/reports',
            lazy: async () => ({ Component: (await admin()).ReportsScreen }),
          },
          {
            path: '/admin/audit',
            lazy: async () => ({ Component: (await admin()).AuditScreen }),
          },
          {
            path: '/admin/cohorts',
            lazy: async () => ({ Component: (await admin()).CohortStartScreen }),
          },
          {
            path: '/admin/cohorts/:id',
            lazy: async () => ({ Component: (await admin()).CohortProposalScreen }),
          },
          {
            path: '/admin/import',
            lazy: async () => ({ Component: (await admin()).ImportScreen }),
          },
          {
            path: '/admin/skill-gaps',
            lazy: async () => ({ Component: (await admin()).SkillGapScreen }),
          },
          {
            path: '/admin/skill-gaps/:index',
            lazy: async () => ({ Component: (await admin()).SkillGapTopicScreen }),
          },
          {
            path: '/skill-gap',
            lazy: async () => ({ Component: (await import('@/features/profile/MySkillGapScreen')).MySkillGapScreen }),
          },
          {
            // Its own chunk: the charts library loads only for this screen.
            path: '/admin/analytics',
            lazy: async () => ({ Component: (await import('@/features/admin/analytics/AnalyticsScreen')).AnalyticsScreen }),
          },
          {
            path: '/programme',
            lazy: async () => ({ Component: (await import('@/features/programme/ProgrammeScreen')).ProgrammeScreen }),
          },
        ],
      },
      { path: '*', element: <NotFound /> },
    ],
  },
]

export function createAppRouter() {
  return createBrowserRouter(routes)
}

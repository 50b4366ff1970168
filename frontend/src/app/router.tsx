import { createBrowserRouter, Navigate, type RouteObject } from 'react-router'
import { SignInScreen } from '@/features/auth/SignInScreen'
import { SignUpScreen } from '@/features/auth/SignUpScreen'
import { FindMenteeScreen } from '@/features/matching/FindMenteeScreen'
import { FindMentorScreen } from '@/features/matching/FindMentorScreen'
import { MenteeScreen } from '@/features/matching/MenteeScreen'
import { MentorScreen } from '@/features/matching/MentorScreen'
import { MentorshipsScreen } from '@/features/mentorships/MentorshipsScreen'
import { NotificationsScreen } from '@/features/notifications/NotificationsScreen'
import { ProfileScreen } from '@/features/profile/ProfileScreen'
import { RequestsScreen } from '@/features/requests/RequestsScreen'
import { RedirectIfSignedIn, RequireAuth } from './auth'
import { AppLayout } from './layouts/AppLayout'
import { NotFound } from './routes/NotFound'
import { RouteError } from './routes/RouteError'

/** Every route of the web app (ui-contract.md); exported for tests with createMemoryRouter. */
export const routes: RouteObject[] = [
  {
    errorElement: <RouteError />,
    children: [
      {
        element: <RedirectIfSignedIn />,
        children: [
          { path: '/signin', element: <SignInScreen /> },
          { path: '/signup', element: <SignUpScreen /> },
        ],
      },
      {
        element: (
          <RequireAuth>
            <AppLayout />
          </RequireAuth>
        ),
        children: [
          { path: '/', element: <Navigate to="/mentors" replace /> },
          { path: '/profile', element: <ProfileScreen /> },
          { path: '/mentors', element: <FindMentorScreen /> },
          { path: '/mentors/:id', element: <MentorScreen /> },
          { path: '/mentees', element: <FindMenteeScreen /> },
          { path: '/mentees/:id', element: <MenteeScreen /> },
          { path: '/requests', element: <RequestsScreen /> },
          { path: '/mentorships', element: <MentorshipsScreen /> },
          { path: '/notifications', element: <NotificationsScreen /> },
        ],
      },
      { path: '*', element: <NotFound /> },
    ],
  },
]

export function createAppRouter() {
  return createBrowserRouter(routes)
}

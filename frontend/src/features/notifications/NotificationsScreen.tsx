import { PageHeader } from '@/components/ui'

// Placeholder: the feature's helper replaces this screen.
export function NotificationsScreen() {
  return (
    <PageHeader title="Notifications">
      <p>Coming soon</p>
    </PageHeader>
  )
}

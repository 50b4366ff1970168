import { PageHeader } from '@/components/ui'

// Placeholder: the feature's helper replaces this screen.
export function ProfileScreen() {
  return (
    <PageHeader title="My profile">
      <p>Coming soon</p>
    </PageHeader>
  )
}

import { PageHeader } from '@/components/ui'

// Placeholder: the feature's helper replaces this screen.
export function RequestsScreen() {
  return (
    <PageHeader title="Requests">
      <p>Coming soon</p>
    </PageHeader>
  )
}

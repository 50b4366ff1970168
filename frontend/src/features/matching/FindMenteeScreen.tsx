import { PageHeader } from '@/components/ui'

// Placeholder: the feature's helper replaces this screen.
export function FindMenteeScreen() {
  return (
    <PageHeader title="Find a mentee">
      <p>Coming soon</p>
    </PageHeader>
  )
}

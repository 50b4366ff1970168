import { PageHeader } from '@/components/ui'

// Placeholder: the feature's helper replaces this screen.
export function FindMentorScreen() {
  return (
    <PageHeader title="Find a mentor">
      <p>Coming soon</p>
    </PageHeader>
  )
}

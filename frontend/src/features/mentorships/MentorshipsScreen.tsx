import { PageHeader } from '@/components/ui'

// Placeholder: the feature's helper replaces this screen.
export function MentorshipsScreen() {
  return (
    <PageHeader title="Mentorships">
      <p>Coming soon</p>
    </PageHeader>
  )
}

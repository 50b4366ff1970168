import { PageHeader } from '@/components/ui'

// Placeholder: the matching helper replaces this screen (the whole profile and its action button).
export function MentorScreen() {
  return (
    <PageHeader title="Mentor">
      <p>Coming soon</p>
    </PageHeader>
  )
}

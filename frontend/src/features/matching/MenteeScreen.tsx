import { PageHeader } from '@/components/ui'

// Placeholder: the matching helper replaces this screen (the whole profile and its action button).
export function MenteeScreen() {
  return (
    <PageHeader title="Mentee">
      <p>Coming soon</p>
    </PageHeader>
  )
}

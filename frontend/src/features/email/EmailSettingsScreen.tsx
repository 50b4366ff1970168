import { useEffect, useState, type FormEvent } from 'react'
import { useMutation, useQuery } from 'urql'
import { Button, EmptyState, ErrorMessage, FormStatus, Loading, PageHeader, Select } from '@/components/ui'
import { graphql } from '@/gql'
import type { EmailDelivery, EmailKind } from '@/gql/graphql'
import { describeError, formErrors } from '@/lib/errors'

export const emailSettingsQuery = graphql(`
  query EmailSettings {
    emailSettings {
      enabled
      digestHour
      choices {
        kind
        label
        delivery
      }
    }
  }
`)

export const setEmailDeliveryMutation = graphql(`
  mutation SetEmailDelivery($input: SetEmailDeliveryInput!) {
    setEmailDelivery(input: $input) {
      emailSettings {
        enabled
        digestHour
        choices {
          kind
          label
          delivery
        }
      }
      errors {
        code
        message
        field
      }
    }
  }
`)

const DELIVERIES: readonly { value: EmailDelivery; label: string }[] = [
  { value: 'IMMEDIATELY', label: 'Immediately' },
  { value: 'DAILY_DIGEST', label: 'In a daily digest' },
  { value: 'NEVER', label: 'Never' },
]

function hourLabel(hour: number): string {
  return `${String(hour).padStart(2, '0')}:00`
}

/**
 * /settings/email: for each kind of email, immediately, in one daily digest, or never. Only the kinds
 * that changed are sent; an email's own unsubscribe link sets its kind to never.
 */
export function EmailSettingsScreen() {
  const [{ data, fetching, error }] = useQuery({ query: emailSettingsQuery })
  const [{ fetching: saving }, save] = useMutation(setEmailDeliveryMutation)
  const [chosen, setChosen] = useState<Record<string, EmailDelivery>>({})
  const [problems, setProblems] = useState<string[]>([])
  const [status, setStatus] = useState<string | null>(null)
  const settings = data?.emailSettings

  useEffect(() => {
    if (settings) setChosen(Object.fromEntries(settings.choices.map((c) => [c.kind, c.delivery])))
  }, [settings])

  if (fetching && !settings) return <Loading />
  if (!settings) return <ErrorMessage>{describeError(error ?? null)}</ErrorMessage>

  const changed = settings.choices.filter((c) => chosen[c.kind] && chosen[c.kind] !== c.delivery)

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    setStatus(null)
    setProblems([])
    // One request per delivery chosen, each naming its kinds.
    const byDelivery = new Map<EmailDelivery, EmailKind[]>()
    for (const choice of changed) {
      const delivery = chosen[choice.kind]!
      byDelivery.set(delivery, [...(byDelivery.get(delivery) ?? []), choice.kind])
    }
    for (const [delivery, kinds] of byDelivery) {
      const result = await save({ input: { kinds, delivery } })
      const payload = result.data?.setEmailDelivery
      if (result.error || !payload) return setProblems([describeError(result.error ?? null)])
      if (payload.errors.length > 0) return setProblems(formErrors(payload.errors).concat(payload.errors.map((e) => e.message)))
    }
    setStatus('Your email choices are saved.')
  }

  return (
    <>
      <PageHeader title="Email">
        <p>
          Choose which emails reach you when you are not in the app. A daily digest arrives at {hourLabel(settings.digestHour)} in
          the time zone of your profile.
        </p>
      </PageHeader>
      {!settings.enabled && (
        <EmptyState title="This programme does not send email yet">
          <p>Your choices are kept and apply once it does.</p>
        </EmptyState>
      )}
      <form className="form card" onSubmit={handleSubmit} aria-label="Email choices" noValidate>
        <ErrorMessage>{problems.length > 0 ? problems.join(' ') : null}</ErrorMessage>
        {settings.choices.map((choice) => (
          <Select
            key={choice.kind}
            label={choice.label}
            options={DELIVERIES}
            value={chosen[choice.kind] ?? choice.delivery}
            onChange={(event) => setChosen({ ...chosen, [choice.kind]: event.target.value as EmailDelivery })}
          />
        ))}
        <p className="field__description">Password reset links are always sent: you ask for them yourself.</p>
        <Button type="submit" variant="primary" pending={saving} disabled={changed.length === 0}>
          Save
        </Button>
        <FormStatus message={status} />
      </form>
    </>
  )
}

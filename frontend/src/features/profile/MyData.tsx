import { useId, useState, type FormEvent } from 'react'
import { useNavigate } from 'react-router'
import { useClient, useMutation, useQuery } from 'urql'
import { Button, buttonClass, Checkbox, Dialog, ErrorMessage, FormStatus, TextField } from '@/components/ui'
import { graphql } from '@/gql'
import { signInOptionsQuery } from '@/features/auth/SignInScreen'
import { useSession, useViewer } from '@/lib/auth'
import { describeError, fieldErrors, formErrors } from '@/lib/errors'
import { todayIsoDate } from '@/lib/format'

export const exportMyDataQuery = graphql(`
  query ExportMyData {
    exportMyData
  }
`)

export const deleteMyAccountMutation = graphql(`
  mutation DeleteMyAccount($input: DeleteMyAccountInput!) {
    deleteMyAccount(input: $input) {
      errors {
        code
        message
        field
      }
    }
  }
`)

/** The file name of a download made today: "mentormatch-my-data-2026-12-01.json". */
export function exportFileName(now: Date = new Date()): string {
  return `mentormatch-my-data-${todayIsoDate(now)}.json`
}

/** Hands `text` to the browser as a file download. */
function download(text: string, fileName: string) {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }))
  const link = document.createElement('a')
  link.href = url
  link.download = fileName
  document.body.append(link)
  link.click()
  link.remove()
  // After the browser has taken it.
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}

/** "Download my data": everything the platform holds about me, as one JSON file, asked for fresh. */
function DownloadMyData() {
  const client = useClient()
  const [busy, setBusy] = useState(false)
  const [status, setStatus] = useState<string | null>(null)
  const [problem, setProblem] = useState<string | null>(null)

  async function handleDownload() {
    setBusy(true)
    setStatus(null)
    setProblem(null)
    const result = await client.query(exportMyDataQuery, {}, { requestPolicy: 'network-only' }).toPromise()
    setBusy(false)
    if (result.error || result.data?.exportMyData === undefined) {
      setProblem(describeError(result.error ?? null))
      return
    }
    const fileName = exportFileName()
    download(JSON.stringify(result.data.exportMyData, null, 2), fileName)
    setStatus(`Downloaded ${fileName}.`)
  }

  return (
    <div className="my-data__part">
      <p>
        Everything mentormatch holds about you, as one file: your account, profile, requests, mentorships,
        check-ins, sessions, reports and notifications.
      </p>
      <ErrorMessage>{problem}</ErrorMessage>
      <div className="button-row">
        <Button onClick={handleDownload} pending={busy}>
          Download my data
        </Button>
      </div>
      <FormStatus message={status} />
    </div>
  )
}

/**
 * Confirms with the password, or, for an account without one (made by single sign-on), by a recent
 * sign-in: the API asks for a new one (REAUTHENTICATION_REQUIRED) and the dialog links to it.
 */
function DeleteAccountDialog({ onClose }: { onClose: () => void }) {
  const { viewer } = useViewer()
  const needsPassword = viewer?.hasPassword ?? true
  const [{ data: optionsData }] = useQuery({ query: signInOptionsQuery, pause: needsPassword })
  const sso = optionsData?.signInOptions.sso ?? null
  const [password, setPassword] = useState('')
  const [sure, setSure] = useState(false)
  const [problems, setProblems] = useState<{ password: string[]; sure: string[]; form: string[] }>({ password: [], sure: [], form: [] })
  const [signInAgain, setSignInAgain] = useState(false)
  const [{ fetching }, deleteAccount] = useMutation(deleteMyAccountMutation)
  const { resetSession } = useSession()
  const navigate = useNavigate()

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    if (fetching) return
    const missing = {
      password: !needsPassword || password ? [] : ['Enter your password to confirm it is you.'],
      sure: sure ? [] : ['Tick this to go ahead.'],
      form: [],
    }
    if (missing.password.length || missing.sure.length) return setProblems(missing)
    const result = await deleteAccount({ input: needsPassword ? { password } : {} })
    const payload = result.data?.deleteMyAccount
    if (result.error || !payload) return setProblems({ password: [], sure: [], form: [describeError(result.error ?? null)] })
    if (payload.errors.length > 0) {
      const { password: about = [], ...others } = fieldErrors(payload.errors)
      // A wrong password may come without a field: it is still about the password.
      const wrong = payload.errors.filter((error) => !error.field && error.code === 'INVALID_CREDENTIALS')
      const rest = formErrors(payload.errors.filter((error) => !wrong.includes(error)))
      setSignInAgain(payload.errors.some((error) => error.code === 'REAUTHENTICATION_REQUIRED'))
      return setProblems({
        password: [...about, ...wrong.map(() => 'That is not your password.')],
        sure: [],
        form: [...rest, ...Object.values(others).flat()],
      })
    }
    resetSession()
    navigate('/signin', { replace: true, state: { accountDeleted: true } })
  }

  return (
    <Dialog title="Delete your account" isOpen onOpenChange={(open) => !open && onClose()}>
      {(close) => (
        <form className="form" onSubmit={handleSubmit} noValidate>
          <ErrorMessage>{problems.form.length > 0 ? problems.form.join(' ') : null}</ErrorMessage>
          {signInAgain && sso && (
            // A page navigation: the provider's login is another site; it brings you back to My profile.
            <p>
              <a className={buttonClass('primary')} href={`${sso.startUrl}?next=${encodeURIComponent('/profile')}`}>
                {sso.label}
              </a>
            </p>
          )}
          <p>
            Your profile, everything you wrote, your name and your email are erased for good. Your active
            mentorships end and your pending requests are cancelled; the other people are told. Their own history
            keeps only “a former participant”.
          </p>
          {needsPassword ? (
            <TextField
              label="Password"
              type="password"
              autoComplete="current-password"
              value={password}
              onChange={(event) => setPassword(event.target.value)}
              error={problems.password}
            />
          ) : (
            <p>
              You sign in through your organisation, so there is no password to enter: a sign-in in the last 10
              minutes confirms it is you. Otherwise you are asked to sign in again first.
            </p>
          )}
          <Checkbox
            label="I understand this cannot be undone."
            checked={sure}
            onChange={(event) => setSure(event.target.checked)}
            error={problems.sure}
          />
          <div className="button-row">
            <Button type="submit" variant="danger" aria-busy={fetching || undefined}>
              Delete my account for good
            </Button>
            <Button onClick={close}>Cancel</Button>
          </div>
        </form>
      )}
    </Dialog>
  )
}

/** "Your data" on My profile: download it, or delete the account. */
export function MyData() {
  const headingId = useId()
  const [deleting, setDeleting] = useState(false)
  return (
    <section className="card my-data" aria-labelledby={headingId}>
      <h2 id={headingId}>Your data</h2>
      <DownloadMyData />
      <div className="my-data__part">
        <p>Leave mentormatch for good. Download your data first if you want to keep it.</p>
        <div className="button-row">
          <Button variant="danger" onClick={() => setDeleting(true)}>
            Delete my account
          </Button>
        </div>
      </div>
      {deleting && <DeleteAccountDialog onClose={() => setDeleting(false)} />}
    </section>
  )
}

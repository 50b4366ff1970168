import { useEffect, useId, useRef, useState, type FormEvent } from 'react'
import { Link } from 'react-router'
import { useMutation, type CombinedError } from 'urql'
import { Badge, Button, Dialog, ErrorMessage, TextArea } from '@/components/ui'
import { graphql, useFragment, type FragmentType } from '@/gql'
import { describeError, fieldErrors, formErrors, type UserErrorLike } from '@/lib/errors'
import { formatDate, formatDateTime } from '@/lib/format'
import { requestKind, requestNoun, requestOutcome, STATUS_BADGES, type Box } from './requestStatus'

export const requestCardFragment = graphql(`
  fragment RequestCard on MentorshipRequest {
    id
    status
    initiator
    message
    objectives
    reason
    createdAt
    expiresAt
    decidedAt
    mentor {
      id
      displayName
    }
    mentee {
      id
      displayName
    }
    sender {
      id
      displayName
    }
    recipient {
      id
      displayName
    }
    mentorship {
      id
    }
  }
`)

const acceptMutation = graphql(`
  mutation AcceptMentorshipRequest($id: ID!) {
    acceptMentorshipRequest(id: $id) {
      request {
        ...RequestCard
      }
      errors {
        code
        message
        field
      }
    }
  }
`)

const declineMutation = graphql(`
  mutation DeclineMentorshipRequest($id: ID!, $reason: String) {
    declineMentorshipRequest(id: $id, reason: $reason) {
      request {
        ...RequestCard
      }
      errors {
        code
        message
        field
      }
    }
  }
`)

const withdrawMutation = graphql(`
  mutation WithdrawMentorshipRequest($id: ID!) {
    withdrawMentorshipRequest(id: $id) {
      request {
        ...RequestCard
      }
      errors {
        code
        message
        field
      }
    }
  }
`)

// Every list of requests and mentorships is asked again after any of these, whatever the answer:
// a refusal (CONFLICT: "it was withdrawn meanwhile") also means the list is out of date.
const refreshLists = { additionalTypenames: ['MentorshipRequest', 'Mentorship'] }

type RequestRef = FragmentType<typeof requestCardFragment>
type Answer = { request: RequestRef | null; errors: readonly UserErrorLike[] } | undefined

export interface RequestCardProps {
  request: RequestRef
  box: Box
  /** The time "Expires in …" counts from. */
  now: number
  /** Says what an action did, in the screen's status region. */
  onDone: (message: string) => void
}

/** One request: who, what they wrote, its status and time left or outcome, and what I can do with it. */
export function RequestCard({ request: requestRef, box, now, onDone }: RequestCardProps) {
  const fromList = useFragment(requestCardFragment, requestRef)
  // The answer to my own action shows at once, before the list is fetched again.
  const [answered, setAnswered] = useState<RequestRef | null>(null)
  const answeredRequest = useFragment(requestCardFragment, answered)
  const request = answeredRequest?.id === fromList.id && fromList.status === 'PENDING' ? answeredRequest : fromList
  const [actionError, setActionError] = useState<string | null>(null)
  const [declining, setDeclining] = useState(false)
  const [focusCard, setFocusCard] = useState(0)
  const articleRef = useRef<HTMLElement>(null)
  const headingId = useId()

  const [{ fetching: accepting }, accept] = useMutation(acceptMutation)
  const [{ fetching: withdrawing }, withdraw] = useMutation(withdrawMutation)

  const other = box === 'incoming' ? request.sender : request.recipient
  const otherIsMentor = other.id === request.mentor.id
  const profilePath = `${otherIsMentor ? '/mentors' : '/mentees'}/${other.id}`
  const noun = requestNoun(request.initiator)
  const badge = STATUS_BADGES[request.status]
  const pending = request.status === 'PENDING'

  useEffect(() => {
    // The buttons just pressed are gone: keep the keyboard in this card, not at the top of the page.
    // After a frame, so that a closing dialog has given focus back first.
    if (focusCard === 0) return
    const frame = requestAnimationFrame(() => articleRef.current?.focus())
    return () => cancelAnimationFrame(frame)
  }, [focusCard])

  /** Shows the outcome of an action: the API's refusal in words, or the new state. */
  function settle(payload: Answer, error: CombinedError | undefined, done: string) {
    if (error || !payload) return setActionError(describeError(error ?? null))
    if (payload.errors.length > 0 || !payload.request) {
      return setActionError(payload.errors.map((problem) => describeError(problem)).join(' ') || describeError(null))
    }
    setActionError(null)
    setAnswered(payload.request)
    setFocusCard((count) => count + 1)
    onDone(done)
  }

  async function handleAccept() {
    const { data, error } = await accept({ id: request.id }, refreshLists)
    settle(
      data?.acceptMentorshipRequest,
      error,
      request.initiator === 'MENTEE'
        ? `You accepted ${other.displayName}’s request: you are now their mentor.`
        : `You accepted ${other.displayName}’s invitation: they are now your mentor.`,
    )
  }

  async function handleWithdraw() {
    const { data, error } = await withdraw({ id: request.id }, refreshLists)
    settle(data?.withdrawMentorshipRequest, error, `You withdrew your ${noun} to ${other.displayName}.`)
  }

  return (
    <article ref={articleRef} className="card request" aria-labelledby={headingId} tabIndex={-1}>
      <header className="request__header">
        <h2 id={headingId} className="request__name">
          <Link to={profilePath}>{other.displayName}</Link>
        </h2>
        <Badge tone={badge.tone}>{badge.label}</Badge>
      </header>
      <p className="request__kind">{requestKind(request.initiator, box, other.displayName)}</p>
      <blockquote className="request__message">{request.message}</blockquote>
      {request.objectives.length > 0 && (
        <div className="request__objectives">
          <p className="request__label">About these learning objectives:</p>
          <ul>
            {request.objectives.map((objective) => (
              <li key={objective}>{objective}</li>
            ))}
          </ul>
        </div>
      )}
      <p className="request__timing">
        <span>
          Sent <time dateTime={request.createdAt}>{formatDate(request.createdAt)}</time>
        </span>
        <span aria-hidden="true"> · </span>
        {pending ? (
          <time dateTime={request.expiresAt} title={formatDateTime(request.expiresAt)} className="request__expiry">
            {requestOutcome(request, box, other.displayName, now)}
          </time>
        ) : (
          <span className="request__outcome">{requestOutcome(request, box, other.displayName, now)}</span>
        )}
      </p>
      {!pending && request.reason && (
        <p className="request__reason">
          <span className="request__label">Reason:</span> {request.reason}
        </p>
      )}
      {request.status === 'ACCEPTED' && request.mentorship && (
        <p>
          <Link to="/mentorships">See the mentorship</Link>
        </p>
      )}
      <ErrorMessage>{actionError}</ErrorMessage>
      {pending && box === 'incoming' && (
        <div className="button-row">
          <Button variant="primary" onClick={handleAccept} pending={accepting}>
            Accept
          </Button>
          <Button onClick={() => setDeclining(true)} disabled={accepting}>
            Decline
          </Button>
        </div>
      )}
      {pending && box === 'outgoing' && (
        <div className="button-row">
          <Button onClick={handleWithdraw} pending={withdrawing}>
            Withdraw
          </Button>
        </div>
      )}
      <DeclineDialog
        isOpen={declining}
        onOpenChange={setDeclining}
        requestId={request.id}
        title={`Decline ${other.displayName}’s ${noun}`}
        otherName={other.displayName}
        onDeclined={(answer) => {
          setDeclining(false)
          setActionError(null)
          setAnswered(answer)
          setFocusCard((count) => count + 1)
          onDone(`You declined ${other.displayName}’s ${noun}.`)
        }}
      />
    </article>
  )
}

function DeclineDialog({
  isOpen,
  onOpenChange,
  requestId,
  title,
  otherName,
  onDeclined,
}: {
  isOpen: boolean
  onOpenChange: (open: boolean) => void
  requestId: string
  title: string
  otherName: string
  onDeclined: (request: RequestRef) => void
}) {
  const [reason, setReason] = useState('')
  const [errors, setErrors] = useState<{ reason?: string[]; form: string[] }>({ form: [] })
  const [{ fetching }, decline] = useMutation(declineMutation)

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    const result = await decline({ id: requestId, reason: reason.trim() || null }, refreshLists)
    const payload = result.data?.declineMentorshipRequest
    if (result.error || !payload) return setErrors({ form: [describeError(result.error ?? null)] })
    if (payload.errors.length > 0 || !payload.request) {
      const byField = fieldErrors(payload.errors)
      const { reason: reasonErrors, ...others } = byField
      setErrors({ reason: reasonErrors, form: [...formErrors(payload.errors), ...Object.values(others).flat()] })
      return
    }
    setErrors({ form: [] })
    setReason('')
    onDeclined(payload.request)
  }

  return (
    <Dialog title={title} isOpen={isOpen} onOpenChange={onOpenChange}>
      {(close) => (
        <form className="form" onSubmit={handleSubmit} noValidate>
          <TextArea
            label="Reason"
            description={`Optional. ${otherName} will see it (up to 500 characters).`}
            rows={3}
            value={reason}
            onChange={(event) => setReason(event.target.value)}
            error={errors.reason}
          />
          <ErrorMessage>{errors.form.length > 0 ? errors.form.join(' ') : null}</ErrorMessage>
          <div className="button-row">
            <Button type="submit" variant="danger" pending={fetching}>
              Decline request
            </Button>
            <Button onClick={close}>Cancel</Button>
          </div>
        </form>
      )}
    </Dialog>
  )
}

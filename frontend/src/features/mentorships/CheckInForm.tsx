import { useRef, useState, type FormEvent } from 'react'
import { useMutation } from 'urql'
import { Button, ErrorMessage, RadioGroup, TextArea, TextField } from '@/components/ui'
import { graphql } from '@/gql'
import { describeError, fieldErrors, formErrors } from '@/lib/errors'

const submitFeedbackMutation = graphql(`
  mutation SubmitFeedback($input: FeedbackInput!) {
    submitFeedback(input: $input) {
      feedback {
        id
        final
        createdAt
      }
      errors {
        code
        message
        field
      }
    }
  }
`)

export const RATINGS = [
  { value: '1', label: '1 Poor' },
  { value: '2', label: '2 Fair' },
  { value: '3', label: '3 Good' },
  { value: '4', label: '4 Very good' },
  { value: '5', label: '5 Excellent' },
] as const

/** "4 / 5, Very good" */
export function ratingWords(rating: number): string {
  const label = RATINGS.find((each) => each.value === String(rating))?.label.replace(/^\d\s/, '')
  return label ? `${rating} / 5, ${label}` : `${rating} / 5`
}

const FIT_OPTIONS = [
  { value: 'yes', label: 'Yes' },
  { value: 'no', label: 'No' },
] as const

export const COMMENT_LIMIT = 2000

type Rating = (typeof RATINGS)[number]['value']
type Fit = (typeof FIT_OPTIONS)[number]['value']

interface Problems {
  rating?: string[]
  goodFit?: string[]
  comment?: string[]
  /** By objective (its text), whatever its index in what was sent. */
  progress: Record<string, string[]>
  form: string[]
}

const NO_PROBLEMS: Problems = { progress: {}, form: [] }

const PROGRESS_PATH = /^objectiveProgress\[(\d+)\]\.(progress|objective)$/

function isWholePercent(text: string): boolean {
  return /^\d{1,3}$/.test(text) && Number(text) <= 100
}

/** After React has marked the fields: the first one at fault (a radio group: its chosen or first radio). */
export function focusFirstInvalid(form: HTMLFormElement | null) {
  requestAnimationFrame(() => {
    const invalid = form?.querySelector<HTMLElement>('[aria-invalid="true"]')
    const target = invalid?.matches('[role="radiogroup"]')
      ? (invalid.querySelector<HTMLElement>('input:checked') ?? invalid.querySelector<HTMLElement>('input'))
      : invalid
    target?.focus()
  })
}

// Asked again: the mentorship (due, allowed, next date, the re-match offer) and its check-ins.
const refresh = { additionalTypenames: ['Mentorship', 'Feedback'] }

export interface CheckInFormProps {
  mentorshipId: string
  objectives: readonly string[]
  /** After the end: the final check-in. */
  final: boolean
  partnerName: string
  onSaved: (message: string) => void
}

/** A check-in: a rating 1-5, whether it is a good fit, progress per objective (optional), a comment (optional). */
export function CheckInForm({ mentorshipId, objectives, final, partnerName, onSaved }: CheckInFormProps) {
  const [rating, setRating] = useState<Rating | null>(null)
  const [fit, setFit] = useState<Fit | null>(null)
  const [progress, setProgress] = useState<Record<string, string>>({})
  const [comment, setComment] = useState('')
  const [problems, setProblems] = useState<Problems>(NO_PROBLEMS)
  const [{ fetching }, submit] = useMutation(submitFeedbackMutation)
  const formRef = useRef<HTMLFormElement>(null)

  function check(): Problems | null {
    const found: Problems = { progress: {}, form: [] }
    if (!rating) found.rating = ['Choose a rating from 1 to 5.']
    if (!fit) found.goodFit = ['Say whether this is a good fit.']
    for (const objective of objectives) {
      const text = (progress[objective] ?? '').trim()
      if (text && !isWholePercent(text)) found.progress[objective] = ['Enter a whole number from 0 to 100, or leave it empty.']
    }
    if (comment.length > COMMENT_LIMIT) {
      found.comment = [`Must be at most 2,000 characters (got ${comment.length.toLocaleString('en-GB')}).`]
    }
    const any = found.rating || found.goodFit || found.comment || Object.keys(found.progress).length > 0
    return any ? found : null
  }

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    if (fetching) return
    const local = check()
    if (local) {
      setProblems(local)
      return focusFirstInvalid(formRef.current)
    }
    setProblems(NO_PROBLEMS)
    // Only the objectives given a figure are sent; the API's indices are into this list.
    const sent = objectives.filter((objective) => (progress[objective] ?? '').trim() !== '')
    const input = {
      mentorshipId,
      rating: Number(rating),
      goodFit: fit === 'yes',
      ...(sent.length > 0 && {
        objectiveProgress: sent.map((objective) => ({ objective, progress: Number(progress[objective]!.trim()) })),
      }),
      comment: comment.trim() || null,
    }
    const { data, error } = await submit({ input }, refresh)
    const payload = data?.submitFeedback
    if (error || !payload) return setProblems({ ...NO_PROBLEMS, form: [describeError(error ?? null)] })
    if (payload.errors.length > 0 || !payload.feedback) {
      const { rating: ratingErrors, goodFit: fitErrors, comment: commentErrors, ...others } = fieldErrors(payload.errors)
      const next: Problems = { rating: ratingErrors, goodFit: fitErrors, comment: commentErrors, progress: {}, form: formErrors(payload.errors) }
      for (const [field, messages] of Object.entries(others)) {
        const match = PROGRESS_PATH.exec(field)
        const objective = match ? sent[Number(match[1])] : undefined
        if (objective) next.progress[objective] = [...(next.progress[objective] ?? []), ...messages]
        else next.form.push(...messages)
      }
      const shown = next.rating || next.goodFit || next.comment || next.form.length > 0 || Object.keys(next.progress).length > 0
      if (!shown) next.form.push(describeError(payload.errors[0] ?? null))
      setProblems(next)
      return focusFirstInvalid(formRef.current)
    }
    setRating(null)
    setFit(null)
    setProgress({})
    setComment('')
    onSaved(payload.feedback.final ? 'Your final check-in is saved. Thank you.' : 'Your check-in is saved. Thank you.')
  }

  const counter = `${comment.length.toLocaleString('en-GB')} / 2,000 characters.`
  return (
    <form ref={formRef} className="form check-in" onSubmit={handleSubmit} noValidate aria-label={final ? 'Final check-in' : 'Check-in'}>
      <RadioGroup
        label={final ? 'Overall, how did it go?' : 'How is it going?'}
        options={RATINGS}
        value={rating}
        onChange={setRating}
        error={problems.rating}
        inline
        required
      />
      <RadioGroup
        label={`Is ${partnerName} a good fit for you?`}
        options={FIT_OPTIONS}
        value={fit}
        onChange={setFit}
        error={problems.goodFit}
        inline
        required
      />
      {objectives.length > 0 && (
        <fieldset className="check-in__progress">
          <legend className="field__label">Progress on each objective (optional)</legend>
          <p className="field__description">How far along you are on each, in percent from 0 to 100. Leave empty what you cannot say yet.</p>
          {objectives.map((objective) => (
            <TextField
              key={objective}
              label={objective}
              type="number"
              inputMode="numeric"
              min={0}
              max={100}
              step={5}
              className="check-in__percent"
              value={progress[objective] ?? ''}
              onChange={(event) => setProgress((current) => ({ ...current, [objective]: event.target.value }))}
              error={problems.progress[objective]}
            />
          ))}
        </fieldset>
      )}
      <TextArea
        label="Comment"
        rows={4}
        description={`Optional, up to 2,000 characters: ${counter}`}
        value={comment}
        onChange={(event) => setComment(event.target.value)}
        error={problems.comment}
      />
      <ErrorMessage>{problems.form.length > 0 ? problems.form.join(' ') : null}</ErrorMessage>
      <div className="button-row">
        <Button type="submit" variant="primary" aria-busy={fetching || undefined} aria-disabled={fetching || undefined}>
          {final ? 'Submit final check-in' : 'Submit check-in'}
        </Button>
      </div>
    </form>
  )
}

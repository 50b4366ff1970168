import { Link } from 'react-router'
import { useMutation } from 'urql'
import { graphql } from '@/gql'
import { ProposalDialog } from './ProposalDialog'
import { sendOutcome } from './refusals'

// Selects no User or Profile: urql's document cache refetches every query holding a type a
// mutation returns, and the ranking (which then leaves this mentor out) should stay as it was,
// with this mentor's button saying "Requested".
export const requestMentorshipMutation = graphql(`
  mutation RequestMentorship($input: RequestMentorshipInput!) {
    requestMentorship(input: $input) {
      request {
        id
        status
      }
      errors {
        code
        message
        field
      }
    }
  }
`)

export interface Participant {
  id: string
  displayName: string
}

export interface RequestDialogProps {
  mentor: Participant
  /** My learning objectives, to choose what the request is about. */
  objectives: readonly string[]
  onClose: () => void
  onSent: (mentor: Participant) => void
}

/** "Request <name> as your mentor": a message and which of my objectives it is about. */
export function RequestDialog({ mentor, objectives, onClose, onSent }: RequestDialogProps) {
  const [, requestMentorship] = useMutation(requestMentorshipMutation)
  return (
    <ProposalDialog
      title={`Request ${mentor.displayName} as your mentor`}
      onClose={onClose}
      objectives={objectives}
      objectivesLegend="Which of your objectives is this about?"
      noObjectives={
        <p>
          You have no learning objectives yet. <Link to="/profile">Add them in My profile</Link> so mentors
          see what you want to learn.
        </p>
      }
      submitLabel="Send request"
      messageDescription={`Tell ${mentor.displayName} why you would like them as your mentor (up to 1,000 characters).`}
      send={async (input) => {
        const result = await requestMentorship({ input: { mentorId: mentor.id, ...input } })
        return sendOutcome(result, result.data?.requestMentorship)
      }}
      onSent={() => onSent(mentor)}
    />
  )
}

import { useMutation } from 'urql'
import { graphql } from '@/gql'
import { ProposalDialog } from './ProposalDialog'
import type { Participant } from './RequestDialog'
import { sendOutcome } from './refusals'

// No User or Profile selected, for the same reason as requestMentorship's.
export const inviteMenteeMutation = graphql(`
  mutation InviteMentee($input: InviteMenteeInput!) {
    inviteMentee(input: $input) {
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

export interface InviteDialogProps {
  mentee: Participant
  /** Their learning objectives, to choose which ones I can help with. */
  objectives: readonly string[]
  onClose: () => void
  onSent: (mentee: Participant) => void
}

/** "Invite <name> to be your mentee": a message and which of their objectives I can help with. */
export function InviteDialog({ mentee, objectives, onClose, onSent }: InviteDialogProps) {
  const [, inviteMentee] = useMutation(inviteMenteeMutation)
  return (
    <ProposalDialog
      title={`Invite ${mentee.displayName} to be your mentee`}
      onClose={onClose}
      objectives={objectives}
      objectivesLegend="Which of their objectives can you help with?"
      noObjectives={<p>{mentee.displayName} has not listed any learning objectives.</p>}
      submitLabel="Send invitation"
      messageDescription={`Tell ${mentee.displayName} why you would like to mentor them (up to 1,000 characters).`}
      send={async (input) => {
        const result = await inviteMentee({ input: { menteeId: mentee.id, ...input } })
        return sendOutcome(result, result.data?.inviteMentee)
      }}
      onSent={() => onSent(mentee)}
    />
  )
}

import { useId, useState } from 'react'
import { useNavigate } from 'react-router'
import { Button } from '@/components/ui'
import { EndMentorshipDialog } from './EndMentorshipDialog'

// Ending as NOT_A_FIT changes the mentee's recommendations (that mentor is left out from now on):
// drop the cached match lists too, so Find a mentor asks the API afresh instead of showing the old one.
const endAndRematch = {
  additionalTypenames: ['Mentorship', 'MentorshipRequest', 'MentorMatchConnection', 'MenteeMatchConnection'],
}

/** After my "not a good fit" check-in (mentees only): end as NOT_A_FIT, then fresh recommendations. */
export function RematchOffer({ mentorshipId, mentorName }: { mentorshipId: string; mentorName: string }) {
  const [open, setOpen] = useState(false)
  const navigate = useNavigate()
  const headingId = useId()
  return (
    <section className="notice notice--rematch" aria-labelledby={headingId}>
      <h2 id={headingId} className="notice__title">
        Not a good fit?
      </h2>
      <p>
        You can end this mentorship and get fresh recommendations. {mentorName} will not be recommended to you again; your
        other requests stay as they are.
      </p>
      <div className="button-row">
        <Button variant="primary" onClick={() => setOpen(true)}>
          End it and find a new mentor
        </Button>
      </div>
      <EndMentorshipDialog
        isOpen={open}
        onOpenChange={setOpen}
        mentorshipId={mentorshipId}
        otherName={mentorName}
        outcome="NOT_A_FIT"
        title={`End your mentorship with ${mentorName} as not a fit`}
        intro={
          <p>
            {mentorName} is told the mentorship has ended, and this cannot be undone. You then see fresh recommendations,
            without {mentorName}.
          </p>
        }
        context={endAndRematch}
        onEnded={() => {
          setOpen(false)
          navigate('/mentors')
        }}
      />
    </section>
  )
}

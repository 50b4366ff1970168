import { useMemo, useRef, useState, type FormEvent } from 'react'
import { Link } from 'react-router'
import { useMutation } from 'urql'
import { Button, ErrorMessage, FormStatus, Select, Switch, TextArea, TextField } from '@/components/ui'
import { graphql, useFragment, useFragment as readFragment, type FragmentType } from '@/gql'
import type { CareerStage } from '@/gql/graphql'
import { useViewer } from '@/lib/auth'
import { describeError } from '@/lib/errors'
import { CAREER_STAGES } from '@/lib/format'
import { ListEditor } from './ListEditor'
import { PersonalityFields } from './PersonalityFields'
import {
  draftFromProfile,
  inputFromDraft,
  NO_ERRORS,
  placeProfileErrors,
  type PlacedErrors,
  type ProfileDraft,
} from './profileDraft'
import { SkillsEditor } from './SkillsEditor'
import { timezoneOptions } from './timezones'

export const profileFormFieldsFragment = graphql(`
  fragment ProfileFormFields on Profile {
    canMentor
    seeksMentoring
    headline
    bio
    expertise
    objectives
    skills {
      name
      level
    }
    careerStage
    yearsOfExperience
    department
    location
    timezone
    languages
    contactNote
    capacity
    acceptingRequests
    personality {
      bigFive {
        openness
        conscientiousness
        extraversion
        agreeableness
        neuroticism
      }
      mbti
    }
    updatedAt
  }
`)

export const updateMyProfileMutation = graphql(`
  mutation UpdateMyProfile($input: ProfileInput!) {
    updateMyProfile(input: $input) {
      profile {
        ...ProfileFormFields
      }
      errors {
        code
        message
        field
      }
    }
  }
`)

function focusFirstInvalid(form: HTMLFormElement | null) {
  requestAnimationFrame(() => form?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus())
}

/** Every field of the profile, saved at once with updateMyProfile; the API's errors shown by their field. */
export function ProfileForm({ profile: profileRef }: { profile: FragmentType<typeof profileFormFieldsFragment> | null }) {
  const profile = useFragment(profileFormFieldsFragment, profileRef)
  const { viewer, refetch: refetchViewer } = useViewer()
  const [draft, setDraft] = useState<ProfileDraft>(() => draftFromProfile(profile))
  const [errors, setErrors] = useState<PlacedErrors>(NO_ERRORS)
  const [saved, setSaved] = useState(false)
  const [{ fetching }, save] = useMutation(updateMyProfileMutation)
  const formRef = useRef<HTMLFormElement>(null)
  const zones = useMemo(() => timezoneOptions(draft.timezone), [draft.timezone])

  function change(update: Partial<ProfileDraft>) {
    setDraft((current) => ({ ...current, ...update }))
    setSaved(false)
  }

  const text = (field: 'headline' | 'bio' | 'department' | 'location' | 'contactNote' | 'languages' | 'yearsOfExperience' | 'capacity' | 'mbti') => ({
    value: draft[field],
    onChange: (event: { target: { value: string } }) => change({ [field]: event.target.value }),
    error: errors.fields[field],
  })

  const itemErrors = (prefix: string) =>
    Object.fromEntries(
      Object.entries(errors.fields)
        .filter(([at]) => at.startsWith(prefix))
        .map(([at, messages]) => [at.slice(prefix.length), messages]),
    )

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    setSaved(false)
    const sent = draft
    const { input, errors: unsendable } = inputFromDraft(sent)
    if (Object.keys(unsendable.fields).length > 0) {
      setErrors(unsendable)
      focusFirstInvalid(formRef.current)
      return
    }
    setErrors(NO_ERRORS)
    const result = await save({ input })
    const payload = result.data?.updateMyProfile
    if (result.error || !payload) {
      setErrors({ fields: {}, form: [describeError(result.error ?? null)] })
      return
    }
    if (payload.errors.length > 0 || !payload.profile) {
      // Nothing was written: keep every value as typed and show each error by its field.
      setErrors(payload.errors.length > 0 ? placeProfileErrors(payload.errors, sent) : { fields: {}, form: [describeError(null)] })
      focusFirstInvalid(formRef.current)
      return
    }
    const savedProfile = readFragment(profileFormFieldsFragment, payload.profile)
    // The API's tidied values (trimmed texts, upper-case MBTI), keeping what was typed since.
    setDraft((current) => (current === sent ? draftFromProfile(savedProfile, sent) : current))
    setSaved(true)
    const roles = viewer?.profile
    if (!roles || roles.canMentor !== savedProfile.canMentor || roles.seeksMentoring !== savedProfile.seeksMentoring) {
      refetchViewer() // The main nav shows "Find a mentee" only to mentors.
    }
  }

  const fieldCount = Object.keys(errors.fields).length
  const summary =
    errors.form.length > 0
      ? errors.form.join(' ')
      : fieldCount > 0
        ? `Nothing was saved: please fix the ${fieldCount === 1 ? 'highlighted field' : `${fieldCount} highlighted fields`}.`
        : null

  return (
    <form ref={formRef} className="profile-form" onSubmit={handleSubmit} noValidate aria-label="My profile">
      <section className="card form" aria-labelledby="profile-roles">
        <h2 id="profile-roles">Roles</h2>
        <Switch
          label="I can mentor"
          description="Mentees can find you and ask you to mentor them."
          checked={draft.canMentor}
          onChange={(event) => change({ canMentor: event.target.checked })}
          error={errors.fields.canMentor}
        />
        <Switch
          label="I want a mentor"
          description="Mentors can find you and invite you."
          checked={draft.seeksMentoring}
          onChange={(event) => change({ seeksMentoring: event.target.checked })}
          error={errors.fields.seeksMentoring}
        />
      </section>

      <section className="card form" aria-labelledby="profile-about">
        <h2 id="profile-about">About you</h2>
        <TextField label="Headline" description="One line, up to 200 characters." {...text('headline')} />
        <TextArea label="Bio" rows={5} description="Up to 4,000 characters." {...text('bio')} />
      </section>

      <section className="card form" aria-labelledby="profile-teach-learn">
        <h2 id="profile-teach-learn">What you teach and want to learn</h2>
        <ListEditor
          label="Expertise"
          itemLabel="Expertise item"
          newLabel="New expertise item"
          description="What you can teach, one topic per item (up to 20)."
          items={draft.expertise}
          onChange={(expertise) => change({ expertise })}
          itemErrors={itemErrors('item:')}
          error={errors.fields.expertise}
        />
        <ListEditor
          label="Learning objectives"
          itemLabel="Learning objective"
          newLabel="New learning objective"
          description="What you want to learn, one objective per item (up to 20). Mentors are ranked by these."
          items={draft.objectives}
          onChange={(objectives) => change({ objectives })}
          itemErrors={itemErrors('item:')}
          error={errors.fields.objectives}
        />
        <SkillsEditor
          skills={draft.skills}
          onChange={(skills) => change({ skills })}
          errors={errors.fields}
          error={errors.fields.skills}
        />
        {draft.seeksMentoring && (
          <p className="profile-form__hint">
            <Link to="/skill-gap">My skill gap</Link>: your skills against the levels of your mentors or best matches.
          </p>
        )}
      </section>

      <section className="card form" aria-labelledby="profile-background">
        <h2 id="profile-background">Background</h2>
        <Select
          label="Career stage"
          placeholder="Not given"
          options={CAREER_STAGES}
          value={draft.careerStage}
          onChange={(event) => change({ careerStage: event.target.value as CareerStage | '' })}
          error={errors.fields.careerStage}
        />
        <TextField label="Years of experience" type="number" inputMode="numeric" min={0} max={70} className="field--short" {...text('yearsOfExperience')} />
        <TextField label="Department" autoComplete="organization-title" {...text('department')} />
        <TextField label="Location" autoComplete="address-level2" {...text('location')} />
        <Select
          label="Time zone"
          description="Shown with its offset from UTC today."
          placeholder="Not given"
          options={zones}
          value={draft.timezone}
          onChange={(event) => change({ timezone: event.target.value })}
          error={errors.fields.timezone}
        />
        <TextField label="Languages" description="Separate them with commas, e.g. English, Spanish." {...text('languages')} />
      </section>

      <section className="card form" aria-labelledby="profile-availability">
        <h2 id="profile-availability">Mentoring and contact</h2>
        <TextField
          label="Capacity"
          description="The most mentees you take at once (0 to 20)."
          type="number"
          inputMode="numeric"
          min={0}
          max={20}
          className="field--short"
          {...text('capacity')}
        />
        <Switch
          label="Accepting requests"
          description="Off: mentees cannot send you new requests; your mentorships carry on."
          checked={draft.acceptingRequests}
          onChange={(event) => change({ acceptingRequests: event.target.checked })}
          error={errors.fields.acceptingRequests}
        />
        <TextArea
          label="Contact note"
          rows={3}
          description="Shared only with your active mentorship partners, e.g. chat handle, best times (up to 500 characters)."
          {...text('contactNote')}
        />
      </section>

      <section className="card form" aria-labelledby="profile-personality">
        <h2 id="profile-personality">Personality (optional)</h2>
        <p className="field__description">Used only to weigh how well you and a match may get along.</p>
        <PersonalityFields
          includeBigFive={draft.includeBigFive}
          bigFive={draft.bigFive}
          mbti={draft.mbti}
          onChange={change}
          errors={errors.fields}
        />
      </section>

      <div className="profile-form__footer">
        <ErrorMessage>{summary}</ErrorMessage>
        <FormStatus message={saved ? 'Profile saved.' : null} />
        <Button type="submit" variant="primary" pending={fetching}>
          Save profile
        </Button>
      </div>
    </form>
  )
}

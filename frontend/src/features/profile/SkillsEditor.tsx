import { useId, useState, type KeyboardEvent } from 'react'
import { Button, Select, TextField } from '@/components/ui'
import { FieldErrorText } from '@/components/ui/FieldParts'
import { errorList, type FieldError } from '@/components/ui/field'
import { newKey, removeItem, type SkillDraft } from './profileDraft'

export const SKILL_LEVELS = [
  { value: '1', label: '1 · Beginner' },
  { value: '2', label: '2 · Novice' },
  { value: '3', label: '3 · Competent' },
  { value: '4', label: '4 · Proficient' },
  { value: '5', label: '5 · Expert' },
] as const

export interface SkillsEditorProps {
  skills: readonly SkillDraft[]
  onChange: (skills: SkillDraft[]) => void
  /** By `skill:<key>:name` / `skill:<key>:level`. */
  errors?: Record<string, string[] | undefined>
  /** About the whole list. */
  error?: FieldError
}

/** Skills with a level from 1 (beginner) to 5 (expert): edit, remove, and add one at a time. */
export function SkillsEditor({ skills, onChange, errors = {}, error }: SkillsEditorProps) {
  const id = useId()
  const [name, setName] = useState('')
  const [level, setLevel] = useState('3')
  const [announcement, setAnnouncement] = useState('')
  const nameId = `${id}-new-name`
  const focusName = () => document.getElementById(nameId)?.focus()
  const listErrors = errorList(error)
  const listErrorId = listErrors.length > 0 ? `${id}-error` : undefined

  function add() {
    if (!name.trim()) {
      focusName()
      return
    }
    onChange([...skills, { key: newKey(), name: name.trim(), level: Number(level) }])
    setAnnouncement(`Added skill ${name.trim()}.`)
    setName('')
    focusName()
  }

  function update(index: number, change: Partial<SkillDraft>) {
    onChange(skills.map((skill, position) => (position === index ? { ...skill, ...change } : skill)))
  }

  function remove(index: number) {
    const removed = skills[index]
    onChange(removeItem(skills, index))
    setAnnouncement(`Removed skill ${removed?.name ?? index + 1}.`)
    focusName()
  }

  function handleKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === 'Enter') {
      event.preventDefault()
      add()
    }
  }

  return (
    <fieldset className="list-editor" aria-describedby={listErrorId}>
      <legend className="list-editor__legend">Skills</legend>
      <p className="field__description">
        As a mentor, your level in what you offer; as a mentee, your current level in what you want to grow.
      </p>
      <FieldErrorText id={listErrorId} errors={listErrors} />
      {skills.length > 0 && (
        <ol className="list-editor__items">
          {skills.map((skill, index) => (
            <li key={skill.key} className="skill-row">
              <TextField
                label={`Name of skill ${index + 1}`}
                className="skill-row__name"
                value={skill.name}
                onChange={(event) => update(index, { name: event.target.value })}
                error={errors[`skill:${skill.key}:name`]}
              />
              <Select
                label={`Level of skill ${index + 1}`}
                className="skill-row__level"
                options={SKILL_LEVELS}
                value={String(skill.level)}
                onChange={(event) => update(index, { level: Number(event.target.value) })}
                error={errors[`skill:${skill.key}:level`]}
              />
              <Button variant="quiet" className="skill-row__remove" onClick={() => remove(index)}>
                Remove <span className="visually-hidden">skill {index + 1}</span>
              </Button>
            </li>
          ))}
        </ol>
      )}
      <div className="skill-row skill-row--new">
        <TextField
          id={nameId}
          label="Skill name"
          className="skill-row__name"
          value={name}
          onChange={(event) => setName(event.target.value)}
          onKeyDown={handleKeyDown}
        />
        <Select
          label="Skill level"
          className="skill-row__level"
          options={SKILL_LEVELS}
          value={level}
          onChange={(event) => setLevel(event.target.value)}
        />
        <Button className="skill-row__remove" onClick={add}>
          Add skill
        </Button>
      </div>
      <div aria-live="polite" className="visually-hidden">
        {announcement}
      </div>
    </fieldset>
  )
}

import { useId, useState, type FormEvent } from 'react'
import { Button, Checkbox, Select, TextField } from '@/components/ui'
import { CAREER_STAGES, formatUtcOffset, type CareerStageValue } from '@/lib/format'
import { EMPTY_SEARCH, hasFilters, type MatchSearch, type MatchSide } from './searchParams'

// Every half hour from UTC-12 to UTC+14, the offsets in use (and a value from the URL between them).
const HALF_HOURS = Array.from({ length: 53 }, (_, n) => -12 + n / 2)

function offsetOptions(current: number | null) {
  const hours = current !== null && !HALF_HOURS.includes(current) ? [...HALF_HOURS, current].sort((a, b) => a - b) : HALF_HOURS
  return hours.map((h) => ({ value: String(h), label: formatUtcOffset(Math.round(h * 60)) }))
}

const RATINGS = [2, 3, 3.5, 4, 4.5]

function ratingOptions(current: number | null) {
  const ratings = current !== null && !RATINGS.includes(current) ? [...RATINGS, current].sort((a, b) => a - b) : RATINGS
  return ratings.map((r) => ({ value: String(r), label: `${r} or more out of 5` }))
}

function parseNumber(value: string): number | null {
  return value === '' ? null : Number(value)
}

function appliedCount(search: MatchSearch): number {
  const { stages, department, language, minOffsetHours, maxOffsetHours, minRating } = search
  return [stages.length > 0, department, language, minOffsetHours !== null || maxOffsetHours !== null, minRating !== null].filter(Boolean).length
}

export interface FiltersFormProps {
  side: MatchSide
  /** The current search (from the URL); remount the form (a `key`) when its filters change. */
  search: MatchSearch
  onApply: (search: MatchSearch) => void
}

/** The filters of a match list, applied together into the URL; "Clear filters" keeps the search text. */
export function FiltersForm({ side, search, onApply }: FiltersFormProps) {
  const [draft, setDraft] = useState<MatchSearch>(search)
  // On a narrow screen the filters fold away behind a button (open while any is applied).
  const [open, setOpen] = useState(() => hasFilters(search))
  const formId = useId()
  const applied = appliedCount(search)
  const set = (changes: Partial<MatchSearch>) => setDraft((previous) => ({ ...previous, ...changes }))

  function toggleStage(stage: CareerStageValue, on: boolean) {
    const stages = on ? [...draft.stages, stage] : draft.stages.filter((s) => s !== stage)
    set({ stages: CAREER_STAGES.map((s) => s.value).filter((s) => stages.includes(s)) })
  }

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    let { minOffsetHours, maxOffsetHours } = draft
    // "From UTC+5 to UTC-3" surely means the range between them.
    if (minOffsetHours !== null && maxOffsetHours !== null && minOffsetHours > maxOffsetHours) {
      ;[minOffsetHours, maxOffsetHours] = [maxOffsetHours, minOffsetHours]
    }
    onApply({ ...draft, q: search.q, minOffsetHours, maxOffsetHours })
  }

  return (
    <div className={open ? 'filters-panel filters-panel--open' : 'filters-panel'}>
      <Button className="filters-panel__toggle" aria-expanded={open} aria-controls={formId} onClick={() => setOpen(!open)}>
        {open ? 'Hide filters' : 'Show filters'}
        {applied > 0 ? ` (${applied} applied)` : ''}
      </Button>
      <form id={formId} aria-label="Filters" className="filters card" onSubmit={handleSubmit}>
        <fieldset className="filters__stages">
          <legend className="field__label">Career stage</legend>
          <div className="filters__checks">
            {CAREER_STAGES.map((stage) => (
              <Checkbox
                key={stage.value}
                label={stage.label}
                name="stage"
                value={stage.value}
                checked={draft.stages.includes(stage.value)}
                onChange={(event) => toggleStage(stage.value, event.target.checked)}
              />
            ))}
          </div>
        </fieldset>
        <div className="filters__fields">
          <TextField label="Department" name="department" value={draft.department} onChange={(e) => set({ department: e.target.value })} />
          <TextField
            label="Language"
            name="language"
            value={draft.language}
            onChange={(e) => set({ language: e.target.value })}
          />
          <Select
            label="UTC offset from"
            name="minOffset"
            placeholder="Any"
            options={offsetOptions(draft.minOffsetHours)}
            value={draft.minOffsetHours === null ? '' : String(draft.minOffsetHours)}
            onChange={(e) => set({ minOffsetHours: parseNumber(e.target.value) })}
          />
          <Select
            label="UTC offset to"
            name="maxOffset"
            placeholder="Any"
            options={offsetOptions(draft.maxOffsetHours)}
            value={draft.maxOffsetHours === null ? '' : String(draft.maxOffsetHours)}
            onChange={(e) => set({ maxOffsetHours: parseNumber(e.target.value) })}
          />
          {side === 'mentors' && (
            <Select
              label="Minimum rating"
              name="minRating"
              placeholder="Any"
              options={ratingOptions(draft.minRating)}
              value={draft.minRating === null ? '' : String(draft.minRating)}
              onChange={(e) => set({ minRating: parseNumber(e.target.value) })}
            />
          )}
        </div>
        <div className="button-row">
          <Button type="submit" variant="primary">
            Apply filters
          </Button>
          {hasFilters(search) && (
            <Button onClick={() => onApply({ ...EMPTY_SEARCH, q: search.q })}>Clear filters</Button>
          )}
        </div>
      </form>
    </div>
  )
}

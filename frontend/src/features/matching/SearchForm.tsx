import { useState, type FormEvent } from 'react'
import { Button, TextField } from '@/components/ui'

// The API refuses longer search texts (one objective's length); the field stops there instead.
const MAX_QUERY = 300

export interface SearchFormProps {
  /** "What do you want to learn?" / "Who do you want to help?" */
  label: string
  description: string
  /** The current search (from the URL); remount the form (a `key`) when it changes. */
  value: string | null
  /** An empty search goes back to the recommendations. */
  onSearch: (q: string | null) => void
}

/** The free-text search above a match list. */
export function SearchForm({ label, description, value, onSearch }: SearchFormProps) {
  const [text, setText] = useState(value ?? '')
  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    onSearch(text.trim() || null)
  }
  return (
    <form role="search" className="search" onSubmit={handleSubmit}>
      <TextField
        className="search__field"
        label={label}
        description={description}
        type="search"
        name="q"
        value={text}
        maxLength={MAX_QUERY}
        onChange={(event) => setText(event.target.value)}
      />
      <Button type="submit" variant="primary" className="search__button">
        Search
      </Button>
    </form>
  )
}

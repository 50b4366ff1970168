import { useId, useRef, useState, type KeyboardEvent } from 'react'
import { Button, buttonClass } from '@/components/ui'
import { FieldErrorText } from '@/components/ui/FieldParts'
import { errorList, type FieldError } from '@/components/ui/field'
import { moveItem, newKey, removeItem, type ListItem } from './profileDraft'

export interface ListEditorProps {
  /** The group's name: "Expertise", "Learning objectives". */
  label: string
  /** Each item's label, numbered from 1: "Expertise item" -> "Expertise item 2". */
  itemLabel: string
  /** The input for a new item: "New expertise item". */
  newLabel: string
  description?: string
  items: readonly ListItem[]
  onChange: (items: ListItem[]) => void
  /** Errors by item key (they follow the item when it moves). */
  itemErrors?: Record<string, string[] | undefined>
  /** Errors about the whole list ("At most 20 items"). */
  error?: FieldError
}

// Each item's buttons are named by their text plus a visually hidden item name ("Move up
// Learning objective 2"), not by aria-label, so "Learning objective 2" labels only its input.

/**
 * An editable list of texts: add, edit in place, reorder with Move up / Move down, remove. Focus
 * stays with the item being moved, and each change is announced.
 */
export function ListEditor({ label, itemLabel, newLabel, description, items, onChange, itemErrors = {}, error }: ListEditorProps) {
  const id = useId()
  const [draft, setDraft] = useState('')
  const [announcement, setAnnouncement] = useState('')
  const refs = useRef(new Map<string, HTMLElement>())
  const newInput = useRef<HTMLInputElement>(null)
  const listErrors = errorList(error)
  const listErrorId = listErrors.length > 0 ? `${id}-error` : undefined
  const descriptionId = description ? `${id}-description` : undefined

  /** After React has rendered the change. */
  function focusLater(ref: string) {
    requestAnimationFrame(() => refs.current.get(ref)?.focus())
  }

  function add() {
    const text = draft.trim()
    if (!text) {
      newInput.current?.focus()
      return
    }
    const item = { key: newKey(), text }
    onChange([...items, item])
    setDraft('')
    setAnnouncement(`Added ${itemLabel} ${items.length + 1}.`)
  }

  function move(index: number, delta: -1 | 1) {
    const item = items[index]
    if (!item) return
    const target = index + delta
    onChange(moveItem(items, index, delta))
    setAnnouncement(`${itemLabel} ${index + 1} moved ${delta < 0 ? 'up' : 'down'} to position ${target + 1}.`)
    // The same button, unless the item reached that end of the list (the button is then disabled).
    const atEnd = delta < 0 ? target === 0 : target === items.length - 1
    focusLater(`${item.key}:${atEnd ? (delta < 0 ? 'down' : 'up') : delta < 0 ? 'up' : 'down'}`)
  }

  function remove(index: number) {
    const next = items[index + 1] ?? items[index - 1]
    onChange(removeItem(items, index))
    setAnnouncement(`${itemLabel} ${index + 1} removed.`)
    if (next) focusLater(`${next.key}:input`)
    else requestAnimationFrame(() => newInput.current?.focus())
  }

  function edit(index: number, text: string) {
    onChange(items.map((item, position) => (position === index ? { ...item, text } : item)))
  }

  function handleNewKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    // Enter adds the item rather than submitting the whole form.
    if (event.key === 'Enter') {
      event.preventDefault()
      add()
    }
  }

  const register = (ref: string) => (element: HTMLElement | null) => {
    if (element) refs.current.set(ref, element)
    else refs.current.delete(ref)
  }

  return (
    <fieldset className="list-editor" aria-describedby={[listErrorId, descriptionId].filter(Boolean).join(' ') || undefined}>
      <legend className="list-editor__legend">{label}</legend>
      {description && (
        <p id={descriptionId} className="field__description">
          {description}
        </p>
      )}
      <FieldErrorText id={listErrorId} errors={listErrors} />
      {items.length > 0 && (
        <ol className="list-editor__items">
          {items.map((item, index) => {
            const name = `${itemLabel} ${index + 1}`
            const inputId = `${id}-${item.key}`
            const errors = itemErrors[item.key] ?? []
            const errorId = errors.length > 0 ? `${inputId}-error` : undefined
            return (
              <li key={item.key} className={errors.length > 0 ? 'list-editor__item field--invalid' : 'list-editor__item'}>
                <label htmlFor={inputId} className="visually-hidden">
                  {name}
                </label>
                <input
                  id={inputId}
                  ref={register(`${item.key}:input`)}
                  className="field__input list-editor__input"
                  value={item.text}
                  onChange={(event) => edit(index, event.target.value)}
                  aria-invalid={errors.length > 0 || undefined}
                  aria-describedby={errorId}
                />
                <div className="list-editor__actions">
                  <button
                    type="button"
                    className={buttonClass('quiet')}
                    ref={register(`${item.key}:up`)}
                    disabled={index === 0}
                    onClick={() => move(index, -1)}
                  >
                    <span aria-hidden="true">↑</span>
                    <span className="list-editor__action-text">Move up</span>
                    {' '}
                    <span className="visually-hidden">{name}</span>
                  </button>
                  <button
                    type="button"
                    className={buttonClass('quiet')}
                    ref={register(`${item.key}:down`)}
                    disabled={index === items.length - 1}
                    onClick={() => move(index, 1)}
                  >
                    <span aria-hidden="true">↓</span>
                    <span className="list-editor__action-text">Move down</span>
                    {' '}
                    <span className="visually-hidden">{name}</span>
                  </button>
                  <Button variant="quiet" onClick={() => remove(index)}>
                    Remove{' '}
                    <span className="visually-hidden">{name}</span>
                  </Button>
                </div>
                <FieldErrorText id={errorId} errors={errors} />
              </li>
            )
          })}
        </ol>
      )}
      <div className="list-editor__new">
        <label htmlFor={`${id}-new`} className="field__label">
          {newLabel}
        </label>
        <div className="list-editor__new-row">
          <input
            id={`${id}-new`}
            ref={newInput}
            className="field__input"
            value={draft}
            onChange={(event) => setDraft(event.target.value)}
            onKeyDown={handleNewKeyDown}
            aria-describedby={listErrorId}
          />
          <Button onClick={add}>Add</Button>
        </div>
      </div>
      <div aria-live="polite" className="visually-hidden">
        {announcement}
      </div>
    </fieldset>
  )
}

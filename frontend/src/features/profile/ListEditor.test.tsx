import { render, screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { useState } from 'react'
import { describe, expect, it } from 'vitest'
import { ListEditor } from './ListEditor'
import type { ListItem } from './profileDraft'

function Harness({ initial, errors }: { initial: string[]; errors?: (items: ListItem[]) => Record<string, string[]> }) {
  const [items, setItems] = useState<ListItem[]>(() => initial.map((text, index) => ({ key: `i${index}`, text })))
  const [itemErrors] = useState(() => errors?.(items) ?? {})
  return (
    <ListEditor
      label="Learning objectives"
      itemLabel="Learning objective"
      newLabel="New learning objective"
      items={items}
      onChange={setItems}
      itemErrors={itemErrors}
    />
  )
}

const values = () =>
  within(screen.getByRole('group', { name: 'Learning objectives' }))
    .getAllByRole('textbox')
    .map((input) => (input as HTMLInputElement).value)

describe('ListEditor', () => {
  it('adds with the button or Enter, numbering the items from 1', async () => {
    const user = userEvent.setup()
    render(<Harness initial={['SQL']} />)

    await user.type(screen.getByLabelText('New learning objective'), 'public speaking')
    await user.click(screen.getByRole('button', { name: 'Add' }))
    await user.type(screen.getByLabelText('New learning objective'), 'negotiation{Enter}')

    expect(screen.getByLabelText('Learning objective 2')).toHaveValue('public speaking')
    expect(screen.getByLabelText('Learning objective 3')).toHaveValue('negotiation')
    expect(screen.getByLabelText('New learning objective')).toHaveValue('')
    // Only the input is labelled by the item's name; its buttons are named by their own text.
    expect(screen.getAllByLabelText('Learning objective 2', { exact: false })).toEqual([screen.getByRole('textbox', { name: 'Learning objective 2' })])
    expect(screen.getByRole('button', { name: 'Remove Learning objective 2' })).toBeInTheDocument()
  })

  it('reorders with Move up / Move down and cannot move past either end', async () => {
    const user = userEvent.setup()
    render(<Harness initial={['a', 'b', 'c']} />)

    expect(screen.getByRole('button', { name: 'Move up Learning objective 1' })).toBeDisabled()
    expect(screen.getByRole('button', { name: 'Move down Learning objective 3' })).toBeDisabled()

    await user.click(screen.getByRole('button', { name: 'Move up Learning objective 3' }))
    expect(values()).toEqual(['a', 'c', 'b', ''])
    await user.click(screen.getByRole('button', { name: 'Move down Learning objective 1' }))
    expect(values()).toEqual(['c', 'a', 'b', ''])
  })

  it('edits in place and removes the right item', async () => {
    const user = userEvent.setup()
    render(<Harness initial={['a', 'b', 'c']} />)

    await user.type(screen.getByLabelText('Learning objective 2'), '2')
    await user.click(screen.getByRole('button', { name: 'Remove Learning objective 1' }))

    expect(values()).toEqual(['b2', 'c', ''])
    expect(screen.queryByLabelText('Learning objective 3')).not.toBeInTheDocument()
  })

  it('keeps an item’s error with that item when it moves', async () => {
    const user = userEvent.setup()
    render(<Harness initial={['a', 'b', 'b']} errors={(items) => ({ [items[2]!.key]: ['Is listed twice.'] })} />)

    expect(screen.getByLabelText('Learning objective 3')).toHaveAccessibleDescription('Is listed twice.')
    await user.click(screen.getByRole('button', { name: 'Move up Learning objective 3' }))

    expect(screen.getByLabelText('Learning objective 2')).toHaveAccessibleDescription('Is listed twice.')
    expect(screen.getByLabelText('Learning objective 2')).toHaveAttribute('aria-invalid', 'true')
    expect(screen.getByLabelText('Learning objective 3')).not.toHaveAttribute('aria-invalid')
  })
})

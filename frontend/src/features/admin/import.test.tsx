import { screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import { mockApi, mutationVariables, type Variables } from '@/testing/operations'
import { renderWithProviders } from '@/testing/render'
import { ImportScreen } from './ImportScreen'

const ADA = { __typename: 'User', id: 'u-ada', displayName: 'Ada Admin', email: 'ada@example.com', isAdmin: true, profile: null }
const CSV = 'Work Email,Full name,Expertise\nzoe@example.com,Zoe Park,pricing\nbad,Nobody,\n'
const FIELDS = ['email', 'displayName', 'password', 'expertise', 'personality.mbti']
const COLUMNS = ['Work Email', 'Full name', 'Expertise']

function payload(extra: Record<string, unknown>) {
  return {
    importPeople: {
      __typename: 'ImportPeoplePayload',
      dryRun: true,
      fields: FIELDS,
      columns: COLUMNS,
      mapping: [],
      totals: null,
      rows: [],
      errors: [],
      ...extra,
    },
  }
}

const map = (field: string, column: string) => ({ __typename: 'ColumnMapping', field, column })
const row = (line: number, email: string | null, action: string, message: string | null = null) => ({
  __typename: 'ImportRow',
  line,
  email,
  action,
  message,
})
const totals = (created: number, updated: number, unchanged: number, rejected: number) => ({
  __typename: 'ImportTotals',
  created,
  updated,
  unchanged,
  rejected,
})
const MAPPED = [map('email', 'Work Email'), map('displayName', 'Full name'), map('expertise', 'Expertise')]
const REFUSED = row(3, null, 'ERROR', 'email: Enter a valid email address.')

/** Answers like the API: a first dry run (no mapping) cannot find the email column; later ones can. */
function answer({ input }: Variables) {
  const { mapping, dryRun } = input as { mapping: unknown[] | null; dryRun: boolean }
  if (mapping === null) {
    return payload({
      mapping: [map('expertise', 'Expertise')],
      errors: [
        { __typename: 'UserError', code: 'INVALID_INPUT', message: 'Must be mapped to a column.', field: 'mapping.email' },
        { __typename: 'UserError', code: 'INVALID_INPUT', message: 'Must be mapped to a column.', field: 'mapping.displayName' },
      ],
    })
  }
  if (dryRun) {
    return payload({ mapping: MAPPED, totals: totals(1, 0, 0, 1), rows: [row(2, 'zoe@example.com', 'CREATE'), REFUSED] })
  }
  return payload({ dryRun: false, mapping: MAPPED, totals: totals(1, 0, 0, 1), rows: [REFUSED] })
}

function renderImport(handler: (variables: Variables) => unknown = answer) {
  const client = mockApi({ me: ADA, mutations: { ImportPeople: handler } })
  renderWithProviders(<ImportScreen />, { client, url: '/admin/import' })
  return client
}

async function chooseFile(contents = CSV) {
  await userEvent.upload(screen.getByLabelText('CSV file'), new File([contents], 'people.csv', { type: 'text/csv' }))
}

describe('Import people', () => {
  it('maps the file’s columns, previews row by row, then imports the valid rows', async () => {
    const client = renderImport()
    expect(screen.getByRole('heading', { level: 1, name: 'Import people' })).toBeInTheDocument()
    expect(screen.getByRole('link', { name: 'Import' })).toHaveAttribute('href', '/admin/import')
    await chooseFile()

    // The file is read in the browser and sent as it is; the API's header and defaults fill the form.
    const email = await screen.findByRole('combobox', { name: 'Email' })
    expect(mutationVariables(client, 'ImportPeople')).toEqual([{ input: { csv: CSV, mapping: null, dryRun: true } }])
    expect(screen.getByText(/The file’s columns: Work Email, Full name, Expertise/)).toBeInTheDocument()
    expect(screen.getByRole('combobox', { name: 'Expertise' })).toHaveValue('Expertise')
    expect(email).toHaveAccessibleDescription(/Must be mapped to a column\./)
    expect(email).toHaveAttribute('aria-invalid', 'true')
    expect(screen.queryByRole('button', { name: 'Import' })).not.toBeInTheDocument()

    await userEvent.selectOptions(email, 'Work Email')
    await userEvent.selectOptions(screen.getByRole('combobox', { name: 'Display name' }), 'Full name')
    await userEvent.click(screen.getByRole('button', { name: 'Preview' }))
    const preview = await screen.findByRole('table', { name: /What each row would do/ })
    expect(mutationVariables(client, 'ImportPeople')[1]).toEqual({
      input: {
        csv: CSV,
        mapping: [
          { field: 'email', column: 'Work Email' },
          { field: 'displayName', column: 'Full name' },
          { field: 'expertise', column: 'Expertise' },
        ],
        dryRun: true,
      },
    })
    expect(screen.getByRole('status')).toHaveTextContent('Preview: 1 new person, 0 updates, 0 unchanged, 1 row refused.')
    const rows = within(preview).getAllByRole('row').slice(1)
    expect(rows.map((r) => within(r).getAllByRole('cell').map((c) => c.textContent))).toEqual([
      ['zoe@example.com', 'New', ''],
      ['—', 'Refused', 'email: Enter a valid email address.'],
    ])
    expect(email).not.toHaveAttribute('aria-invalid')

    await userEvent.click(screen.getByRole('button', { name: 'Import' }))
    expect(await screen.findByRole('heading', { name: 'Imported' })).toBeInTheDocument()
    expect(mutationVariables(client, 'ImportPeople')[2]).toMatchObject({ input: { dryRun: false } })
    expect(screen.getByRole('status')).toHaveTextContent('Imported: 1 new person, 0 updates, 0 unchanged, 1 row refused.')
    expect(within(screen.getByRole('table', { name: 'Rows refused' })).getByText('email: Enter a valid email address.')).toBeInTheDocument()
  })

  it('asks for a new preview after the mapping changes', async () => {
    const client = renderImport()
    await chooseFile()
    await userEvent.selectOptions(await screen.findByRole('combobox', { name: 'Email' }), 'Work Email')
    await userEvent.selectOptions(screen.getByRole('combobox', { name: 'Display name' }), 'Full name')
    await userEvent.click(screen.getByRole('button', { name: 'Preview' }))
    expect(await screen.findByRole('button', { name: 'Import' })).toBeEnabled()

    await userEvent.selectOptions(screen.getByRole('combobox', { name: 'Expertise' }), '')
    expect(screen.queryByRole('button', { name: 'Import' })).not.toBeInTheDocument()
    expect(mutationVariables(client, 'ImportPeople').filter((v) => !(v.input as { dryRun: boolean }).dryRun)).toEqual([])
  })

  it('shows the API’s refusal of a file next to the file input', async () => {
    renderImport(() =>
      payload({
        columns: [],
        errors: [
          {
            __typename: 'UserError',
            code: 'TOO_LARGE',
            message: 'The file has 5,000 rows; an upload may have at most 1,000. Import bigger files with the `mentormatch import` command.',
            field: 'csv',
          },
        ],
      }),
    )
    await chooseFile()
    const input = screen.getByLabelText('CSV file')
    expect(await screen.findByText(/an upload may have at most 1,000/)).toBeInTheDocument()
    expect(input).toHaveAttribute('aria-invalid', 'true')
    expect(input).toHaveAccessibleDescription(/at most 1,000/)
    expect(screen.queryByRole('button', { name: 'Preview' })).not.toBeInTheDocument()
  })

  it('tells a participant the console is for admins and sends nothing', async () => {
    const client = mockApi({ me: { ...ADA, isAdmin: false }, mutations: { ImportPeople: answer } })
    renderWithProviders(<ImportScreen />, { client, url: '/admin/import' })
    expect(await screen.findByRole('heading', { name: 'Only admins can see this' })).toBeInTheDocument()
    expect(screen.queryByLabelText('CSV file')).not.toBeInTheDocument()
    expect(mutationVariables(client, 'ImportPeople')).toEqual([])
  })
})

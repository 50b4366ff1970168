import { useId, useState, type ChangeEvent } from 'react'
import { useMutation, type CombinedError } from 'urql'
import { Badge, Button, ErrorMessage, FormStatus, Select, type BadgeTone } from '@/components/ui'
import { FieldErrorText } from '@/components/ui/FieldParts'
import { graphql } from '@/gql'
import type { ImportAction, ImportPeopleMutation } from '@/gql/graphql'
import { fieldErrors, formErrors, type UserErrorLike } from '@/lib/errors'
import { AdminPage, useAdminForbidden } from './AdminPage'

export const importPeopleMutation = graphql(`
  mutation ImportPeople($input: ImportPeopleInput!) {
    importPeople(input: $input) {
      dryRun
      fields
      columns
      mapping {
        field
        column
      }
      totals {
        created
        updated
        unchanged
        rejected
      }
      rows {
        line
        email
        action
        message
      }
      errors {
        code
        message
        field
      }
    }
  }
`)

type Payload = ImportPeopleMutation['importPeople']
/** Import field -> the column chosen for it ('' for none). */
type Mapping = Record<string, string>

const INTRO = (
  <p>
    Add or update people from a CSV file exported by your HR system: one person per row, matched by email. Preview first:
    nothing is written until you import. For files over the upload limit, use the <code>mentormatch import</code> command.
  </p>
)

/** The import fields in words; a field the API adds later shows under its own name. */
const FIELD_LABELS: Record<string, string> = {
  email: 'Email',
  displayName: 'Display name',
  password: 'Password',
  canMentor: 'Can mentor',
  seeksMentoring: 'Seeks mentoring',
  headline: 'Headline',
  bio: 'Bio',
  expertise: 'Expertise',
  objectives: 'Learning objectives',
  skills: 'Skills',
  careerStage: 'Career stage',
  yearsOfExperience: 'Years of experience',
  department: 'Department',
  location: 'Location',
  timezone: 'Time zone',
  languages: 'Languages',
  capacity: 'Capacity',
  acceptingRequests: 'Accepting requests',
  contactNote: 'Contact note',
  'personality.mbti': 'MBTI type',
  'personality.bigFive.openness': 'Openness',
  'personality.bigFive.conscientiousness': 'Conscientiousness',
  'personality.bigFive.extraversion': 'Extraversion',
  'personality.bigFive.agreeableness': 'Agreeableness',
  'personality.bigFive.neuroticism': 'Neuroticism',
}

const FIELD_HINTS: Record<string, string> = {
  email: 'Required. People are matched by email: an existing one is updated.',
  displayName: 'Required.',
  expertise: 'Several items in one cell: separate them with ; or line breaks.',
  objectives: 'Several items in one cell: separate them with ; or line breaks.',
  languages: 'Several items in one cell: separate them with ; or line breaks.',
  skills: 'Each skill as name:level (1-5), e.g. Python:4; SQL:3.',
  canMentor: 'yes/no, true/false or 1/0.',
  seeksMentoring: 'yes/no, true/false or 1/0.',
  acceptingRequests: 'yes/no, true/false or 1/0.',
}

const ACTIONS: Record<ImportAction, { label: string; tone: BadgeTone }> = {
  CREATE: { label: 'New', tone: 'success' },
  UPDATE: { label: 'Update', tone: 'info' },
  UNCHANGED: { label: 'No change', tone: 'neutral' },
  ERROR: { label: 'Refused', tone: 'danger' },
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`
}

/** A file's text, decoded as UTF-8 (a BOM dropped), read in the browser. */
function readText(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader()
    reader.onload = () => resolve(String(reader.result))
    reader.onerror = () => reject(reader.error ?? new Error('unreadable'))
    reader.readAsText(file, 'utf-8')
  })
}

function mappingOf(payload: Payload): Mapping {
  const mapping: Mapping = {}
  for (const { field, column } of payload.mapping) mapping[field] ??= column
  return mapping
}

/** The chosen columns in the order of the fields. */
function mappingInput(mapping: Mapping, fields: readonly string[]) {
  return fields.flatMap((field) => (mapping[field] ? [{ field, column: mapping[field] }] : []))
}

function ImportRows({ caption, rows }: { caption: string; rows: Payload['rows'] }) {
  return (
    // Focusable and named: a keyboard user can scroll a table wider than the screen.
    <div className="import__rows" role="region" aria-label={caption} tabIndex={0}>
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Line</th>
            <th scope="col">Email</th>
            <th scope="col">Action</th>
            <th scope="col">Problem</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.line}>
              <th scope="row">{row.line}</th>
              <td>{row.email ?? '—'}</td>
              <td>
                <Badge tone={ACTIONS[row.action].tone}>{ACTIONS[row.action].label}</Badge>
              </td>
              <td className="import__problem">{row.message ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

function totalsText(totals: NonNullable<Payload['totals']>, dryRun: boolean): string {
  const counts = `${plural(totals.created, 'new person', 'new people')}, ${plural(totals.updated, 'update')}, ${totals.unchanged} unchanged, ${plural(totals.rejected, 'row')} refused`
  return dryRun ? `Preview: ${counts}.` : `Imported: ${counts}.`
}

/** /admin/import: upload a CSV file, map its columns onto the profile fields, preview, then import. */
export function ImportScreen() {
  const onForbidden = useAdminForbidden()
  const fileId = useId()
  const [{ fetching }, importPeople] = useMutation(importPeopleMutation)
  const [file, setFile] = useState<{ name: string; text: string } | null>(null)
  const [readProblem, setReadProblem] = useState<string | null>(null)
  const [fields, setFields] = useState<readonly string[]>([])
  const [columns, setColumns] = useState<readonly string[]>([])
  const [mapping, setMapping] = useState<Mapping>({})
  const [errors, setErrors] = useState<readonly UserErrorLike[]>([])
  const [requestProblem, setRequestProblem] = useState<CombinedError | null>(null)
  // The preview of the file with the mapping as it is now: Import needs one, and any change drops it.
  const [preview, setPreview] = useState<Payload | null>(null)
  const [result, setResult] = useState<Payload | null>(null)

  async function run(text: string, chosen: Mapping | null, dryRun: boolean): Promise<Payload | null> {
    setRequestProblem(null)
    const response = await importPeople({
      input: { csv: text, mapping: chosen === null ? null : mappingInput(chosen, fields), dryRun },
    })
    const payload = response.data?.importPeople
    if (!payload) {
      setRequestProblem(response.error ?? null)
      return null
    }
    if (payload.errors.some((error) => error.code === 'FORBIDDEN')) onForbidden()
    setErrors(payload.errors)
    if (payload.fields.length > 0) setFields(payload.fields)
    if (payload.columns.length > 0) setColumns(payload.columns)
    return payload
  }

  async function choose(event: ChangeEvent<HTMLInputElement>) {
    const chosen = event.target.files?.[0]
    setPreview(null)
    setResult(null)
    setErrors([])
    setColumns([])
    setMapping({})
    setReadProblem(null)
    if (!chosen) {
      setFile(null)
      return
    }
    let text: string
    try {
      text = await readText(chosen)
    } catch {
      setFile(null)
      setReadProblem('This file could not be read. Choose it again, or export it anew.')
      return
    }
    setFile({ name: chosen.name, text })
    // A first preview with the columns named like a field: it also tells us the file's header.
    const payload = await run(text, null, true)
    if (!payload) return
    setMapping(mappingOf(payload))
    if (payload.errors.length === 0) setPreview(payload)
  }

  function change(field: string, column: string) {
    setMapping((current) => ({ ...current, [field]: column }))
    setPreview(null)
  }

  async function previewNow() {
    if (!file) return
    setResult(null)
    const payload = await run(file.text, mapping, true)
    setPreview(payload && payload.errors.length === 0 ? payload : null)
  }

  async function importNow() {
    if (!file || !preview) return
    const payload = await run(file.text, mapping, false)
    if (payload && payload.errors.length === 0) {
      setResult(payload)
      setPreview(null)
    }
  }

  const byField = fieldErrors(errors)
  const fileErrors = [...(byField.csv ?? []), ...(byField.file ?? []), ...(readProblem ? [readProblem] : [])]
  const general = [...formErrors(errors), ...(byField.mapping ?? [])]
  const options = columns.map((column) => ({ value: column, label: column }))
  const importable = preview?.totals ? preview.totals.created + preview.totals.updated : 0

  return (
    <AdminPage title="Import people" intro={INTRO}>
      <section className="admin__section" aria-labelledby={`${fileId}-file-heading`}>
        <h2 id={`${fileId}-file-heading`}>1. Choose a CSV file</h2>
        <div className={['field', fileErrors.length ? 'field--invalid' : ''].filter(Boolean).join(' ')}>
          <label htmlFor={fileId} className="field__label">
            CSV file
          </label>
          <p id={`${fileId}-description`} className="field__description">
            UTF-8, with a header row naming the columns; cells separated by commas, semicolons or tabs.
          </p>
          <input
            id={fileId}
            type="file"
            accept=".csv,text/csv"
            className="field__input"
            onChange={(event) => void choose(event)}
            aria-invalid={fileErrors.length > 0 || undefined}
            aria-describedby={[fileErrors.length ? `${fileId}-error` : '', `${fileId}-description`].filter(Boolean).join(' ')}
          />
          <FieldErrorText id={`${fileId}-error`} errors={fileErrors} />
        </div>
      </section>

      {columns.length > 0 && (
        <section className="admin__section" aria-labelledby={`${fileId}-mapping-heading`}>
          <h2 id={`${fileId}-mapping-heading`}>2. Match the columns</h2>
          <p>
            The file’s columns: {columns.join(', ')}. Choose the column that holds each field; a field left at “Not in
            the file” stays as it is for people who exist already.
          </p>
          <div className="admin__search import__mapping">
            {fields.map((field) => (
              <Select
                key={field}
                label={FIELD_LABELS[field] ?? field}
                description={FIELD_HINTS[field]}
                placeholder="Not in the file"
                options={options}
                value={mapping[field] ?? ''}
                onChange={(event) => change(field, event.target.value)}
                error={byField[`mapping.${field}`]}
              />
            ))}
          </div>
          {general.length > 0 && <ErrorMessage>{general.join(' ')}</ErrorMessage>}
          <div>
            <Button onClick={() => void previewNow()} pending={fetching}>
              Preview
            </Button>
          </div>
        </section>
      )}

      <ErrorMessage error={requestProblem} />
      <FormStatus
        message={
          result?.totals ? totalsText(result.totals, false) : preview?.totals ? totalsText(preview.totals, true) : null
        }
      />

      {preview && preview.totals && (
        <section className="admin__section" aria-labelledby={`${fileId}-preview-heading`}>
          <h2 id={`${fileId}-preview-heading`}>3. Check and import</h2>
          <p>
            {importable > 0
              ? `Import writes the ${plural(importable, 'new or changed person', 'new or changed people')}; refused rows are skipped (fix them in the file and import it again).`
              : 'No row of this file would add or change anyone: there is nothing to import.'}
          </p>
          <div>
            <Button variant="primary" onClick={() => void importNow()} pending={fetching} disabled={importable === 0}>
              Import
            </Button>
          </div>
          <ImportRows caption={`What each row would do (${plural(preview.rows.length, 'row')})`} rows={preview.rows} />
        </section>
      )}

      {result && result.totals && (
        <section className="admin__section" aria-labelledby={`${fileId}-result-heading`}>
          <h2 id={`${fileId}-result-heading`}>Imported</h2>
          <p>{totalsText(result.totals, false)}</p>
          {result.rows.length > 0 && <ImportRows caption="Rows refused" rows={result.rows} />}
        </section>
      )}
    </AdminPage>
  )
}

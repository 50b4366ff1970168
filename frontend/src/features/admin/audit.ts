// The audit log's filters as the URL holds them (`?action=&actor=&target=&from=&to=`, days as YYYY-MM-DD)
// and as the API takes them (`from` inclusive, `to` exclusive, both moments).
import type { AuditAction, AuditLogFilter } from '@/gql/graphql'
import { AUDIT_ACTIONS } from './labels'

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/
const DAY_MS = 24 * 3600 * 1000

export interface AuditFilterDraft {
  action: string
  actor: string
  target: string
  from: string
  to: string
}

export function draftFromParams(params: URLSearchParams): AuditFilterDraft {
  return {
    action: params.get('action') ?? '',
    actor: params.get('actor') ?? '',
    target: params.get('target') ?? '',
    from: params.get('from') ?? '',
    to: params.get('to') ?? '',
  }
}

export function paramsFromDraft(draft: AuditFilterDraft): URLSearchParams {
  const params = new URLSearchParams()
  for (const [key, value] of Object.entries(draft)) if (value.trim()) params.set(key, value.trim())
  return params
}

function isDay(value: string): boolean {
  return ISO_DAY.test(value) && !Number.isNaN(new Date(`${value}T00:00:00Z`).getTime())
}

/** Problems with typed filters, by field; empty when they can be asked for. */
export function filterErrors(draft: AuditFilterDraft): Partial<Record<keyof AuditFilterDraft, string>> {
  const errors: Partial<Record<keyof AuditFilterDraft, string>> = {}
  if (draft.from && !isDay(draft.from)) errors.from = 'Enter a day.'
  if (draft.to && !isDay(draft.to)) errors.to = 'Enter a day.'
  if (!errors.from && !errors.to && draft.from && draft.to && draft.from > draft.to) errors.to = 'The last day must not be before the first.'
  return errors
}

/** The API's filter: whole UTC days, the last one included. */
export function apiFilter(draft: AuditFilterDraft): AuditLogFilter {
  const filter: AuditLogFilter = {}
  if (AUDIT_ACTIONS.some((entry) => entry.value === draft.action)) filter.action = draft.action as AuditAction
  if (draft.actor.trim()) filter.actor = draft.actor.trim()
  if (draft.target.trim()) filter.target = draft.target.trim()
  if (draft.from && isDay(draft.from)) filter.from = `${draft.from}T00:00:00Z`
  if (draft.to && isDay(draft.to)) filter.to = new Date(new Date(`${draft.to}T00:00:00Z`).getTime() + DAY_MS).toISOString()
  return filter
}

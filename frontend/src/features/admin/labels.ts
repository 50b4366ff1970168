// The admin console's words for the API's enums: one place, so every screen says the same.
import type { AuditAction, AuditTargetType, ReportAction, ReportTargetType } from '@/gql/graphql'

export const AUDIT_ACTIONS: readonly { value: AuditAction; label: string }[] = [
  { value: 'USER_SUSPENDED', label: 'User suspended' },
  { value: 'USER_REINSTATED', label: 'User reinstated' },
  { value: 'PROFILE_HIDDEN', label: 'Profile hidden' },
  { value: 'PROFILE_UNHIDDEN', label: 'Profile shown again' },
  { value: 'FEEDBACK_REMOVED', label: 'Feedback removed' },
  { value: 'REPORT_RESOLVED', label: 'Report resolved' },
  { value: 'SETTINGS_CHANGED', label: 'Settings changed' },
  { value: 'SIGN_IN_THROTTLED', label: 'Sign-in attempts throttled' },
  { value: 'PASSWORD_CHANGED', label: 'Password changed' },
  { value: 'PASSWORD_RESET_ISSUED', label: 'Password reset link issued' },
  { value: 'PASSWORD_RESET_USED', label: 'Password reset link used' },
  { value: 'DATA_EXPORTED', label: 'Data exported' },
  { value: 'ACCOUNT_DELETED', label: 'Account deleted' },
  { value: 'USER_ERASED', label: 'User erased' },
  { value: 'ADMIN_CREATED', label: 'Admin created' },
  { value: 'COHORT_PROPOSED', label: 'Cohort pairs proposed' },
  { value: 'COHORT_PUBLISHED', label: 'Cohort pairs published' },
  { value: 'PEOPLE_IMPORTED', label: 'People imported' },
]

export function auditActionLabel(action: string): string {
  return AUDIT_ACTIONS.find((entry) => entry.value === action)?.label ?? action.replaceAll('_', ' ').toLowerCase()
}

export const AUDIT_TARGETS: Record<AuditTargetType, string> = {
  USER: 'User',
  PROFILE: 'Profile',
  FEEDBACK: 'Feedback',
  REPORT: 'Report',
  SETTINGS: 'Programme settings',
  EMAIL: 'Email (hashed)',
  COHORT_PROPOSAL: 'Cohort proposal',
}

export const REPORT_TARGETS: Record<ReportTargetType, string> = {
  USER: 'A participant',
  PROFILE: 'A profile',
  FEEDBACK: 'A check-in',
}

export const REPORT_ACTIONS: Record<ReportAction, string> = {
  NONE: 'No action needed',
  HIDE_PROFILE: 'Hide the profile',
  SUSPEND_USER: 'Suspend the participant',
  REMOVE_FEEDBACK: 'Remove the check-in',
}

/** The actions that make sense for a report on this kind of target. */
export function actionsFor(target: ReportTargetType): ReportAction[] {
  return target === 'FEEDBACK' ? ['NONE', 'REMOVE_FEEDBACK', 'SUSPEND_USER'] : ['NONE', 'HIDE_PROFILE', 'SUSPEND_USER']
}

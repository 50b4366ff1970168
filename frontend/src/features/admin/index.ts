// The admin console's screens, loaded together on the first visit to /admin.
export { AuditScreen } from './AuditScreen'
export { CohortProposalScreen, CohortStartScreen } from './CohortScreen'
export { ImportScreen } from './ImportScreen'
export { ReportsScreen } from './ReportsScreen'
export { SkillGapScreen } from './SkillGapScreen'
export { SkillGapTopicScreen } from './SkillGapTopicScreen'
export { UserScreen } from './UserScreen'
export { UsersScreen } from './UsersScreen'

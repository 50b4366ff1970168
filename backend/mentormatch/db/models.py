"""Every domain's tables, imported in one place so Alembic and the drift test see the whole schema."""

from mentormatch.accounts.models import PasswordResetToken, RateLimitCounter, Session, SignInFailure, User
from mentormatch.audit.models import AuditEntry
from mentormatch.cohorts.models import CohortPair, CohortProposal
from mentormatch.db.base import Base
from mentormatch.feedback.models import (
    CheckInReminder,
    Feedback,
    FeedbackProgress,
    MentorshipSession,
    RatingTotals,
)
from mentormatch.mail.models import EmailPreference, OutboxEmail
from mentormatch.mentorships.models import Mentorship, MentorshipRequest
from mentormatch.moderation.models import Report
from mentormatch.notifications.models import Notification
from mentormatch.profiles.models import Profile, ProfileItem, ProfileSkill
from mentormatch.programme.models import ProgrammeSettingsRow
from mentormatch.skillgap.models import SkillGapJob, SkillGapTopic

__all__ = [
    "AuditEntry",
    "Base",
    "CheckInReminder",
    "CohortPair",
    "CohortProposal",
    "EmailPreference",
    "Feedback",
    "FeedbackProgress",
    "Mentorship",
    "MentorshipRequest",
    "MentorshipSession",
    "Notification",
    "OutboxEmail",
    "PasswordResetToken",
    "Profile",
    "ProfileItem",
    "ProfileSkill",
    "ProgrammeSettingsRow",
    "RateLimitCounter",
    "RatingTotals",
    "Report",
    "Session",
    "SignInFailure",
    "SkillGapJob",
    "SkillGapTopic",
    "User",
]

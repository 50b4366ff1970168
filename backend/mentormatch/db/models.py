"""Every domain's tables, imported in one place so Alembic and the drift test see the whole schema."""

from mentormatch.accounts.models import PasswordResetToken, RateLimitCounter, Session, SignInFailure, User
from mentormatch.audit.models import AuditEntry
from mentormatch.db.base import Base
from mentormatch.feedback.models import (
    CheckInReminder,
    Feedback,
    FeedbackProgress,
    MentorshipSession,
    RatingTotals,
)
from mentormatch.matching.models import MatchingSettings
from mentormatch.mentorships.models import Mentorship, MentorshipRequest
from mentormatch.notifications.models import Notification
from mentormatch.profiles.models import Profile, ProfileItem, ProfileSkill

__all__ = [
    "AuditEntry",
    "Base",
    "CheckInReminder",
    "Feedback",
    "FeedbackProgress",
    "MatchingSettings",
    "Mentorship",
    "MentorshipRequest",
    "MentorshipSession",
    "Notification",
    "PasswordResetToken",
    "Profile",
    "ProfileItem",
    "ProfileSkill",
    "RateLimitCounter",
    "RatingTotals",
    "Session",
    "SignInFailure",
    "User",
]

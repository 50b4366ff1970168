"""Every domain's tables, imported in one place so Alembic and the drift test see the whole schema."""

from mentormatch.accounts.models import RateLimitCounter, Session, SignInFailure, User
from mentormatch.db.base import Base

__all__ = ["Base", "RateLimitCounter", "Session", "SignInFailure", "User"]

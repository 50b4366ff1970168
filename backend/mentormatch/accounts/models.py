"""Tables of accounts: users, their sign-in sessions, rate-limit counters, sign-in failures, password
reset links and single sign-on identities.

Nothing here refers to a person by a copy of their email: rate-limit counters and sign-in failures key on
a keyed hash of it (`audit.service.subject_hash`), so erasing an account leaves no trace of its address.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    func,
    literal_column,
    text,
)
from sqlalchemy.dialects.postgresql import UUID
from sqlalchemy.orm import Mapped, mapped_column

from mentormatch.db.base import Base, TimestampedMixin, new_id

# The folded text `users(filter: {search})` matches, exactly as the trigram index holds it.
SEARCH_TEXT = "f_unaccent(lower((display_name::text || ' ') || email::text))"


class User(TimestampedMixin, Base):
    """A participant (mentor, mentee or both) or an admin; the same id everywhere."""

    __tablename__ = "users"
    __table_args__ = (
        CheckConstraint("email = lower(btrim(email))", name="email_normalised"),
        # Admins' `users(filter: {search})`: partial words of the name or email, whatever their case and
        # accents, on a trigram index of the folded text (`f_unaccent` is migration 0015's immutable
        # wrapper of `unaccent`; moderation.service.search_condition writes the same expression).
        # Admins' list of users, newest first.
        Index("ix_users_created_at", "created_at", "id"),
        Index(
            "ix_users_search",
            literal_column(SEARCH_TEXT).label("search_text"),
            postgresql_using="gin",
            postgresql_ops={"search_text": "gin_trgm_ops"},
        ),
    )

    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True, default=new_id)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    display_name: Mapped[str] = mapped_column(String(100))
    # NULL: the account cannot sign in until a password is set (bulk-imported participants).
    password_hash: Mapped[str | None] = mapped_column(String(255))
    is_admin: Mapped[bool] = mapped_column(default=False, server_default="false")
    suspended_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    suspension_reason: Mapped[str | None] = mapped_column(Text)
    # Set when the account was deleted by its owner or erased by an admin (privacy.service): the row stays,
    # pseudonymised, for the records of others that refer to it.
    erased_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    @property
    def is_suspended(self) -> bool:
        return self.suspended_at is not None


class Session(Base):
    """One signed-in client. A token names its session, so signing out revokes exactly that token."""

    __tablename__ = "sessions"
    __table_args__ = (
        # Pruning: sessions expired or revoked long enough ago are deleted.
        Index("ix_sessions_expires_at", "expires_at"),
        Index("ix_sessions_revoked_at", "revoked_at", postgresql_where=text("revoked_at IS NOT NULL")),
    )

    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True, default=new_id)
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # The primary's WAL position (bytes) after this session's last write: its reads go to a replica
    # only once the replica has replayed this far (db.routing).
    write_lsn: Mapped[int | None] = mapped_column(BigInteger)


class RateLimitCounter(Base):
    """Attempts per key (client address or account) in a fixed window, shared by all API processes."""

    __tablename__ = "rate_limit_counters"
    # Pruning: counters whose window has passed are deleted.
    __table_args__ = (Index("ix_rate_limit_counters_window_start", "window_start"),)

    key: Mapped[str] = mapped_column(String(300), primary_key=True)
    window_start: Mapped[datetime] = mapped_column(DateTime(timezone=True), primary_key=True)
    hits: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


class SignInFailure(Base):
    """Consecutive failed sign-ins per email (by keyed hash) and client address (existing account or not,
    so it reveals nothing). Attempts are counted here before their password is checked."""

    __tablename__ = "sign_in_failures"
    # Pruning: failures old enough to be forgotten are deleted.
    __table_args__ = (Index("ix_sign_in_failures_last_failure_at", "last_failure_at"),)

    # audit.service.subject_hash of the normalised email: never the email itself.
    account_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    client_address: Mapped[str] = mapped_column(String(64), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer)
    last_failure_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class PasswordResetToken(Base):
    """A one-time link an admin issued for a user to set a new password (for programmes without email).

    Only a SHA-256 of the random token is stored: the link is shown once, to the admin who issued it. A
    user has at most one: issuing another deletes the previous one.
    """

    __tablename__ = "password_reset_tokens"

    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True, default=new_id)
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[bytes] = mapped_column(LargeBinary(32), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class OidcIdentity(Base):
    """An account's identity at the single sign-on provider: its issuer and subject (`iss`, `sub`).

    Later sign-ins find the account by these, never by the email again: the provider may let a person
    change their address, but never their subject.
    """

    __tablename__ = "oidc_identities"

    issuer: Mapped[str] = mapped_column(String(500), primary_key=True)
    subject: Mapped[str] = mapped_column(String(255), primary_key=True)
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())

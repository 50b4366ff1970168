"""Password reset links: a person who forgot their password asks for one by email, or, in programmes
without email, an admin issues one and passes it on.

The token is 32 random bytes, shown once (in the link the admin sees) and stored only as its SHA-256, so a
copy of the database opens no account. A link works once, for RESET_LINK_TTL; issuing another for the same
user replaces it. Using it sets the new password (the same rules as changing it), ends every other session
of the account and signs the caller in. Both the issue and the use are audited.
"""

from __future__ import annotations

import asyncio
import hashlib
import secrets
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from mentormatch.accounts import rate_limits
from mentormatch.accounts.models import PasswordResetToken, Session, User
from mentormatch.accounts.passwords import hash_password, password_problem
from mentormatch.accounts.rate_limits import Limits
from mentormatch.accounts.service import Db, SignedIn, _open_session, account_key, normalise_email
from mentormatch.audit import service as audit
from mentormatch.db.engine import read_only
from mentormatch.errors import ErrorCode, InvalidInput, ServiceError
from mentormatch.mail import service as mail
from mentormatch.mail.models import EmailKind

RESET_LINK_TTL = timedelta(hours=24)
RESET_PATH = "/reset-password"
INVALID_LINK = "This reset link is not valid (it was used, has expired or was replaced); ask for a new one."


@dataclass(frozen=True)
class IssuedReset:
    token: str
    expires_at: datetime


def _digest(token: str) -> bytes:
    return hashlib.sha256(token.encode()).digest()


def reset_link(base_url: str, token: str) -> str:
    """The link a user opens to set a new password (the web app's reset screen)."""
    return f"{base_url.rstrip('/')}{RESET_PATH}?token={token}"


async def issue(db: Db, *, admin_id: uuid.UUID, user_id: uuid.UUID) -> IssuedReset:
    """A new one-time link for the user (any earlier one stops working); NOT_FOUND for an unknown or
    erased account. The caller checks that `admin_id` is an admin."""
    async with db.begin() as session:
        user = await session.get(User, user_id, with_for_update={"key_share": True})
        if user is None or user.erased_at is not None:
            raise ServiceError(ErrorCode.NOT_FOUND, "User not found.", "userId")
        token, expires_at = await _new_token(session, user_id)
        await audit.record(
            session,
            actor_id=admin_id,
            action=audit.Action.PASSWORD_RESET_ISSUED,
            target_type=audit.TargetType.USER,
            target_id=user_id,
            details={"expiresAt": expires_at.isoformat()},
        )
    return IssuedReset(token=token, expires_at=expires_at)


async def _new_token(session: AsyncSession, user_id: uuid.UUID) -> tuple[str, datetime]:
    """A new token for the user, replacing any earlier one; the token and when it expires."""
    token = secrets.token_urlsafe(32)
    await session.execute(delete(PasswordResetToken).where(PasswordResetToken.user_id == user_id))
    expires_at = await session.scalar(
        insert(PasswordResetToken)
        .values(
            id=uuid.uuid4(),
            user_id=user_id,
            token_hash=_digest(token),
            expires_at=func.now() + RESET_LINK_TTL,
        )
        .returning(PasswordResetToken.expires_at)
    )
    assert expires_at is not None
    return token, expires_at


async def request_by_email(
    db: Db, *, email: str, base_url: str, limits: Limits, client: str, signing_key: str
) -> None:
    """Email a one-time reset link to the account with this address, if there is one that may sign in;
    the caller answers the same either way, so nobody learns whether an address has an account. Rate
    limited per address and per email (RATE_LIMITED), whether or not the account exists."""
    address = normalise_email(email)
    async with db.begin() as session:
        await rate_limits.count_attempt(session, limits.password_reset_per_address, client)
        await rate_limits.count_attempt(
            session, limits.password_reset_per_email, account_key(signing_key, address)
        )
    async with db.begin() as session:
        user = await session.scalar(select(User).where(User.email == address).with_for_update(key_share=True))
        if user is None or user.erased_at is not None or user.is_suspended:
            return
        token, expires_at = await _new_token(session, user.id)
        await mail.enqueue(
            session,
            [
                mail.Outgoing(
                    user.id,
                    EmailKind.PASSWORD_RESET,
                    {
                        "link": reset_link(base_url, token),
                        "expires": expires_at.astimezone(UTC).strftime("%-d %b %Y, %H:%M UTC"),
                    },
                )
            ],
        )
        await audit.record(
            session,
            actor_id=user.id,
            action=audit.Action.PASSWORD_RESET_REQUESTED,
            target_type=audit.TargetType.USER,
            target_id=user.id,
            details={"expiresAt": expires_at.isoformat()},
        )


async def reset_password(
    db: Db, *, token: str, new_password: str, signing_key: str, ttl: timedelta
) -> SignedIn:
    """Set a new password with a reset link's token and sign in; every other session of the account
    ends. A used, expired, replaced or unknown token is INVALID_INPUT on `token`, and a token is used up
    only by a reset that succeeds (a weak password leaves it valid)."""
    digest = _digest(token)
    async with read_only(db) as session:
        row = (
            await session.execute(
                select(PasswordResetToken.id, User)
                .join(User, User.id == PasswordResetToken.user_id)
                .where(
                    PasswordResetToken.token_hash == digest,
                    PasswordResetToken.used_at.is_(None),
                    PasswordResetToken.expires_at > datetime.now(UTC),
                )
            )
        ).one_or_none()
    if row is None:
        raise InvalidInput([("token", INVALID_LINK)])
    token_id, user = row
    if user.is_suspended:
        raise ServiceError(ErrorCode.FORBIDDEN, "This account is suspended.")
    # Slow work first, with no transaction open: the strength check and the hash.
    problem = await asyncio.to_thread(
        password_problem, new_password, [user.email, user.email.split("@")[0], user.display_name]
    )
    if problem:
        raise InvalidInput([("newPassword", problem)])
    password_hash = await asyncio.to_thread(hash_password, new_password)
    async with db.begin() as session:
        # Used once: of two resets with the same token, one finds it unused.
        used = await session.scalar(
            update(PasswordResetToken)
            .where(
                PasswordResetToken.id == token_id,
                PasswordResetToken.used_at.is_(None),
                PasswordResetToken.expires_at > func.now(),
            )
            .values(used_at=func.now())
            .returning(PasswordResetToken.user_id)
        )
        if used is None:
            raise InvalidInput([("token", INVALID_LINK)])
        await session.execute(update(User).where(User.id == user.id).values(password_hash=password_hash))
        await session.execute(
            update(Session)
            .where(Session.user_id == user.id, Session.revoked_at.is_(None))
            .values(revoked_at=datetime.now(UTC))
        )
        await audit.record(
            session,
            actor_id=user.id,
            action=audit.Action.PASSWORD_RESET_USED,
            target_type=audit.TargetType.USER,
            target_id=user.id,
        )
        fresh = await session.get_one(User, user.id, populate_existing=True)
        return await _open_session(session, fresh, signing_key, ttl)

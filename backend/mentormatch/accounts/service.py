"""The rules of accounts: signing up, signing in and out, passwords, admins, and who a token is.

Functions take the session factory `db` because some of their writes (rate-limit counters, failure
back-off) must be committed even when the attempt itself fails.
"""

from __future__ import annotations

import asyncio
import re
import unicodedata
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from mentormatch.accounts import rate_limits
from mentormatch.accounts.models import OidcIdentity, Session, User
from mentormatch.accounts.oidc import Identity, SsoError, SsoRefused
from mentormatch.accounts.passwords import hash_password, password_problem, verify_password
from mentormatch.accounts.tokens import issue_token, read_token
from mentormatch.audit import service as audit
from mentormatch.db.engine import read_only
from mentormatch.db.routing import INSERT_POSITION
from mentormatch.errors import ErrorCode, InvalidInput, ServiceError
from mentormatch.text import has_control_characters

Db = async_sessionmaker[AsyncSession]

MAX_EMAIL_LENGTH = 254
MAX_DISPLAY_NAME_LENGTH = 100
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]+$")
INVALID_CREDENTIALS_MESSAGE = "The email or password is incorrect."
# Sessions are kept this long after they expire or are revoked, then deleted.
SESSION_PRUNE_GRACE = timedelta(days=1)


@dataclass(frozen=True)
class SignedIn:
    """A new sign-in: the user, the token naming their session, and when it expires."""

    user: User
    session_id: uuid.UUID
    token: str
    expires_at: datetime


@dataclass(frozen=True)
class Viewer:
    """Who is making a request, and how they proved it."""

    user: User
    session_id: uuid.UUID
    via_cookie: bool
    # The primary's WAL position after this session's last write (db.routing: read your writes).
    write_lsn: int | None = None

    @property
    def is_admin(self) -> bool:
        return self.user.is_admin


def normalise_email(raw: str) -> str:
    """Emails compare case-insensitively and without surrounding whitespace."""
    return unicodedata.normalize("NFKC", raw).strip().lower()


def account_key(signing_key: str, email: str) -> str:
    """How rate limits, sign-in failures and the audit log refer to an email (normalised): a keyed hash,
    never a copy."""
    return audit.subject_hash(signing_key, email)


def email_problem(email: str) -> str | None:
    if len(email) > MAX_EMAIL_LENGTH:
        return f"An email address has at most {MAX_EMAIL_LENGTH} characters."
    if not _EMAIL.match(email) or has_control_characters(email):
        return "Enter a valid email address, like name@example.com."
    return None


def clean_display_name(raw: str) -> tuple[str, str | None]:
    """The display name as stored, and why it is not acceptable (or None)."""
    name = " ".join(unicodedata.normalize("NFKC", raw).split())
    if not name:
        return name, "Enter a display name."
    if len(name) > MAX_DISPLAY_NAME_LENGTH:
        return name, f"A display name has at most {MAX_DISPLAY_NAME_LENGTH} characters."
    if any(unicodedata.category(ch).startswith("C") for ch in name):
        return name, "A display name cannot contain control characters."
    return name, None


async def register(
    db: Db,
    *,
    email: str,
    password: str,
    display_name: str,
    client: str,
    signing_key: str,
    ttl: timedelta,
    limits: rate_limits.Limits,
) -> SignedIn:
    """Create a participant account and sign it in; attempts are limited per client address and per
    email (by its keyed hash)."""
    email = normalise_email(email)
    async with db.begin() as session:
        await rate_limits.count_attempt(session, limits.register_per_address, client)
        await rate_limits.count_attempt(session, limits.register_per_email, account_key(signing_key, email))
    name, name_problem = clean_display_name(display_name)
    weak_password = await asyncio.to_thread(password_problem, password, [email, email.split("@")[0], name])
    problems = [
        (field, problem)
        for field, problem in (
            ("email", email_problem(email)),
            ("displayName", name_problem),
            ("password", weak_password),
        )
        if problem
    ]
    if problems:
        raise InvalidInput(problems)
    password_hash = await asyncio.to_thread(hash_password, password)
    async with db.begin() as session:
        user_id = await session.scalar(
            insert(User)
            .values(id=uuid.uuid4(), email=email, display_name=name, password_hash=password_hash)
            .on_conflict_do_nothing(index_elements=[User.email])
            .returning(User.id)
        )
        if user_id is None:
            raise ServiceError(ErrorCode.CONFLICT, "An account with this email already exists.", "email")
        user = await session.get_one(User, user_id)
        return await _open_session(session, user, signing_key, ttl)


async def sign_in(
    db: Db,
    *,
    email: str,
    password: str,
    client: str,
    signing_key: str,
    ttl: timedelta,
    limits: rate_limits.Limits,
) -> SignedIn:
    """Check the credentials and open a session. Failures never tell whether the account exists.

    The attempt is counted as a failure before the password is checked (see `rate_limits`), so
    parallel guesses cannot outrun the back-off; a right password takes the count back. A failure over
    the free ones is audited (SIGN_IN_THROTTLED), by the keyed hash of the email.
    """
    email = normalise_email(email)
    account = account_key(signing_key, email)
    async with db.begin() as session:
        attempt = await rate_limits.claim_sign_in(session, limits, account=account, client=client)
        # No account has an invalid address (each was checked when it was made): nothing to look up.
        user = None if email_problem(email) else await session.scalar(select(User).where(User.email == email))
    hash_ = user.password_hash if user is not None else None
    if not await asyncio.to_thread(verify_password, password, hash_):
        if rate_limits.throttled(attempt):
            async with db.begin() as session:
                await audit.record(
                    session,
                    actor_id=None,
                    action=audit.Action.SIGN_IN_THROTTLED,
                    target_type=audit.TargetType.EMAIL,
                    target_id=user.id if user is not None else None,
                    target_hash=account,
                    details={"failures": attempt.failures},
                )
        raise ServiceError(ErrorCode.INVALID_CREDENTIALS, INVALID_CREDENTIALS_MESSAGE)
    assert user is not None
    async with db.begin() as session:
        await rate_limits.release_sign_in(session, attempt)
        if not user.is_suspended:
            return await _open_session(session, user, signing_key, ttl)
    raise ServiceError(ErrorCode.FORBIDDEN, "This account is suspended.")


async def sign_in_with_identity(
    db: Db,
    *,
    identity: Identity,
    allowed_domains: list[str],
    signing_key: str,
    ttl: timedelta,
) -> SignedIn:
    """Open a session for the person a single sign-on proved (accounts.oidc), or SsoRefused.

    The account is found by the provider's issuer and subject once linked. Else the email must be
    verified by the provider (and in an allowed domain): an account with that email is linked, or a
    participant account (no password, no profile) is made for it. One transaction: a refusal leaves
    nothing behind.
    """
    email = normalise_email(identity.email or "")
    if not identity.email_verified or email_problem(email):
        raise SsoRefused(SsoError.EMAIL_UNVERIFIED)
    if allowed_domains and email.rpartition("@")[2] not in allowed_domains:
        raise SsoRefused(SsoError.DOMAIN_NOT_ALLOWED)
    async with db.begin() as session:
        user = await session.scalar(
            select(User)
            .join(OidcIdentity, OidcIdentity.user_id == User.id)
            .where(OidcIdentity.issuer == identity.issuer, OidcIdentity.subject == identity.subject)
        )
        if user is None:
            user = await _account_for_email(session, email, identity.name)
            session.add(OidcIdentity(issuer=identity.issuer, subject=identity.subject, user_id=user.id))
        if user.is_suspended:  # raised inside the transaction: a link just made is rolled back too
            raise SsoRefused(SsoError.ACCOUNT_SUSPENDED)
        return await _open_session(session, user, signing_key, ttl)


async def _account_for_email(session: AsyncSession, email: str, name: str | None) -> User:
    """The account of a verified email: the existing one, or a new participant named from the claims."""
    fallback = email.split("@")[0]
    display_name, problem = clean_display_name(name or fallback)
    if problem:
        display_name = clean_display_name(fallback)[0][:MAX_DISPLAY_NAME_LENGTH]
    # A concurrent first sign-in (or sign-up) of the same email makes the row first: then it is theirs.
    await session.execute(
        insert(User)
        .values(id=uuid.uuid4(), email=email, display_name=display_name, password_hash=None)
        .on_conflict_do_nothing(index_elements=[User.email])
    )
    user = await session.scalar(select(User).where(User.email == email))
    assert user is not None
    return user


async def sign_out(db: Db, *, session_id: uuid.UUID) -> None:
    """Revoke one session: its token and cookie stop working at once."""
    async with db.begin() as session:
        await session.execute(
            update(Session)
            .where(Session.id == session_id, Session.revoked_at.is_(None))
            .values(revoked_at=datetime.now(UTC))
        )


async def change_password(db: Db, *, viewer: Viewer, current_password: str, new_password: str) -> User:
    """Replace the password after checking the current one; every other session is signed out."""
    async with db() as session:
        user = await session.get_one(User, viewer.user.id)
    if not await asyncio.to_thread(verify_password, current_password, user.password_hash):
        raise ServiceError(
            ErrorCode.INVALID_CREDENTIALS, "The current password is incorrect.", "currentPassword"
        )
    problem = await asyncio.to_thread(
        password_problem, new_password, [user.email, user.email.split("@")[0], user.display_name]
    )
    if problem:
        raise InvalidInput([("newPassword", problem)])
    password_hash = await asyncio.to_thread(hash_password, new_password)
    async with db.begin() as session:
        await session.execute(update(User).where(User.id == user.id).values(password_hash=password_hash))
        await session.execute(
            update(Session)
            .where(Session.user_id == user.id, Session.id != viewer.session_id, Session.revoked_at.is_(None))
            .values(revoked_at=datetime.now(UTC))
        )
        await audit.record(
            session,
            actor_id=user.id,
            action=audit.Action.PASSWORD_CHANGED,
            target_type=audit.TargetType.USER,
            target_id=user.id,
        )
        return await session.get_one(User, user.id, populate_existing=True)


async def authenticate(db: Db, *, signing_key: str, token: str, via_cookie: bool) -> Viewer | None:
    """The viewer a token proves, or None: forged, expired, signed out or suspended all mean None."""
    claims = read_token(signing_key, token)
    if claims is None:
        return None
    async with read_only(db) as session:  # on every request: one round trip, no transaction
        row = (
            await session.execute(
                select(User, Session.write_lsn)
                .join(Session, Session.user_id == User.id)
                .where(
                    Session.id == claims.session_id,
                    User.id == claims.user_id,
                    Session.revoked_at.is_(None),
                    Session.expires_at > datetime.now(UTC),
                    User.suspended_at.is_(None),
                )
            )
        ).first()
    if row is None:
        return None
    user, write_lsn = row
    return Viewer(user=user, session_id=claims.session_id, via_cookie=via_cookie, write_lsn=write_lsn)


async def remember_write_position(db: Db, session_id: uuid.UUID) -> None:
    """Store on the session the primary's WAL position after its viewer's writes so far (db.routing)."""
    async with db.begin() as session:
        await session.execute(
            update(Session).where(Session.id == session_id).values(write_lsn=INSERT_POSITION)
        )


async def create_admin(db: Db, *, email: str, password: str | None, display_name: str | None) -> User:
    """Create an admin account, or promote an existing one (setting its password when given)."""
    email = normalise_email(email)
    problems: list[tuple[str, str]] = []
    if problem := email_problem(email):
        problems.append(("email", problem))
    if password is not None and (
        problem := await asyncio.to_thread(password_problem, password, [email, email.split("@")[0]])
    ):
        problems.append(("password", problem))
    name, name_problem = clean_display_name(display_name or email.split("@")[0])
    if name_problem:
        problems.append(("displayName", name_problem))
    if problems:
        raise InvalidInput(problems)
    values: dict[str, object] = {"is_admin": True}
    if password is not None:
        values["password_hash"] = await asyncio.to_thread(hash_password, password)
    async with db.begin() as session:
        user_id = await session.scalar(
            insert(User)
            .values(id=uuid.uuid4(), email=email, display_name=name, **values)
            .on_conflict_do_update(index_elements=[User.email], set_=values)
            .returning(User.id)
        )
        return await session.get_one(User, user_id)


async def _open_session(session: AsyncSession, user: User, signing_key: str, ttl: timedelta) -> SignedIn:
    expires_at = datetime.now(UTC) + ttl
    row = Session(id=uuid.uuid4(), user_id=user.id, expires_at=expires_at)
    session.add(row)
    await session.flush()
    token = issue_token(signing_key, user_id=user.id, session_id=row.id, expires_at=expires_at)
    return SignedIn(user=user, session_id=row.id, token=token, expires_at=expires_at)


async def prune_sessions(session: AsyncSession) -> int:
    """Delete sessions expired or revoked more than SESSION_PRUNE_GRACE ago; returns how many."""
    cutoff = func.now() - SESSION_PRUNE_GRACE
    result = await session.execute(
        delete(Session)
        .where(or_(Session.expires_at < cutoff, Session.revoked_at < cutoff))
        .execution_options(synchronize_session=False)
    )
    return int(result.rowcount)  # type: ignore[attr-defined]

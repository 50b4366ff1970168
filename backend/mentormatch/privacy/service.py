"""Participants' own data: everything held about them as one document, and erasing it for good.

Export (`export_my_data`): the account (no password hash), the profile (every text, skill and
personality; not the vectors, which are numbers derived from those texts and mean nothing outside the
model), requests both ways, mentorships (the other side by display name only), the participant's own
check-ins, the sessions logged on their mentorships, their reports, their notifications, their sign-ins
and the security events about them. Read in one snapshot and audited (DATA_EXPORTED) in the same
transaction.

Erasure (`delete_my_account` by the owner, with their password or a fresh sign-in; `erase_user` by an
admin, with a reason) runs one transaction (`erase`):
- the account leaves the programme first (`mentorships.service.release_participant`): pending requests
  CANCELLED and active mentorships ENDED_EARLY, the other side of each told;
- everything the person wrote goes: profile texts, items and their vectors, skills, personality, contact
  note, request messages and the objectives of their requests, reasons they gave, check-in comments and
  the objectives in check-in progress on their requests, session notes, report reasons;
- the account is pseudonymised: "A former participant", an email that is no address
  (`erased+<id>@invalid`), no password, no sessions, no reset links, no notifications, emails or email
  choices of theirs, no
  rate-limit counters or sign-in failures about them (keyed by the hash of the old email);
- records others need stay, pseudonymised: the other side's requests and mentorships, ratings (as the
  mentor's aggregates and the programme's figures), the audit trail (which refers to people by id or
  keyed hash only). Where those records quote the person (a notification "Maya accepted your request",
  a partner's note "thanks Maya", an email to someone else not sent yet), their name, email and the
  reasons they wrote are replaced
  (`_pseudonymise_mentions`): the exact display name as a whole word, within the records linked to them.
  A first name alone in someone else's free text is not found.
Erasing twice changes nothing and is audited once.
"""

from __future__ import annotations

import asyncio
import re
import uuid
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import delete, func, or_, select, text, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.orm import selectinload

from mentormatch.accounts import rate_limits
from mentormatch.accounts.models import OidcIdentity, PasswordResetToken, Session, User
from mentormatch.accounts.passwords import verify_password
from mentormatch.accounts.service import account_key
from mentormatch.audit import service as audit
from mentormatch.audit.models import MAX_AUDIT_REASON, AuditEntry
from mentormatch.db.transactions import run_in_transaction
from mentormatch.errors import ErrorCode, InvalidInput, ServiceError, forbidden
from mentormatch.feedback.models import CheckInReminder, Feedback, FeedbackProgress, MentorshipSession
from mentormatch.mail.models import EmailPreference, OutboxEmail
from mentormatch.mentorships import service as mentorships
from mentormatch.mentorships.models import Mentorship, MentorshipRequest, RequestStatus
from mentormatch.notifications.models import Notification
from mentormatch.profiles.models import ItemKind, Profile, ProfileItem, ProfileSkill
from mentormatch.text import CONTROL_CHARACTERS, has_control_characters

Db = async_sessionmaker[AsyncSession]

FORMER_PARTICIPANT = "A former participant"
# What stands in a required text (a request's message, a progress entry's objective) once erased.
ERASED_TEXT = "(erased)"
LEAVING_REASON = "The other participant left the programme."
EXPORT_FORMAT = "mentormatch-export/1"


def erased_email(user_id: uuid.UUID) -> str:
    """A unique value for `users.email` that is no address (no dot in its domain: never valid to sign
    up with)."""
    return f"erased+{user_id.hex}@invalid"


# ---------------------------------------------------------------------------------------------- export


def _at(value: datetime | date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _value(enum_value: Any) -> str | None:
    return enum_value.value if enum_value is not None else None


async def _names(session: AsyncSession, user_ids: set[uuid.UUID]) -> dict[uuid.UUID, str]:
    if not user_ids:
        return {}
    rows = await session.execute(select(User.id, User.display_name).where(User.id.in_(user_ids)))
    return dict(rows.tuples().all())


async def export_my_data(db: Db, *, user_id: uuid.UUID) -> dict[str, Any]:
    """Everything held about the user as one JSON-ready document; audited (DATA_EXPORTED)."""
    async with db.begin() as session:
        # One snapshot for every statement: the document is consistent even while things change.
        await session.connection(execution_options={"isolation_level": "REPEATABLE READ"})
        user = await session.get_one(User, user_id)
        profile = await session.scalar(
            select(Profile)
            .where(Profile.user_id == user_id)
            .options(selectinload(Profile.items), selectinload(Profile.skills))
        )
        R, M = MentorshipRequest, Mentorship
        requests = list(
            await session.scalars(
                select(R)
                .where(or_(R.mentor_id == user_id, R.mentee_id == user_id))
                .order_by(R.created_at, R.id)
            )
        )
        mentorships_ = list(
            await session.scalars(
                select(M)
                .where(or_(M.mentor_id == user_id, M.mentee_id == user_id))
                .order_by(M.started_at, M.id)
            )
        )
        feedback = list(
            await session.scalars(
                select(Feedback)
                .where(Feedback.author_id == user_id)
                .order_by(Feedback.created_at, Feedback.id)
                .options(selectinload(Feedback.progress))
            )
        )
        logged = list(
            await session.scalars(
                select(MentorshipSession)
                .where(MentorshipSession.mentorship_id.in_([m.id for m in mentorships_]))
                .order_by(MentorshipSession.held_on, MentorshipSession.created_at)
            )
        )
        notifications = list(
            await session.scalars(
                select(Notification)
                .where(Notification.user_id == user_id)
                .order_by(Notification.created_at, Notification.id)
            )
        )
        sign_ins = list(
            await session.scalars(
                select(Session).where(Session.user_id == user_id).order_by(Session.created_at)
            )
        )
        events = list(
            await session.scalars(
                select(AuditEntry)
                .where(or_(AuditEntry.actor_id == user_id, AuditEntry.target_id == user_id))
                .order_by(AuditEntry.at, AuditEntry.id)
            )
        )
        reports = await export_reports(session, user_id)
        email_choices = (
            await session.execute(
                select(EmailPreference.kind, EmailPreference.delivery, EmailPreference.updated_at)
                .where(EmailPreference.user_id == user_id)
                .order_by(EmailPreference.kind)
            )
        ).all()
        emails = list(
            await session.scalars(
                select(OutboxEmail)
                .where(OutboxEmail.user_id == user_id)
                .order_by(OutboxEmail.created_at, OutboxEmail.id)
            )
        )
        others = {r.mentor_id for r in requests} | {r.mentee_id for r in requests}
        others |= {m.mentor_id for m in mentorships_} | {m.mentee_id for m in mentorships_}
        names = await _names(session, others - {user_id})
        document = {
            "format": EXPORT_FORMAT,
            "exportedAt": datetime.now(UTC).isoformat(),
            "account": {
                "id": str(user.id),
                "email": user.email,
                "displayName": user.display_name,
                "isAdmin": user.is_admin,
                "createdAt": _at(user.created_at),
                "updatedAt": _at(user.updated_at),
                "suspendedAt": _at(user.suspended_at),
                "hasPassword": user.password_hash is not None,
            },
            "profile": _profile(profile),
            "requests": [_request(r, user_id, names) for r in requests],
            "mentorships": [_mentorship(m, user_id, names) for m in mentorships_],
            "feedback": [_feedback(f) for f in feedback],
            "sessions": [_session(s, user_id) for s in logged],
            "reports": reports,
            "notifications": [
                {
                    "id": str(n.id),
                    "kind": _value(n.kind),
                    "message": n.message,
                    "createdAt": _at(n.created_at),
                    "readAt": _at(n.read_at),
                }
                for n in notifications
            ],
            "emailChoices": [
                {"kind": _value(kind), "delivery": _value(delivery), "chosenAt": _at(at)}
                for kind, delivery, at in email_choices
            ],
            # What was emailed to them and when (the outbox keeps no text of a sent email).
            "emails": [
                {
                    "kind": _value(e.kind),
                    "delivery": _value(e.delivery),
                    "createdAt": _at(e.created_at),
                    "sentAt": _at(e.sent_at),
                    "givenUpAt": _at(e.failed_at),
                }
                for e in emails
            ],
            "signIns": [
                {
                    "createdAt": _at(s.created_at),
                    "expiresAt": _at(s.expires_at),
                    "revokedAt": _at(s.revoked_at),
                }
                for s in sign_ins
            ],
            "securityEvents": [
                {"at": _at(e.at), "action": e.action, "byYou": e.actor_id == user_id} for e in events
            ],
        }
        await audit.record(
            session,
            actor_id=user_id,
            action=audit.Action.DATA_EXPORTED,
            target_type=audit.TargetType.USER,
            target_id=user_id,
        )
    return document


def _profile(profile: Profile | None) -> dict[str, Any] | None:
    if profile is None:
        return None
    return {
        "canMentor": profile.can_mentor,
        "seeksMentoring": profile.seeks_mentoring,
        "headline": profile.headline,
        "bio": profile.bio,
        "expertise": profile.texts(ItemKind.EXPERTISE),
        "objectives": profile.texts(ItemKind.OBJECTIVE),
        "skills": [{"name": s.name, "level": s.level} for s in profile.skills],
        "careerStage": _value(profile.career_stage),
        "yearsOfExperience": profile.years_of_experience,
        "department": profile.department,
        "location": profile.location,
        "timezone": profile.timezone,
        "languages": list(profile.languages),
        "personality": {"bigFive": profile.big_five, "mbti": profile.mbti},
        "capacity": profile.capacity,
        "acceptingRequests": profile.accepting_requests,
        "contactNote": profile.contact_note,
        "hiddenAt": _at(profile.hidden_at),
        "ratingsReceived": {
            "ratedMentorships": profile.rating_count,
            "ratingSum": profile.rating_sum,
            "distinctMentees": profile.rating_mentees,
        },
        "createdAt": _at(profile.created_at),
        "updatedAt": _at(profile.updated_at),
    }


def _other(user_id: uuid.UUID, names: dict[uuid.UUID, str]) -> dict[str, str]:
    return {"id": str(user_id), "displayName": names.get(user_id, FORMER_PARTICIPANT)}


def _request(request: MentorshipRequest, user_id: uuid.UUID, names: dict[uuid.UUID, str]) -> dict[str, Any]:
    mine_as_mentor = request.mentor_id == user_id
    other = request.mentee_id if mine_as_mentor else request.mentor_id
    return {
        "id": str(request.id),
        "direction": "SENT" if request.sender_id == user_id else "RECEIVED",
        "yourRole": "MENTOR" if mine_as_mentor else "MENTEE",
        "otherParticipant": _other(other, names),
        "status": mentorships.current_status(request).value,
        "message": request.message,
        "objectives": list(request.objectives),
        "reason": request.reason,
        "createdAt": _at(request.created_at),
        "expiresAt": _at(request.expires_at),
        "decidedAt": _at(request.decided_at),
    }


def _mentorship(mentorship: Mentorship, user_id: uuid.UUID, names: dict[uuid.UUID, str]) -> dict[str, Any]:
    mine_as_mentor = mentorship.mentor_id == user_id
    other = mentorship.mentee_id if mine_as_mentor else mentorship.mentor_id
    return {
        "id": str(mentorship.id),
        "requestId": str(mentorship.request_id),
        "yourRole": "MENTOR" if mine_as_mentor else "MENTEE",
        "otherParticipant": _other(other, names),
        "status": _value(mentorship.status),
        "startedAt": _at(mentorship.started_at),
        "endedAt": _at(mentorship.ended_at),
        "endedByYou": mentorship.ended_by == user_id if mentorship.ended_by else None,
        "outcome": _value(mentorship.outcome),
        "endReason": mentorship.end_reason,
    }


def _feedback(feedback: Feedback) -> dict[str, Any]:
    return {
        "id": str(feedback.id),
        "mentorshipId": str(feedback.mentorship_id),
        "yourRole": _value(feedback.author_role),
        "rating": feedback.rating,
        "goodFit": feedback.good_fit,
        "comment": feedback.comment,
        "final": feedback.final,
        "objectiveProgress": [{"objective": p.objective, "progress": p.progress} for p in feedback.progress],
        "createdAt": _at(feedback.created_at),
    }


def _session(logged: MentorshipSession, user_id: uuid.UUID) -> dict[str, Any]:
    return {
        "id": str(logged.id),
        "mentorshipId": str(logged.mentorship_id),
        "loggedByYou": logged.logged_by == user_id,
        "heldOn": _at(logged.held_on),
        "minutes": logged.minutes,
        "note": logged.note,
        "createdAt": _at(logged.created_at),
    }


# ---------------------------------------------------------------------------------------------- reports
# The one place export and erasure touch `reports` (moderation's table): a reporter's own words are theirs;
# what was done about a report, and the admins' notes, are the moderation record.


async def export_reports(session: AsyncSession, user_id: uuid.UUID) -> list[dict[str, Any]]:
    """The reports the user made (what they reported, why, and whether it was reviewed: never what was
    done about it)."""
    rows = await session.execute(
        text(
            "SELECT id, target_type::text AS target_type, target_id, reason, status::text AS status,"
            " created_at, resolved_at FROM reports WHERE reporter_id = :user_id ORDER BY created_at, id"
        ),
        {"user_id": user_id},
    )
    return [
        {
            "id": str(row.id),
            "targetType": row.target_type,
            "targetId": str(row.target_id),
            "reason": row.reason,
            "status": row.status,
            "createdAt": _at(row.created_at),
            "resolvedAt": _at(row.resolved_at),
        }
        for row in rows
    ]


async def erase_reports(session: AsyncSession, user_id: uuid.UUID) -> int:
    """Erase the reasons of the reports the user made (the reports stay, for the moderation record)."""
    result = await session.execute(
        text("UPDATE reports SET reason = :erased WHERE reporter_id = :user_id AND reason <> :erased"),
        {"erased": ERASED_TEXT, "user_id": user_id},
    )
    return int(result.rowcount)  # type: ignore[attr-defined]


# ---------------------------------------------------------------------------------------------- erasure


# How recent a sign-in confirms it is the owner who deletes an account without a password (single sign-on
# only): the sign-in through the organisation's provider stands in for re-entering a password.
RECENT_SIGN_IN = timedelta(minutes=10)


async def delete_my_account(
    db: Db, *, user_id: uuid.UUID, session_id: uuid.UUID, password: str | None, signing_key: str
) -> None:
    """The owner erases their own account once they have confirmed it is them; audited as
    ACCOUNT_DELETED by their (now pseudonymous) id.

    An account with a password re-enters it (INVALID_CREDENTIALS on `password` otherwise). An account
    without one (made by single sign-on) confirms by having signed in on this session within
    RECENT_SIGN_IN (REAUTHENTICATION_REQUIRED otherwise: sign in again, then delete).
    """
    async with db() as session:
        user = await session.get(User, user_id)
        opened = await session.scalar(select(Session.created_at).where(Session.id == session_id))
    if user is not None and user.password_hash is None:
        if opened is None or datetime.now(UTC) - opened > RECENT_SIGN_IN:
            minutes = int(RECENT_SIGN_IN.total_seconds() // 60)
            raise ServiceError(
                ErrorCode.REAUTHENTICATION_REQUIRED,
                f"Sign in again to confirm it is you, then delete your account within {minutes} minutes.",
            )
    elif not await asyncio.to_thread(verify_password, password or "", user.password_hash if user else None):
        raise ServiceError(ErrorCode.INVALID_CREDENTIALS, "The password is incorrect.", "password")
    await erase(db, user_id=user_id, actor_id=user_id, signing_key=signing_key, reason=None)


def clean_reason(raw: str) -> str:
    """An admin's reason for an erasure: required, at most MAX_AUDIT_REASON characters."""
    reason = " ".join(raw.split())
    if not reason:
        raise InvalidInput([("reason", "Say why this account is erased.")])
    if len(reason) > MAX_AUDIT_REASON:
        raise InvalidInput([("reason", f"At most {MAX_AUDIT_REASON} characters.")])
    if has_control_characters(reason):  # line breaks and tabs went with the whitespace
        raise InvalidInput([("reason", CONTROL_CHARACTERS)])
    return reason


async def erase_user(
    db: Db, *, admin_id: uuid.UUID, user_id: uuid.UUID, reason: str, signing_key: str
) -> User:
    """An admin erases someone's account (not their own: that is deleteMyAccount); audited as
    USER_ERASED with the reason. The caller checks that `admin_id` is an admin."""
    cleaned = clean_reason(reason)
    if user_id == admin_id:
        raise forbidden("Admins delete their own account with deleteMyAccount.")
    await erase(db, user_id=user_id, actor_id=admin_id, signing_key=signing_key, reason=cleaned)
    async with db() as session:
        return await session.get_one(User, user_id)


async def erase(
    db: Db, *, user_id: uuid.UUID, actor_id: uuid.UUID, signing_key: str, reason: str | None
) -> bool:
    """Erase the account in one transaction (see the module); False when it was erased already (nothing
    changes, nothing is audited). NOT_FOUND (field `id`) for an unknown account."""

    async def body(session: AsyncSession) -> bool | ServiceError:
        found = await session.get(User, user_id)
        if found is None:
            return ServiceError(ErrorCode.NOT_FOUND, "User not found.", "id")
        if found.erased_at is not None:
            return False
        released = await mentorships.release_participant(session, user_id=user_id, reason=LEAVING_REASON)
        # Locked now (release_participant locks the participants in id order).
        user = await session.get_one(User, user_id, populate_existing=True)
        if user.erased_at is not None:
            return False
        old_email = user.email
        quoted = await _reasons_written_by(session, user_id)
        await _pseudonymise_mentions(
            session,
            user_id,
            _pseudonymiser(name=user.display_name, email=old_email, user_id=user_id, quoted=quoted),
        )
        erased = await _erase_texts(session, user_id)
        await session.execute(
            update(User)
            .where(User.id == user_id)
            .values(
                display_name=FORMER_PARTICIPANT,
                email=erased_email(user_id),
                password_hash=None,
                is_admin=False,
                suspension_reason=None,
                erased_at=func.now(),
            )
        )
        await session.execute(delete(Session).where(Session.user_id == user_id))
        await session.execute(delete(PasswordResetToken).where(PasswordResetToken.user_id == user_id))
        # Else the next single sign-on of the same person would land in the erased account.
        await session.execute(delete(OidcIdentity).where(OidcIdentity.user_id == user_id))
        await session.execute(delete(Notification).where(Notification.user_id == user_id))
        await session.execute(
            delete(OutboxEmail)
            .where(OutboxEmail.user_id == user_id)
            .execution_options(synchronize_session=False)
        )
        await session.execute(delete(EmailPreference).where(EmailPreference.user_id == user_id))
        await session.execute(delete(CheckInReminder).where(CheckInReminder.user_id == user_id))
        await rate_limits.forget_account(session, account_key(signing_key, old_email), user_id)
        erased["reports"] = await erase_reports(session, user_id)
        await audit.record(
            session,
            actor_id=actor_id,
            action=audit.Action.ACCOUNT_DELETED if actor_id == user_id else audit.Action.USER_ERASED,
            target_type=audit.TargetType.USER,
            target_id=user_id,
            reason=reason,
            details={
                "cancelledRequests": released.cancelled_requests,
                "endedMentorships": released.ended_mentorships,
                **erased,
            },
        )
        session.expunge_all()
        return True

    return await run_in_transaction(db, body)


async def _reasons_written_by(session: AsyncSession, user_id: uuid.UUID) -> list[str]:
    """The reasons the user gave (declining a request, ending a mentorship), which notifications to the
    other side quote."""
    R, M = MentorshipRequest, Mentorship
    declined = await session.scalars(
        select(R.reason).where(
            R.recipient_id == user_id, R.status == RequestStatus.DECLINED, R.reason.is_not(None)
        )
    )
    ended = await session.scalars(
        select(M.end_reason).where(M.ended_by == user_id, M.end_reason.is_not(None))
    )
    return [reason for reason in [*declined, *ended] if reason]


def _constant(replacement: str) -> Callable[[re.Match[str]], str]:
    return lambda _match: replacement


def _pseudonymiser(
    *, name: str, email: str, user_id: uuid.UUID, quoted: Sequence[str]
) -> Callable[[str], str]:
    """A rewrite of someone else's text about the user: the reasons they wrote, their email and their
    display name (as a whole word, case as written) are replaced."""
    steps: list[tuple[re.Pattern[str], str]] = [
        (re.compile(re.escape(reason)), ERASED_TEXT) for reason in sorted(set(quoted), key=len, reverse=True)
    ]
    steps.append((re.compile(re.escape(email), re.IGNORECASE), erased_email(user_id)))
    steps.append((re.compile(rf"(?<!\w){re.escape(name)}(?!\w)"), FORMER_PARTICIPANT))

    def rewrite(value: str) -> str:
        for pattern, replacement in steps:
            # A function, not a template: a replacement is never read for backslash escapes.
            value = pattern.sub(_constant(replacement), value)
        return value

    return rewrite


_THEIR_MENTORSHIPS = "SELECT id FROM mentorships WHERE mentor_id = :u OR mentee_id = :u"
# The texts of others linked to the user that may quote them: (table, key, column, rows linked to :u).
_LINKED_TEXTS = (
    (
        "notifications",
        "id",
        "message",
        "user_id <> :u AND (actor_id = :u"
        " OR request_id IN (SELECT id FROM mentorship_requests WHERE mentor_id = :u OR mentee_id = :u)"
        f" OR mentorship_id IN ({_THEIR_MENTORSHIPS}))",
    ),
    ("mentorship_requests", "id", "message", "mentor_id = :u OR mentee_id = :u"),
    ("mentorship_requests", "id", "reason", "mentor_id = :u OR mentee_id = :u"),
    ("mentorships", "id", "end_reason", "mentor_id = :u OR mentee_id = :u"),
    (
        "feedback",
        "id",
        "comment",
        f"author_id <> :u AND mentorship_id IN ({_THEIR_MENTORSHIPS})",
    ),
    (
        "mentorship_sessions",
        "id",
        "note",
        f"logged_by <> :u AND mentorship_id IN ({_THEIR_MENTORSHIPS})",
    ),
)


async def _pseudonymise_mentions(
    session: AsyncSession, user_id: uuid.UUID, rewrite: Callable[[str], str]
) -> None:
    """Rewrite the texts of others, linked to the user, that quote them (see `_pseudonymiser`)."""
    for table, key, column, linked in _LINKED_TEXTS:
        rows = await session.execute(
            text(
                f"SELECT {key} AS key, {column} AS value FROM {table}"
                f" WHERE {column} IS NOT NULL AND ({linked})"
            ),
            {"u": user_id},
        )
        changed = [{"key": row.key, "value": new} for row in rows if (new := rewrite(row.value)) != row.value]
        if changed:
            await session.execute(text(f"UPDATE {table} SET {column} = :value WHERE {key} = :key"), changed)
    # Emails to others not sent yet (the outbox keeps no text once an email is sent): nothing links an
    # email to the people it names, so every pending one is read; the outbox holds minutes of news.
    pending = await session.execute(
        select(OutboxEmail.id, OutboxEmail.content).where(
            OutboxEmail.content.is_not(None), OutboxEmail.sent_at.is_(None), OutboxEmail.failed_at.is_(None)
        )
    )
    for email_id, content in pending.all():
        if (new_content := _rewrite_strings(content, rewrite)) != content:
            await session.execute(
                update(OutboxEmail)
                .where(OutboxEmail.id == email_id)
                .values(content=new_content)
                .execution_options(synchronize_session=False)
            )


def _rewrite_strings(value: Any, rewrite: Callable[[str], str]) -> Any:
    """`value` (decoded JSON) with `rewrite` applied to every string in it."""
    if isinstance(value, str):
        return rewrite(value)
    if isinstance(value, list):
        return [_rewrite_strings(item, rewrite) for item in value]
    if isinstance(value, dict):
        return {key: _rewrite_strings(item, rewrite) for key, item in value.items()}
    return value


async def _erase_texts(session: AsyncSession, user_id: uuid.UUID) -> dict[str, int]:
    """Erase everything the user wrote; returns how many rows of each kind changed (for the audit)."""
    R, M = MentorshipRequest, Mentorship
    counts: dict[str, int] = {}

    async def run(label: str, statement: Any) -> None:
        result = await session.execute(statement.execution_options(synchronize_session=False))
        counts[label] = int(result.rowcount)  # type: ignore[attr-defined]

    # Their requests' objectives are theirs (a mentee's own, or what they wrote as the inviting mentor),
    # and check-in progress on those mentorships repeats them.
    theirs = select(R.id).where(or_(R.sender_id == user_id, R.mentee_id == user_id))
    await run(
        "progressObjectives",
        update(FeedbackProgress)
        .where(
            FeedbackProgress.feedback_id.in_(
                select(Feedback.id).join(M, M.id == Feedback.mentorship_id).where(M.request_id.in_(theirs))
            ),
            FeedbackProgress.objective != ERASED_TEXT,
        )
        .values(objective=ERASED_TEXT),
    )
    await run(
        "requestObjectives",
        update(R).where(R.id.in_(theirs), func.cardinality(R.objectives) > 0).values(objectives=[]),
    )
    await run(
        "requestMessages",
        update(R).where(R.sender_id == user_id, R.message != ERASED_TEXT).values(message=ERASED_TEXT),
    )
    await run(
        "declineReasons",
        update(R).where(R.recipient_id == user_id, R.status == RequestStatus.DECLINED).values(reason=None),
    )
    await run(
        "endReasons",
        update(M).where(M.ended_by == user_id, M.end_reason.is_not(None)).values(end_reason=None),
    )
    await run(
        "checkInComments",
        update(Feedback)
        .where(Feedback.author_id == user_id, Feedback.comment.is_not(None))
        .values(comment=None),
    )
    await run(
        "sessionNotes",
        update(MentorshipSession)
        .where(MentorshipSession.logged_by == user_id, MentorshipSession.note.is_not(None))
        .values(note=None),
    )
    await run("profileItems", delete(ProfileItem).where(ProfileItem.user_id == user_id))
    await run("skills", delete(ProfileSkill).where(ProfileSkill.user_id == user_id))
    # The profile row stays (a mentor's rating counters feed the programme's totals), with nothing in it.
    await run(
        "profile",
        update(Profile)
        .where(Profile.user_id == user_id)
        .values(
            can_mentor=False,
            seeks_mentoring=False,
            accepting_requests=False,
            headline=None,
            bio=None,
            career_stage=None,
            years_of_experience=None,
            department=None,
            location=None,
            timezone=None,
            languages=[],
            big_five=None,
            mbti=None,
            contact_note=None,
            hidden_reason=None,
            embedding=None,
            updated_at=func.now(),
        ),
    )
    return counts

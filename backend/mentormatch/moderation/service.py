"""The rules of moderation: admins suspend and reinstate accounts, hide and unhide profiles, remove
check-ins; participants report what they see; admins resolve reports; admins find users.

- Nothing is deleted: every action sets a flag with its time and reason and can be undone, and each is
  recorded in the audit log in its own transaction (`audit.service.record`).
- Repeating an action on something already in that state (suspending a suspended account, hiding a
  hidden profile, removing a removed check-in) changes nothing and records nothing: the result is the
  same as the first time, without an error.
- Suspending an account, in one transaction: the flag and reason; every session of the account revoked
  (its tokens and cookies stop working at the next request); its live subscriptions, in every API process,
  woken to re-check their sign-in (`notifications.service.wake_subscriptions`), so they end with
  UNAUTHENTICATED at once; its PENDING requests, sent or received, cancelled, the other sides told only
  that the person "can no longer be matched" (`mentorships.service.cancel_pending_requests_of`).
  Sign-in is refused (`accounts.service.sign_in`) and matching leaves them out while suspended. ACTIVE
  mentorships are left alone and listed for the admin to decide on. Admins cannot suspend themselves.
  Reinstating lifts the flag; the revoked sessions stay ended.
- Hiding a profile takes it out of both match lists and out of other participants' view
  (`profiles.service.may_see_profile`); its owner and admins still see it. Pending requests stay:
  accepting one with a hidden participant is refused (`mentorships.service.accept_request`).
- A removed check-in stays, marked removed (its author sees that; admins see why), and counts in no rating
  (the trigger's recount, migration 0015) and no figure (`feedback.figures`). It still counts for its
  author's check-in interval: removal does not let them replace it at once.
- Reports: a participant reports a user or profile they can see, or a check-in on a mentorship they are
  in (not their own: only the other participant's, which they cannot read but know exists). Anything
  else is NOT_FOUND, so ids cannot be probed; reporting yourself is INVALID_INPUT. One reporter's second
  OPEN report of the same target returns the first (a partial unique index: also when both are sent at
  once). Resolving one carries out its action in the same transaction (all of it or nothing), marks it
  resolved, records REPORT_RESOLVED and tells the reporter only that it was reviewed and whether action
  was taken. Resolving it again with the same action returns it unchanged; with another, CONFLICT.
- The audit log never copies what a participant wrote (a report's reason is theirs, and erasing them
  must not need to change the append-only log): an action taken on a report is recorded with the admin's
  note as its reason and the report's id in its details.

Lock order (as in `mentorships.service`): the report row, then `users` rows, then requests, then the
profile row; a check-in row, then (by the rating trigger) the mentor's profile row.
"""

from __future__ import annotations

import base64
import json
import unicodedata
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Select, func, literal, literal_column, or_, select, text, tuple_, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.orm import selectinload

from mentormatch.accounts.models import SEARCH_TEXT, Session, User
from mentormatch.accounts.service import Viewer
from mentormatch.audit import service as audit
from mentormatch.audit.models import MAX_AUDIT_REASON
from mentormatch.db.engine import read_only
from mentormatch.db.keyset import decode_cursor, page_size
from mentormatch.db.transactions import run_in_transaction
from mentormatch.errors import ErrorCode, InvalidInput, ServiceError, forbidden, not_found
from mentormatch.feedback.models import Feedback
from mentormatch.feedback.service import feedback_options
from mentormatch.mentorships.models import Mentorship, MentorshipStatus, mentorship_options
from mentormatch.mentorships.service import cancel_pending_requests_of
from mentormatch.moderation.models import (
    MAX_REPORT_NOTE,
    MAX_REPORT_REASON,
    Report,
    ReportAction,
    ReportStatus,
    ReportTargetType,
)
from mentormatch.notifications.models import NotificationKind
from mentormatch.notifications.service import notify, wake_subscriptions
from mentormatch.profiles.models import Profile
from mentormatch.profiles.service import may_see_profile
from mentormatch.text import CONTROL_CHARACTERS, LINE_BREAKS, has_control_characters

Db = async_sessionmaker[AsyncSession]

MAX_SEARCH_WORDS = 10
MAX_SEARCH_LENGTH = 200
TOOK_ACTION = "Thank you: we reviewed your report and took action."
NO_ACTION = "Thank you: we reviewed your report; no action was needed."


@dataclass
class UserResult:
    """A user after an admin's action, and (after a suspension) their ACTIVE mentorships."""

    user: User
    active_mentorships: list[Mentorship]


# ---------------------------------------------------------------------------------------------- input


def _clean(raw: str | None, field: str, limit: int, *, required: bool) -> str | None:
    """Stripped text; empty (when required), overlong or with control characters is INVALID_INPUT."""
    value = unicodedata.normalize("NFC", raw or "").strip()
    if not value:
        if required:
            raise InvalidInput([(field, "Give a reason.")])
        return None
    if len(value) > limit:
        raise InvalidInput([(field, f"Must be at most {limit:,} characters.")])
    if has_control_characters(value, allowed=LINE_BREAKS):
        raise InvalidInput([(field, CONTROL_CHARACTERS)])
    return value


def parse_reason(raw: str) -> str:
    """An admin's reason for an action, 1-500 characters."""
    cleaned = _clean(raw, "reason", MAX_AUDIT_REASON, required=True)
    assert cleaned is not None
    return cleaned


# ---------------------------------------------------------------------------------------------- actions


async def _lock_user(session: AsyncSession, user_id: uuid.UUID) -> User:
    user = await session.scalar(
        select(User)
        .where(User.id == user_id)
        .with_for_update(key_share=True)
        .execution_options(populate_existing=True)
    )
    if user is None:
        raise not_found("User")
    return user


async def _suspend(
    session: AsyncSession,
    *,
    admin_id: uuid.UUID,
    user_id: uuid.UUID,
    reason: str,
    details: dict[str, Any] | None = None,
) -> None:
    if user_id == admin_id:
        raise forbidden("You cannot suspend yourself.")
    user = await _lock_user(session, user_id)
    if user.is_suspended:
        return
    user.suspended_at = func.now()
    user.suspension_reason = reason
    await session.execute(
        update(Session)
        .where(Session.user_id == user_id, Session.revoked_at.is_(None))
        .values(revoked_at=func.now())
    )
    await cancel_pending_requests_of(
        session, user_id=user_id, reason=f"{user.display_name} can no longer be matched."
    )
    await wake_subscriptions(session, user_id=user_id)
    await audit.record(
        session,
        actor_id=admin_id,
        action=audit.Action.USER_SUSPENDED,
        target_type=audit.TargetType.USER,
        target_id=user_id,
        reason=reason,
        details=details,
    )
    await session.flush()


async def _hide(
    session: AsyncSession,
    *,
    admin_id: uuid.UUID,
    user_id: uuid.UUID,
    reason: str,
    details: dict[str, Any] | None = None,
) -> None:
    await _lock_user(session, user_id)
    profile = await session.get(Profile, user_id, with_for_update={"key_share": True}, populate_existing=True)
    if profile is None:
        raise not_found("Profile")
    if profile.is_hidden:
        return
    profile.hidden_at = func.now()
    profile.hidden_reason = reason
    await audit.record(
        session,
        actor_id=admin_id,
        action=audit.Action.PROFILE_HIDDEN,
        target_type=audit.TargetType.PROFILE,
        target_id=user_id,
        reason=reason,
        details=details,
    )
    await session.flush()


async def _remove_feedback(
    session: AsyncSession,
    *,
    admin_id: uuid.UUID,
    feedback_id: uuid.UUID,
    reason: str,
    details: dict[str, Any] | None = None,
) -> None:
    feedback = await session.get(
        Feedback, feedback_id, with_for_update={"key_share": True}, populate_existing=True
    )
    if feedback is None:
        raise not_found("Feedback")
    if feedback.removed_at is not None:
        return
    # The rating trigger recounts the mentor on this UPDATE, without the removed check-in.
    feedback.removed_at = func.now()
    feedback.removed_by = admin_id
    feedback.removed_reason = reason
    await audit.record(
        session,
        actor_id=admin_id,
        action=audit.Action.FEEDBACK_REMOVED,
        target_type=audit.TargetType.FEEDBACK,
        target_id=feedback_id,
        reason=reason,
        details=details,
    )
    await session.flush()


async def _user_result(session: AsyncSession, user_id: uuid.UUID, *, with_mentorships: bool) -> UserResult:
    await session.flush()
    session.expunge_all()
    user = await session.get_one(User, user_id)
    mentorships: list[Mentorship] = []
    if with_mentorships:
        M = Mentorship
        mentorships = list(
            await session.scalars(
                select(M)
                .where(
                    M.status == MentorshipStatus.ACTIVE, or_(M.mentor_id == user_id, M.mentee_id == user_id)
                )
                .order_by(M.started_at, M.id)
                .options(*mentorship_options())
            )
        )
    return UserResult(user, mentorships)


async def suspend_user(db: Db, *, admin_id: uuid.UUID, user_id: uuid.UUID, reason: str) -> UserResult:
    """Suspend an account (see the module for everything that goes with it); returns the user and their
    ACTIVE mentorships, left for the admin to decide on."""
    cleaned = parse_reason(reason)

    async def body(session: AsyncSession) -> UserResult:
        await _suspend(session, admin_id=admin_id, user_id=user_id, reason=cleaned)
        return await _user_result(session, user_id, with_mentorships=True)

    return await run_in_transaction(db, body)


async def reinstate_user(db: Db, *, admin_id: uuid.UUID, user_id: uuid.UUID) -> UserResult:
    """Lift a suspension: they may sign in and be matched again (their old sessions stay ended)."""

    async def body(session: AsyncSession) -> UserResult:
        user = await _lock_user(session, user_id)
        if user.is_suspended:
            user.suspended_at = None
            user.suspension_reason = None
            await audit.record(
                session,
                actor_id=admin_id,
                action=audit.Action.USER_REINSTATED,
                target_type=audit.TargetType.USER,
                target_id=user_id,
            )
        return await _user_result(session, user_id, with_mentorships=False)

    return await run_in_transaction(db, body)


async def hide_profile(db: Db, *, admin_id: uuid.UUID, user_id: uuid.UUID, reason: str) -> UserResult:
    """Hide a participant's profile from matching and from other participants."""
    cleaned = parse_reason(reason)

    async def body(session: AsyncSession) -> UserResult:
        await _hide(session, admin_id=admin_id, user_id=user_id, reason=cleaned)
        return await _user_result(session, user_id, with_mentorships=False)

    return await run_in_transaction(db, body)


async def unhide_profile(db: Db, *, admin_id: uuid.UUID, user_id: uuid.UUID) -> UserResult:
    """Show a hidden profile again."""

    async def body(session: AsyncSession) -> UserResult:
        await _lock_user(session, user_id)
        profile = await session.get(
            Profile, user_id, with_for_update={"key_share": True}, populate_existing=True
        )
        if profile is None:
            raise not_found("Profile")
        if profile.is_hidden:
            profile.hidden_at = None
            profile.hidden_reason = None
            await audit.record(
                session,
                actor_id=admin_id,
                action=audit.Action.PROFILE_UNHIDDEN,
                target_type=audit.TargetType.PROFILE,
                target_id=user_id,
            )
        return await _user_result(session, user_id, with_mentorships=False)

    return await run_in_transaction(db, body)


async def _load_feedback(session: AsyncSession, feedback_id: uuid.UUID) -> Feedback:
    await session.flush()
    session.expunge_all()
    return (
        await session.scalars(select(Feedback).where(Feedback.id == feedback_id).options(*feedback_options()))
    ).one()


async def remove_feedback(db: Db, *, admin_id: uuid.UUID, feedback_id: uuid.UUID, reason: str) -> Feedback:
    """Remove a check-in: kept and marked, no longer counted anywhere (see the module)."""
    cleaned = parse_reason(reason)

    async def body(session: AsyncSession) -> Feedback:
        await _remove_feedback(session, admin_id=admin_id, feedback_id=feedback_id, reason=cleaned)
        return await _load_feedback(session, feedback_id)

    return await run_in_transaction(db, body)


# ---------------------------------------------------------------------------------------------- users


@dataclass(frozen=True)
class UserFilter:
    search: str | None = None
    suspended: bool | None = None
    hidden: bool | None = None
    can_mentor: bool | None = None
    seeks_mentoring: bool | None = None


@dataclass
class Page:
    rows: list[Any]
    total: int
    has_next: bool
    has_previous: bool


def search_words(search: str | None) -> list[str]:
    """The words of a search, each matched as part of the name or email; INVALID_INPUT if too long."""
    text_ = unicodedata.normalize("NFKC", search or "")
    if len(text_) > MAX_SEARCH_LENGTH:
        raise InvalidInput([("filter.search", f"Must be at most {MAX_SEARCH_LENGTH} characters.")])
    words = text_.split()
    if len(words) > MAX_SEARCH_WORDS:
        raise InvalidInput([("filter.search", f"At most {MAX_SEARCH_WORDS} words.")])
    if any(has_control_characters(word) for word in words):  # in no name or email (both checked)
        raise InvalidInput([("filter.search", CONTROL_CHARACTERS)])
    return words


def _like_pattern(word: str) -> str:
    escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def search_condition(word: str) -> Any:
    """`word` as part of the user's folded name and email: the expression the trigram index holds."""
    return literal_column(SEARCH_TEXT).like(func.f_unaccent(func.lower(_like_pattern(word))), escape="\\")


def _filtered(query: Select[Any], user_filter: UserFilter) -> Select[Any]:
    for word in search_words(user_filter.search):
        query = query.where(search_condition(word))
    if user_filter.suspended is not None:
        query = query.where(
            User.suspended_at.is_not(None) if user_filter.suspended else User.suspended_at.is_(None)
        )
    if user_filter.hidden is not None:
        hidden = Profile.hidden_at.is_not(None)
        query = query.where(hidden if user_filter.hidden else or_(Profile.user_id.is_(None), ~hidden))
    if user_filter.can_mentor is not None:
        query = query.where(func.coalesce(Profile.can_mentor, False).is_(user_filter.can_mentor))
    if user_filter.seeks_mentoring is not None:
        query = query.where(func.coalesce(Profile.seeks_mentoring, False).is_(user_filter.seeks_mentoring))
    return query


async def list_users(db: Db, *, user_filter: UserFilter, first: int, after: str | None) -> Page:
    """One page of users matching the filter, newest first, with the total (admins only; the caller
    checks)."""
    limit = page_size(first)
    position = decode_cursor(after)
    if search_words(user_filter.search):
        # The matches first (on the trigram index), then their newest: left to itself, the planner may
        # walk the newest-first index and test every user against the search instead, which is slow
        # whenever few match, the usual case for a search.
        matching = (
            _filtered(select(User.id).outerjoin(Profile, Profile.user_id == User.id), user_filter)
            .cte("matching")
            .prefix_with("MATERIALIZED")
        )
        query = select(User).join(matching, matching.c.id == User.id)
    else:
        query = _filtered(select(User).outerjoin(Profile, Profile.user_id == User.id), user_filter)
    counted = _filtered(
        select(func.count()).select_from(User).outerjoin(Profile, Profile.user_id == User.id), user_filter
    )
    if position is not None:
        query = query.where(
            tuple_(User.created_at, User.id) < tuple_(literal(position.at), literal(position.id))
        )
    async with read_only(db) as session:
        rows = list(
            await session.scalars(query.order_by(User.created_at.desc(), User.id.desc()).limit(limit + 1))
        )
        total = await session.scalar(counted) or 0
    return Page(rows[:limit], total, len(rows) > limit, position is not None)


# ---------------------------------------------------------------------------------------------- reports


def report_options() -> list[Any]:
    return [selectinload(Report.reporter), selectinload(Report.target_user), selectinload(Report.resolver)]


async def _load_report(session: AsyncSession, report_id: uuid.UUID) -> Report:
    await session.flush()
    session.expunge_all()
    return (
        await session.scalars(select(Report).where(Report.id == report_id).options(*report_options()))
    ).one()


def _yourself(what: str) -> InvalidInput:
    return InvalidInput([("targetId", f"You cannot report {what}.")])


async def _reported_user(
    session: AsyncSession, viewer: Viewer, target_type: ReportTargetType, target_id: uuid.UUID
) -> uuid.UUID:
    """The user a report is about, if the viewer may report that target (see the module)."""
    if target_type is ReportTargetType.FEEDBACK:
        feedback = await session.get(Feedback, target_id)
        mentorship = await session.get(Mentorship, feedback.mentorship_id) if feedback else None
        if feedback is None or mentorship is None:
            raise not_found("Feedback")
        if not viewer.is_admin and viewer.user.id not in (mentorship.mentor_id, mentorship.mentee_id):
            raise not_found("Feedback")
        if feedback.author_id == viewer.user.id:
            raise _yourself("your own check-in")
        return feedback.author_id
    if target_id == viewer.user.id:
        raise _yourself("yourself")
    profile = await session.scalar(
        select(Profile).where(Profile.user_id == target_id).options(selectinload(Profile.user))
    )
    if target_type is ReportTargetType.PROFILE:
        if profile is None or not may_see_profile(viewer, profile):
            raise not_found("Profile")
        return target_id
    user = await session.get(User, target_id)
    if user is None:
        raise not_found("User")
    if not viewer.is_admin and (user.is_suspended or (profile is not None and profile.is_hidden)):
        raise not_found("User")
    return target_id


async def report_content(
    db: Db, *, viewer: Viewer, target_type: ReportTargetType, target_id: uuid.UUID, reason: str
) -> Report:
    """Report a user, profile or check-in; the reporter's OPEN report of the same target if there is one."""
    cleaned = _clean(reason, "reason", MAX_REPORT_REASON, required=True)

    async def body(session: AsyncSession) -> Report:
        target_user_id = await _reported_user(session, viewer, target_type, target_id)
        # A concurrent report of the same target waits here for the other's commit, then does nothing.
        report_id = await session.scalar(
            insert(Report)
            .values(
                id=uuid.uuid4(),
                reporter_id=viewer.user.id,
                target_type=target_type,
                target_id=target_id,
                target_user_id=target_user_id,
                reason=cleaned,
            )
            .on_conflict_do_nothing(
                index_elements=[Report.reporter_id, Report.target_type, Report.target_id],
                # A literal, not a parameter: PostgreSQL matches the partial index when it plans, and
                # a generic plan of the prepared statement (from its sixth run) has no value to match.
                index_where=text("status = 'OPEN'"),
            )
            .returning(Report.id)
        )
        if report_id is None:
            report_id = await session.scalar(
                select(Report.id).where(
                    Report.reporter_id == viewer.user.id,
                    Report.target_type == target_type,
                    Report.target_id == target_id,
                    Report.status == ReportStatus.OPEN,
                )
            )
            if report_id is None:  # resolved in between: a fresh report of the same target
                raise ServiceError(ErrorCode.CONFLICT, "That report was just resolved; send it again.")
        return await _load_report(session, report_id)

    return await run_in_transaction(db, body)


async def resolve_report(
    db: Db, *, admin_id: uuid.UUID, report_id: uuid.UUID, action: ReportAction, note: str | None
) -> Report:
    """Carry out the action on the report's target, mark it resolved and tell the reporter, all in one
    transaction (see the module)."""
    cleaned = _clean(note, "note", MAX_REPORT_NOTE, required=False)

    async def body(session: AsyncSession) -> Report:
        report = await session.get(Report, report_id, with_for_update=True, populate_existing=True)
        if report is None:
            raise not_found("Report")
        if report.status is ReportStatus.RESOLVED:
            if report.action is action:
                return await _load_report(session, report_id)
            raise ServiceError(ErrorCode.CONFLICT, "This report was already resolved with another action.")
        if action is ReportAction.REMOVE_FEEDBACK and report.target_type is not ReportTargetType.FEEDBACK:
            raise InvalidInput([("action", "Only a reported check-in can be removed.")])
        # The action's reason in the log is the admin's note; the reporter's words stay in the report.
        reason = (cleaned or "Acting on a report.")[:MAX_AUDIT_REASON]
        details = {"report": str(report.id)}
        if action is ReportAction.SUSPEND_USER:
            await _suspend(
                session, admin_id=admin_id, user_id=report.target_user_id, reason=reason, details=details
            )
        elif action is ReportAction.HIDE_PROFILE:
            await _hide(
                session, admin_id=admin_id, user_id=report.target_user_id, reason=reason, details=details
            )
        elif action is ReportAction.REMOVE_FEEDBACK:
            await _remove_feedback(
                session, admin_id=admin_id, feedback_id=report.target_id, reason=reason, details=details
            )
        report.status = ReportStatus.RESOLVED
        report.resolved_at = func.now()
        report.resolved_by = admin_id
        report.action = action
        report.note = cleaned
        await audit.record(
            session,
            actor_id=admin_id,
            action=audit.Action.REPORT_RESOLVED,
            target_type=audit.TargetType.REPORT,
            target_id=report.id,
            reason=cleaned[:MAX_AUDIT_REASON] if cleaned else None,
            details={
                "action": action.value,
                "targetType": report.target_type.value,
                "targetId": str(report.target_id),
                "targetUserId": str(report.target_user_id),
            },
        )
        await notify(
            session,
            user_id=report.reporter_id,
            kind=NotificationKind.REPORT_RESOLVED,
            message=NO_ACTION if action is ReportAction.NONE else TOOK_ACTION,
        )
        return await _load_report(session, report_id)

    return await run_in_transaction(db, body)


@dataclass
class ReportPage(Page):
    # The reported check-ins of the page, by id (for FEEDBACK targets), with what their type shows.
    feedback: dict[uuid.UUID, Feedback]


def report_cursor(report: Report) -> str:
    """The queue position of a report (its status, then age), for `after`."""
    payload = {"s": report.status.value, "t": report.created_at.isoformat(), "i": str(report.id)}
    return base64.urlsafe_b64encode(json.dumps(payload, separators=(",", ":")).encode()).decode()


def _decode_report_cursor(cursor: str | None) -> tuple[ReportStatus, datetime, uuid.UUID] | None:
    if cursor is None:
        return None
    try:
        data = json.loads(base64.urlsafe_b64decode(cursor.encode()))
        return ReportStatus(data["s"]), datetime.fromisoformat(data["t"]), uuid.UUID(data["i"])
    except (ValueError, KeyError, TypeError):
        raise InvalidInput([("after", "Not a cursor from this connection.")]) from None


async def list_reports(db: Db, *, status: ReportStatus | None, first: int, after: str | None) -> ReportPage:
    """The queue: OPEN reports first, oldest first, then the resolved ones (admins only; the caller
    checks)."""
    limit = page_size(first)
    position = _decode_report_cursor(after)
    query = select(Report).options(*report_options())
    counted = select(func.count()).select_from(Report)
    if status is not None:
        query = query.where(Report.status == status)
        counted = counted.where(Report.status == status)
    if position is not None:
        at_status, at, at_id = position
        query = query.where(
            tuple_(Report.status, Report.created_at, Report.id)
            > tuple_(literal(at_status, Report.__table__.c.status.type), literal(at), literal(at_id))
        )
    async with read_only(db) as session:
        rows = list(
            await session.scalars(
                query.order_by(Report.status, Report.created_at, Report.id).limit(limit + 1)
            )
        )
        total = await session.scalar(counted) or 0
        page = rows[:limit]
        feedback_ids = [r.target_id for r in page if r.target_type is ReportTargetType.FEEDBACK]
        feedback: dict[uuid.UUID, Feedback] = {}
        if feedback_ids:
            feedback = {
                f.id: f
                for f in await session.scalars(
                    select(Feedback).where(Feedback.id.in_(feedback_ids)).options(*feedback_options())
                )
            }
    return ReportPage(page, total, len(rows) > limit, position is not None, feedback)


async def report_feedback(db: Db, report: Report) -> Feedback | None:
    """The check-in a FEEDBACK report is about (for one report outside a page)."""
    if report.target_type is not ReportTargetType.FEEDBACK:
        return None
    async with read_only(db) as session:
        return await session.scalar(
            select(Feedback).where(Feedback.id == report.target_id).options(*feedback_options())
        )

"""The rules of check-ins and logged sessions, and who sees them.

Check-ins (`Feedback`):
- During an ACTIVE mentorship either participant checks in: a rating 1-5, whether it is a good fit,
  optional progress 0-100 on the mentorship's objectives (the request's), an optional comment. The first
  may come any time; after that one per participant per `check_in_interval_days` (a programme setting):
  earlier is a CONFLICT that names the day the next is due. It is *due* once the interval has passed
  since the start or the participant's last check-in.
- Ending a mentorship asks both for a final check-in (`final`), one each (a unique index), until the
  interval has passed since the end.
- The mentee's check-in saying it is not a good fit offers them a re-match (`rematch_offered_at`, and a
  REMATCH_OFFERED notification); one saying it is withdraws the offer. Ending as NOT_A_FIT then keeps the
  pair apart in matching (`matching.service`).
- A due check-in is announced once by one FEEDBACK_DUE notification, without a job:
  `run_lazy_duties` writes whatever is due for a participant when their notifications are read, together
  with the expiry of their overdue requests.
Only the two participants may check in or log a session; anyone else gets NOT_FOUND, so ids cannot be
probed. A participant sees their own check-ins; the other side never sees them; admins see both
(`visible_feedback`). The mentor's public record is `feedback.records`.

Lock order (as in `mentorships.service`): the mentorship row, then the mentor's profile row (the rating
trigger).
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import func, select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.strategy_options import _AbstractLoad

from mentormatch.accounts.service import Viewer
from mentormatch.db.engine import read_only
from mentormatch.db.transactions import run_in_transaction
from mentormatch.errors import ErrorCode, InvalidInput, ServiceError, not_found
from mentormatch.feedback.models import (
    MAX_COMMENT,
    MAX_SESSION_MINUTES,
    MAX_SESSION_NOTE,
    MIN_SESSION_MINUTES,
    Feedback,
    FeedbackProgress,
    MentorshipSession,
)
from mentormatch.mentorships.models import Mentorship, MentorshipRequest, MentorshipStatus, Role
from mentormatch.mentorships.service import expire_overdue_requests
from mentormatch.notifications.models import NotificationKind
from mentormatch.notifications.service import NewNotification, notify_many
from mentormatch.programme import service as programme
from mentormatch.text import CONTROL_CHARACTERS, LINE_BREAKS, has_control_characters

Db = async_sessionmaker[AsyncSession]

# A session's day may be this far from the UTC day of its bounds (participants live in other zones).
DAY_SLACK = timedelta(days=1)


async def check_in_interval_days(session: AsyncSession) -> int:
    """The programme's check-in interval, as last committed (programme.service owns it)."""
    return (await programme.current(session)).check_in_interval_days


# ---------------------------------------------------------------------------------------------- input


@dataclass(frozen=True)
class ProgressInput:
    objective: str
    progress: int


@dataclass(frozen=True)
class CheckIn:
    rating: int
    good_fit: bool
    progress: list[tuple[str, int]]
    comment: str | None


def _clean(raw: str | None, field: str, limit: int, problems: list[tuple[str, str]]) -> str | None:
    """Stripped text or None; control characters (but line breaks and tabs) and overlong text are
    problems."""
    if raw is None:
        return None
    value = raw.strip()
    if len(value) > limit:
        problems.append((field, f"Must be at most {limit:,} characters."))
    elif has_control_characters(value, allowed=LINE_BREAKS):
        problems.append((field, CONTROL_CHARACTERS))
    return value or None


def _key(objective: str) -> str:
    return " ".join(objective.split()).casefold()


def parse_check_in(
    *,
    rating: int,
    good_fit: bool,
    progress: Sequence[ProgressInput] | None,
    comment: str | None,
    objectives: Sequence[str],
) -> CheckIn:
    """A check-in as stored, or INVALID_INPUT naming each bad field. Progress is on the mentorship's
    own objectives (as the request wrote them), each at most once."""
    problems: list[tuple[str, str]] = []
    if not 1 <= rating <= 5:
        problems.append(("rating", "Must be between 1 and 5."))
    text_ = _clean(comment, "comment", MAX_COMMENT, problems)
    known = {_key(o): o for o in objectives}
    items: list[tuple[str, int]] = []
    seen: set[str] = set()
    for n, entry in enumerate(progress or ()):
        key = _key(entry.objective)
        if key not in known:
            what = (
                "one of this mentorship's objectives" if known else "none: this mentorship has no objectives"
            )
            problems.append((f"objectiveProgress[{n}].objective", f"Must be {what}."))
        elif key in seen:
            problems.append((f"objectiveProgress[{n}].objective", "Is listed twice."))
        if not 0 <= entry.progress <= 100:
            problems.append((f"objectiveProgress[{n}].progress", "Must be between 0 and 100."))
        seen.add(key)
        if key in known:
            items.append((known[key], entry.progress))
    if problems:
        raise InvalidInput(problems)
    return CheckIn(rating, good_fit, items, text_)


# ---------------------------------------------------------------------------------------------- state


@dataclass(frozen=True)
class CheckInState:
    """Where one participant stands with their check-ins on one mentorship."""

    # They may check in now.
    can_give: bool
    # Their check-in is due (the interval has passed, or the final one is awaited).
    due: bool
    # When they may check in next, while they may not now (None: now, or never again).
    next_at: datetime | None
    # For an ended mentorship: the last moment of its final check-in.
    window_ends_at: datetime | None
    # They checked in last at this time (their latest regular check-in).
    last_at: datetime | None = None
    gave_final: bool = False


NO_CHECK_IN = CheckInState(False, False, None, None)


def check_in_state(
    *,
    status: MentorshipStatus,
    started_at: datetime,
    ended_at: datetime | None,
    last_at: datetime | None,
    gave_final: bool,
    interval_days: int,
    now: datetime,
) -> CheckInState:
    """The rule of when a participant may and should check in (see the module)."""
    interval = timedelta(days=interval_days)
    if status is MentorshipStatus.ENDED:
        assert ended_at is not None
        window = ended_at + interval
        open_ = not gave_final and now < window
        return CheckInState(open_, open_, None, window, last_at, gave_final)
    if last_at is None:
        return CheckInState(True, now >= started_at + interval, None, None)
    next_at = last_at + interval
    if now >= next_at:
        return CheckInState(True, True, None, None, last_at)
    return CheckInState(False, False, next_at, None, last_at)


async def _state_rows(
    session: AsyncSession, user_id: uuid.UUID, mentorship_ids: Collection[uuid.UUID]
) -> dict[uuid.UUID, tuple[datetime | None, bool]]:
    """Per mentorship: the user's latest regular check-in and whether they gave a final one."""
    rows = await session.execute(
        select(
            Feedback.mentorship_id,
            func.max(Feedback.created_at).filter(Feedback.final.is_(False)),
            func.bool_or(Feedback.final),
        )
        .where(Feedback.author_id == user_id, Feedback.mentorship_id.in_(list(mentorship_ids)))
        .group_by(Feedback.mentorship_id)
    )
    return {row[0]: (row[1], bool(row[2])) for row in rows}


async def check_in_states(
    db: Db, *, viewer_id: uuid.UUID, mentorships: Sequence[Mentorship]
) -> dict[uuid.UUID, CheckInState]:
    """The viewer's check-in state on each of these mentorships (NO_CHECK_IN where not a participant)."""
    own = [m for m in mentorships if viewer_id in (m.mentor_id, m.mentee_id)]
    states = {m.id: NO_CHECK_IN for m in mentorships}
    if not own:
        return states
    async with read_only(db) as session:
        found = await _state_rows(session, viewer_id, [m.id for m in own])
        interval = await check_in_interval_days(session)
    now = datetime.now(UTC)
    for m in own:
        last_at, gave_final = found.get(m.id, (None, False))
        states[m.id] = check_in_state(
            status=m.status,
            started_at=m.started_at,
            ended_at=m.ended_at,
            last_at=last_at,
            gave_final=gave_final,
            interval_days=interval,
            now=now,
        )
    return states


def _day(moment: datetime) -> str:
    return f"{moment:%-d %B %Y}"


def _refusal(state: CheckInState, status: MentorshipStatus) -> ServiceError:
    if status is MentorshipStatus.ENDED:
        if state.gave_final:
            return ServiceError(ErrorCode.CONFLICT, "You already gave your final check-in.")
        assert state.window_ends_at is not None
        return ServiceError(ErrorCode.CONFLICT, f"The final check-in closed on {_day(state.window_ends_at)}.")
    assert state.next_at is not None and state.last_at is not None
    return ServiceError(
        ErrorCode.CONFLICT,
        f"You checked in on {_day(state.last_at)}; your next check-in is due on {_day(state.next_at)}.",
    )


# ---------------------------------------------------------------------------------------------- writes


def _participant_of(mentorship: Mentorship | None, viewer_id: uuid.UUID) -> Mentorship:
    if mentorship is None or viewer_id not in (mentorship.mentor_id, mentorship.mentee_id):
        raise not_found("Mentorship")
    return mentorship


async def _now(session: AsyncSession) -> datetime:
    """The transaction's time: what `created_at` defaults to, so every comparison uses one clock."""
    moment = await session.scalar(select(func.now()))
    assert moment is not None
    return moment


def feedback_options() -> list[_AbstractLoad]:
    return [selectinload(Feedback.progress), selectinload(Feedback.author)]


async def submit_feedback(
    db: Db,
    *,
    viewer_id: uuid.UUID,
    mentorship_id: uuid.UUID,
    rating: int,
    good_fit: bool,
    progress: Sequence[ProgressInput] | None,
    comment: str | None,
) -> Feedback:
    """A participant checks in (see the module for when they may). Nothing is written on a refusal."""

    async def body(session: AsyncSession) -> Feedback | ServiceError:
        mentorship = await session.get(
            Mentorship, mentorship_id, with_for_update={"key_share": True}, populate_existing=True
        )
        try:
            mentorship = _participant_of(mentorship, viewer_id)
        except ServiceError as error:
            return error
        objectives = await session.scalar(
            select(MentorshipRequest.objectives).where(MentorshipRequest.id == mentorship.request_id)
        )
        check_in = parse_check_in(
            rating=rating, good_fit=good_fit, progress=progress, comment=comment, objectives=objectives or []
        )
        now = await _now(session)
        last_at, gave_final = (await _state_rows(session, viewer_id, [mentorship_id])).get(
            mentorship_id, (None, False)
        )
        state = check_in_state(
            status=mentorship.status,
            started_at=mentorship.started_at,
            ended_at=mentorship.ended_at,
            last_at=last_at,
            gave_final=gave_final,
            interval_days=await check_in_interval_days(session),
            now=now,
        )
        if not state.can_give:
            return _refusal(state, mentorship.status)
        is_mentee = viewer_id == mentorship.mentee_id
        feedback = Feedback(
            mentorship_id=mentorship_id,
            author_id=viewer_id,
            author_role=Role.MENTEE if is_mentee else Role.MENTOR,
            rating=check_in.rating,
            good_fit=check_in.good_fit,
            comment=check_in.comment,
            final=mentorship.status is MentorshipStatus.ENDED,
            progress=[
                FeedbackProgress(position=n, objective=objective, progress=value)
                for n, (objective, value) in enumerate(check_in.progress)
            ],
        )
        session.add(feedback)
        if is_mentee and mentorship.status is MentorshipStatus.ACTIVE:
            await _offer_or_withdraw_rematch(session, mentorship, good_fit=check_in.good_fit, now=now)
        await session.flush()
        feedback_id = feedback.id
        session.expunge_all()
        return (
            await session.scalars(
                select(Feedback).where(Feedback.id == feedback_id).options(*feedback_options())
            )
        ).one()

    try:
        return await run_in_transaction(db, body)
    except IntegrityError as error:
        # Two final check-ins at once from the same participant: the unique index keeps one.
        if "uq_feedback_final_per_author" in str(error.orig):
            raise ServiceError(ErrorCode.CONFLICT, "You already gave your final check-in.") from None
        raise


async def _offer_or_withdraw_rematch(
    session: AsyncSession, mentorship: Mentorship, *, good_fit: bool, now: datetime
) -> None:
    """The mentee's check-in: not a good fit offers a re-match (told once), a good fit withdraws it."""
    if good_fit:
        mentorship.rematch_offered_at = None
        return
    if mentorship.rematch_offered_at is not None:
        return
    mentorship.rematch_offered_at = now
    mentor = await session.scalar(
        text("SELECT display_name FROM users WHERE id = :id"), {"id": mentorship.mentor_id}
    )
    await notify_many(
        session,
        [
            NewNotification(
                mentorship.mentee_id,
                NotificationKind.REMATCH_OFFERED,
                f"You said your mentorship with {mentor} is not a good fit. You can end it as not a fit "
                "and be matched with another mentor.",
                mentorship_id=mentorship.id,
            )
        ],
    )


def parse_session(*, held_on: date, minutes: int, note: str | None) -> str | None:
    """The note of a session as stored, or INVALID_INPUT naming each bad field (the day is checked
    against the mentorship in `log_session`)."""
    problems: list[tuple[str, str]] = []
    if not MIN_SESSION_MINUTES <= minutes <= MAX_SESSION_MINUTES:
        problems.append(("minutes", f"Must be between {MIN_SESSION_MINUTES} and {MAX_SESSION_MINUTES}."))
    cleaned = _clean(note, "note", MAX_SESSION_NOTE, problems)
    if problems:
        raise InvalidInput(problems)
    return cleaned


async def log_session(
    db: Db,
    *,
    viewer_id: uuid.UUID,
    mentorship_id: uuid.UUID,
    held_on: date,
    minutes: int,
    note: str | None,
) -> MentorshipSession:
    """A participant logs a meeting held between the start and the end (or today), while the mentorship
    is active or its final check-in is still open."""
    cleaned = parse_session(held_on=held_on, minutes=minutes, note=note)

    async def body(session: AsyncSession) -> MentorshipSession | ServiceError:
        mentorship = await session.get(Mentorship, mentorship_id, with_for_update={"key_share": True})
        try:
            mentorship = _participant_of(mentorship, viewer_id)
        except ServiceError as error:
            return error
        now = await _now(session)
        interval = timedelta(days=await check_in_interval_days(session))
        if mentorship.ended_at is not None and now >= mentorship.ended_at + interval:
            return ServiceError(
                ErrorCode.CONFLICT,
                f"This mentorship ended on {_day(mentorship.ended_at)}; sessions could be logged until "
                f"{_day(mentorship.ended_at + interval)}.",
            )
        first = (mentorship.started_at - DAY_SLACK).date()
        last = ((mentorship.ended_at or now) + DAY_SLACK).date()
        if held_on < first:
            raise InvalidInput([("heldOn", f"Must be on or after the start, {_day(mentorship.started_at)}.")])
        if held_on > last:
            what = "the end" if mentorship.ended_at else "today"
            raise InvalidInput([("heldOn", f"Must not be after {what}.")])
        logged = MentorshipSession(
            mentorship_id=mentorship_id, logged_by=viewer_id, held_on=held_on, minutes=minutes, note=cleaned
        )
        session.add(logged)
        await session.flush()
        logged_id = logged.id
        session.expunge_all()
        return (
            await session.scalars(
                select(MentorshipSession)
                .where(MentorshipSession.id == logged_id)
                .options(selectinload(MentorshipSession.logger))
            )
        ).one()

    return await run_in_transaction(db, body)


# ---------------------------------------------------------------------------------------------- reads


def sees_feedback_of(viewer: Viewer, author_id: uuid.UUID) -> bool:
    """Who sees a check-in: its author and admins; never the other participant."""
    return viewer.is_admin or viewer.user.id == author_id


async def visible_feedback(
    db: Db, *, viewer: Viewer, mentorship_ids: Collection[uuid.UUID]
) -> dict[uuid.UUID, list[Feedback]]:
    """The check-ins of these mentorships this viewer may see, newest first."""
    query = select(Feedback).where(Feedback.mentorship_id.in_(list(mentorship_ids)))
    if not viewer.is_admin:
        query = query.where(Feedback.author_id == viewer.user.id)
    found: dict[uuid.UUID, list[Feedback]] = defaultdict(list)
    async with read_only(db) as session:
        for feedback in await session.scalars(
            query.order_by(Feedback.created_at.desc(), Feedback.id.desc()).options(*feedback_options())
        ):
            assert sees_feedback_of(viewer, feedback.author_id)
            found[feedback.mentorship_id].append(feedback)
    return {mentorship_id: found[mentorship_id] for mentorship_id in mentorship_ids}


async def sessions_of(
    db: Db, *, mentorship_ids: Collection[uuid.UUID]
) -> dict[uuid.UUID, list[MentorshipSession]]:
    """The logged sessions of these mentorships (for a caller that checked who may see them), newest
    first."""
    found: dict[uuid.UUID, list[MentorshipSession]] = defaultdict(list)
    async with read_only(db) as session:
        for logged in await session.scalars(
            select(MentorshipSession)
            .where(MentorshipSession.mentorship_id.in_(list(mentorship_ids)))
            .order_by(MentorshipSession.held_on.desc(), MentorshipSession.created_at.desc())
            .options(selectinload(MentorshipSession.logger))
        ):
            found[logged.mentorship_id].append(logged)
    return {mentorship_id: found[mentorship_id] for mentorship_id in mentorship_ids}


# ---------------------------------------------------------------------------------------------- lazy duties


async def remind_due_check_ins(session: AsyncSession, *, user_id: uuid.UUID | None) -> int:
    """One FEEDBACK_DUE notification for each ACTIVE mentorship of the user (None: of everyone) whose
    check-in fell due and was not announced yet; returns how many were sent. A reminder is known by what
    the awaited check-in follows (the participant's last one, or the start), so changing the interval
    never announces it twice. Safe to run concurrently: the reminders' primary key lets one transaction
    announce each."""
    # One participant's: through the indexes on either side of their mentorships (on every read of
    # their notifications); everyone's: every active mentorship, from both sides (a timer's sweep).
    whose = (
        "AND (m.mentor_id = :user_id OR m.mentee_id = :user_id) AND p.user_id = :user_id" if user_id else ""
    )
    rows = (
        await session.execute(
            text(
                f"""
                WITH awaited AS (
                    SELECT m.id AS mentorship_id, p.user_id, other.display_name AS other_name,
                           COALESCE(last.at, m.started_at) AS since_at
                    FROM mentorships m
                    CROSS JOIN LATERAL (VALUES (m.mentor_id, m.mentee_id), (m.mentee_id, m.mentor_id))
                        AS p(user_id, other_id)
                    JOIN users other ON other.id = p.other_id
                    LEFT JOIN LATERAL (
                        SELECT max(f.created_at) AS at FROM feedback f
                        WHERE f.mentorship_id = m.id AND f.author_id = p.user_id
                    ) AS last ON true
                    WHERE m.status = 'ACTIVE' {whose}
                ), sent AS (
                    INSERT INTO check_in_reminders (mentorship_id, user_id, since_at)
                    SELECT mentorship_id, user_id, since_at FROM awaited
                    WHERE since_at + make_interval(days => :interval) <= now()
                    ON CONFLICT DO NOTHING
                    RETURNING mentorship_id, user_id
                )
                SELECT awaited.mentorship_id, awaited.user_id, awaited.other_name
                FROM sent JOIN awaited USING (mentorship_id, user_id)
                ORDER BY awaited.mentorship_id, awaited.user_id
                """
            ),
            {"interval": await check_in_interval_days(session)} | ({"user_id": user_id} if user_id else {}),
        )
    ).all()
    await notify_many(
        session,
        [
            NewNotification(
                row.user_id,
                NotificationKind.FEEDBACK_DUE,
                f"Time for a check-in: how is your mentorship with {row.other_name} going?",
                mentorship_id=row.mentorship_id,
            )
            for row in rows
        ],
    )
    return len(rows)


async def run_lazy_duties(db: Db, *, user_id: uuid.UUID) -> bool:
    """What time alone makes happen to a participant, written before their notifications are read (in a
    transaction of its own, retried like every writer's): overdue requests expire, due check-ins are
    announced; returns whether anything was written. Notifications stay a leaf that knows nothing of
    either."""

    async def body(session: AsyncSession) -> bool:
        expired = await expire_overdue_requests(session, user_ids=[user_id])
        reminded = await remind_due_check_ins(session, user_id=user_id)
        return expired + reminded > 0

    return await run_in_transaction(db, body)

"""The rules of mentorship requests and mentorships, enforced by PostgreSQL so they hold across processes.

Lock order, the same in every write, so concurrent writers queue instead of deadlocking:
1. the `users` rows of both participants, in id order;
2. the request or mentorship rows, the set-wise ones in id order;
3. the mentor's `profiles` row: locked by an accept before it counts the mentor's places, and by the
   trigger that keeps `profiles.active_mentees` equal to the mentor's ACTIVE mentorships.
Every lock is `FOR NO KEY UPDATE`: it serialises our writers without blocking the inserts (sessions,
notifications) that merely reference a locked row. A deadlock that slips past this order anyway (a
reader's expiry racing a writer's cancellation) is retried (`db.transactions.run_in_transaction`).

Holding both participants' user rows makes every count taken under them exact: the mentee's active
mentorships, the sender's pending requests, whether the pair already has a mentorship. On top of that
the schema refuses a second PENDING request or ACTIVE mentorship per pair and a second mentorship per
request, and the `active_mentees` trigger refuses a mentorship that would pass the mentor's `capacity`.

Notifications name and link only the participants of the request or mentorship they are about: a
request cancelled because one of its participants was matched elsewhere says which limit was reached,
never who the other match is.

Expiry needs no job: a PENDING request whose `expires_at` has passed is flipped to EXPIRED (and both
sides notified) by whichever operation next reads or writes that participant's requests.

Repeating the action that put a request or mentorship in its current state (a second accept, decline,
withdraw or end by the same side) returns it unchanged, without an error or a second effect; any other
action on a request that is no longer PENDING is a CONFLICT.
"""

from __future__ import annotations

import enum
import math
import uuid
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, Generic, TypeVar

from sqlalchemy import Select, func, literal, or_, select, tuple_, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.sql.base import ExecutableOption

from mentormatch.accounts.models import User
from mentormatch.accounts.service import Viewer
from mentormatch.db.keyset import decode_cursor, page_size
from mentormatch.db.transactions import run_in_transaction
from mentormatch.errors import ErrorCode, InvalidInput, ServiceError, forbidden, not_found
from mentormatch.mentorships.models import (
    MAX_MESSAGE,
    MAX_REASON,
    MENTOR_CAPACITY,
    Mentorship,
    MentorshipOutcome,
    MentorshipRequest,
    MentorshipStatus,
    RequestStatus,
    Role,
    mentorship_options,
    request_options,
)
from mentormatch.notifications.models import NotificationKind
from mentormatch.notifications.service import NewNotification, notify_many
from mentormatch.profiles.models import Profile
from mentormatch.profiles.validation import MAX_ITEM
from mentormatch.programme import service as programme
from mentormatch.text import CONTROL_CHARACTERS, LINE_BREAKS, has_control_characters

Db = async_sessionmaker[AsyncSession]
Row = TypeVar("Row")

MAX_OBJECTIVES = 10


class Box(enum.Enum):
    INCOMING = "INCOMING"
    OUTGOING = "OUTGOING"


@dataclass(frozen=True)
class RequestLimits:
    max_pending_requests: int
    max_mentors_per_mentee: int
    request_ttl_days: int


@dataclass
class Page(Generic[Row]):
    rows: list[Row]
    total: int
    has_next: bool
    has_previous: bool


# ---------------------------------------------------------------------------------------------- helpers


def _violated_constraint(error: IntegrityError) -> str | None:
    """The name of the unique index or the check a statement violated, if that was the failure."""
    cause = getattr(error.orig, "__cause__", None)
    if getattr(error.orig, "sqlstate", None) in ("23505", "23514"):
        return getattr(cause, "constraint_name", None)
    return None


async def request_limits(session: AsyncSession) -> RequestLimits:
    """The programme's request limits, as last committed (programme.service owns them)."""
    settings = await programme.current(session)
    return RequestLimits(
        settings.max_pending_requests, settings.max_mentors_per_mentee, settings.request_ttl_days
    )


async def _lock_users(session: AsyncSession, user_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, User]:
    """The users, locked in id order (step 1 of the lock order)."""
    rows = await session.scalars(
        select(User)
        .where(User.id.in_(user_ids))
        .order_by(User.id)
        .with_for_update(key_share=True)
        .execution_options(populate_existing=True)
    )
    return {user.id: user for user in rows}


async def _names(session: AsyncSession, user_ids: set[uuid.UUID]) -> dict[uuid.UUID, str]:
    rows = await session.execute(select(User.id, User.display_name).where(User.id.in_(user_ids)))
    return {row.id: row.display_name for row in rows}


def _clean_text(raw: str, field: str, limit: int, problems: list[tuple[str, str]]) -> str:
    """Stripped text; control characters (but line breaks and tabs) and overlong text are problems."""
    value = raw.strip()
    if len(value) > limit:
        problems.append((field, f"Must be at most {limit} characters."))
    elif has_control_characters(value, allowed=LINE_BREAKS):
        problems.append((field, CONTROL_CHARACTERS))
    return value


def parse_request_input(message: str, objectives: Sequence[str] | None) -> tuple[str, list[str]]:
    """The message and objectives of a new request, or INVALID_INPUT naming each bad field."""
    problems: list[tuple[str, str]] = []
    body = _clean_text(message, "message", MAX_MESSAGE, problems)
    if not body and not problems:
        problems.append(("message", "Say why you want to work together."))
    items: list[str] = []
    if objectives is not None:
        if len(objectives) > MAX_OBJECTIVES:
            problems.append(("objectives", f"At most {MAX_OBJECTIVES} objectives."))
        seen: set[str] = set()
        for n, raw in enumerate(objectives[:MAX_OBJECTIVES]):
            item = " ".join(_clean_text(raw, f"objectives[{n}]", MAX_ITEM, problems).split())
            if not item:
                problems.append((f"objectives[{n}]", "Must not be empty."))
            elif item.casefold() in seen:
                problems.append((f"objectives[{n}]", "Is listed twice."))
            seen.add(item.casefold())
            items.append(item)
    if problems:
        raise InvalidInput(problems)
    return body, items


def _optional_reason(raw: str | None, field: str) -> str | None:
    if raw is None:
        return None
    problems: list[tuple[str, str]] = []
    value = _clean_text(raw, field, MAX_REASON, problems)
    if problems:
        raise InvalidInput(problems)
    return value or None


def _describe(status: RequestStatus) -> str:
    return {
        RequestStatus.ACCEPTED: "was already accepted",
        RequestStatus.DECLINED: "was declined",
        RequestStatus.WITHDRAWN: "was withdrawn",
        RequestStatus.EXPIRED: "expired without an answer",
        RequestStatus.CANCELLED: "was cancelled",
        RequestStatus.PENDING: "is still pending",
    }[status]


def _no_longer_pending(request: MentorshipRequest) -> ServiceError:
    reason = f": {request.reason}" if request.status is RequestStatus.CANCELLED and request.reason else "."
    return ServiceError(ErrorCode.CONFLICT, f"This request {_describe(request.status)}{reason}")


# ---------------------------------------------------------------------------------------------- expiry


async def expire_overdue_requests(
    session: AsyncSession,
    *,
    user_ids: Sequence[uuid.UUID] | None = None,
    request_id: uuid.UUID | None = None,
) -> int:
    """Flip the overdue PENDING requests of these participants (or this one request) to EXPIRED and
    tell both sides; returns how many expired. Safe to run concurrently: a row is expired once."""
    R = MentorshipRequest
    overdue = select(R.id).where(R.status == RequestStatus.PENDING, R.expires_at <= func.now())
    if user_ids is not None:
        overdue = overdue.where(or_(R.mentor_id.in_(user_ids), R.mentee_id.in_(user_ids)))
    if request_id is not None:
        overdue = overdue.where(R.id == request_id)
    rows = (
        await session.execute(
            update(R)
            .where(
                R.id.in_(overdue.order_by(R.id).with_for_update(key_share=True)),
                R.status == RequestStatus.PENDING,
            )
            .values(status=RequestStatus.EXPIRED, decided_at=R.expires_at)
            .returning(R.id, R.sender_id, R.recipient_id)
            .execution_options(synchronize_session=False)
        )
    ).all()
    if not rows:
        return 0
    names = await _names(session, {row.sender_id for row in rows} | {row.recipient_id for row in rows})
    events: list[NewNotification] = []
    for row in rows:
        sender, recipient = names[row.sender_id], names[row.recipient_id]
        events += [
            NewNotification(
                row.sender_id,
                NotificationKind.REQUEST_EXPIRED,
                f"Your request to {recipient} expired without an answer.",
                request_id=row.id,
            ),
            NewNotification(
                row.recipient_id,
                NotificationKind.REQUEST_EXPIRED,
                f"The request from {sender} expired before you answered it.",
                request_id=row.id,
            ),
        ]
    await notify_many(session, events)
    return len(rows)


async def remind_expiring_requests(session: AsyncSession, *, within: timedelta) -> int:
    """Remind the recipient of every PENDING request that expires within `within`, once (its
    `expiry_reminded_at`); returns how many. Safe to run concurrently: a row is claimed once."""
    R = MentorshipRequest
    expiring = (
        select(R.id)
        .where(
            R.status == RequestStatus.PENDING,
            R.expiry_reminded_at.is_(None),
            R.expires_at > func.now(),
            R.expires_at <= func.now() + within,
        )
        .order_by(R.id)
        .with_for_update(skip_locked=True)
    )
    rows = (
        await session.execute(
            update(R)
            .where(R.id.in_(expiring), R.expiry_reminded_at.is_(None))
            .values(expiry_reminded_at=func.now())
            .returning(R.id, R.sender_id, R.recipient_id, R.expires_at, func.now().label("now"))
            .execution_options(synchronize_session=False)
        )
    ).all()
    if not rows:
        return 0
    names = await _names(session, {row.sender_id for row in rows})
    await notify_many(
        session,
        [
            NewNotification(
                row.recipient_id,
                NotificationKind.REQUEST_EXPIRING,
                f"The request from {names[row.sender_id]} expires in {_hours_left(row.expires_at - row.now)}"
                " if you do not answer it: accept or decline it before then.",
                actor_id=row.sender_id,
                request_id=row.id,
            )
            for row in rows
        ],
    )
    return len(rows)


def _hours_left(left: timedelta) -> str:
    hours = max(1, math.ceil(left.total_seconds() / 3600))
    return f"{hours} hour{'s' if hours != 1 else ''}"


async def _cancel_pending(
    session: AsyncSession,
    *,
    condition: Any,
    except_id: uuid.UUID | None,
    reason: str,
    acceptor_id: uuid.UUID,
    name_acceptor: bool = True,
) -> int:
    """Cancel the live PENDING requests matching `condition` that a reached limit made impossible, and
    tell each participant except the acceptor whose action reached it; returns how many.

    The acceptor is named as the actor only to their own counterpart: to the other participant of a
    cancelled request they are a third party, and who they matched with is not that person's business.
    Without `name_acceptor` nobody is named (the acceptor did nothing: a moderator did).
    """
    R = MentorshipRequest
    victims = select(R.id).where(condition, R.status == RequestStatus.PENDING)
    if except_id is not None:
        victims = victims.where(R.id != except_id)
    victims = victims.order_by(R.id).with_for_update(key_share=True)
    rows = (
        await session.execute(
            update(R)
            .where(R.id.in_(victims), R.status == RequestStatus.PENDING)
            .values(status=RequestStatus.CANCELLED, reason=reason, decided_at=func.now())
            .returning(R.id, R.sender_id, R.recipient_id)
            .execution_options(synchronize_session=False)
        )
    ).all()
    if not rows:
        return 0
    names = await _names(session, {row.sender_id for row in rows} | {row.recipient_id for row in rows})
    events: list[NewNotification] = []
    for row in rows:
        named = name_acceptor and acceptor_id in (row.sender_id, row.recipient_id)
        actor_id = acceptor_id if named else None
        if row.sender_id != acceptor_id:
            events.append(
                NewNotification(
                    row.sender_id,
                    NotificationKind.REQUEST_CANCELLED,
                    f"Your request to {names[row.recipient_id]} was cancelled: {reason}",
                    actor_id=actor_id,
                    request_id=row.id,
                )
            )
        if row.recipient_id != acceptor_id:
            events.append(
                NewNotification(
                    row.recipient_id,
                    NotificationKind.REQUEST_CANCELLED,
                    f"The request from {names[row.sender_id]} was cancelled: {reason}",
                    actor_id=actor_id,
                    request_id=row.id,
                )
            )
    await notify_many(session, events)
    return len(rows)


async def cancel_pending_requests_of(session: AsyncSession, *, user_id: uuid.UUID, reason: str) -> int:
    """Cancel every PENDING request of a participant who can no longer be matched (suspended), sent or
    received, telling each other side `reason` (which must not say why); returns how many. Overdue ones
    expire instead. The caller holds the participant's `users` row (step 1 of the lock order)."""
    R = MentorshipRequest
    await expire_overdue_requests(session, user_ids=[user_id])
    return await _cancel_pending(
        session,
        condition=or_(R.mentor_id == user_id, R.mentee_id == user_id),
        except_id=None,
        reason=reason,
        acceptor_id=user_id,
        name_acceptor=False,
    )


# ---------------------------------------------------------------------------------------------- reads


async def _fresh(session: AsyncSession) -> None:
    """Write what is pending and forget every loaded object, so the next load builds a complete graph.

    Re-populating objects already in the session does not work for a graph that reaches an object
    twice (request -> mentorship -> request): the second visit resets relations the first just loaded.
    """
    await session.flush()
    session.expunge_all()


async def _load_request(session: AsyncSession, request_id: uuid.UUID) -> MentorshipRequest:
    await _fresh(session)
    return (
        await session.scalars(
            select(MentorshipRequest).where(MentorshipRequest.id == request_id).options(*request_options())
        )
    ).one()


async def _load_mentorship(session: AsyncSession, mentorship_id: uuid.UUID) -> Mentorship:
    await _fresh(session)
    return (
        await session.scalars(
            select(Mentorship).where(Mentorship.id == mentorship_id).options(*mentorship_options())
        )
    ).one()


async def request_by_id(db: Db, request_id: uuid.UUID) -> MentorshipRequest:
    """A request with its relations, for a caller that has already checked who may see it."""
    async with db() as session:
        return await _load_request(session, request_id)


async def mentorship_by_id(db: Db, mentorship_id: uuid.UUID) -> Mentorship:
    """A mentorship with its relations, for a caller that has already checked who may see it."""
    async with db() as session:
        return await _load_mentorship(session, mentorship_id)


def current_status(request: MentorshipRequest) -> RequestStatus:
    """The status as of now: a PENDING request past its expiry is EXPIRED even before it is flipped."""
    if request.status is RequestStatus.PENDING and request.expires_at <= datetime.now(UTC):
        return RequestStatus.EXPIRED
    return request.status


async def get_request(
    db: Db, *, viewer_id: uuid.UUID, is_admin: bool, request_id: uuid.UUID
) -> MentorshipRequest:
    """A request, to its two participants and admins; NOT_FOUND to anyone else."""

    async def body(session: AsyncSession) -> MentorshipRequest | ServiceError:
        await expire_overdue_requests(session, request_id=request_id)
        request = await session.get(MentorshipRequest, request_id)
        if request is None or not (is_admin or viewer_id in (request.mentor_id, request.mentee_id)):
            return not_found("Mentorship request")
        return await _load_request(session, request_id)

    return await run_in_transaction(db, body)


async def get_mentorship(
    db: Db, *, viewer_id: uuid.UUID, is_admin: bool, mentorship_id: uuid.UUID
) -> Mentorship:
    """A mentorship, to its two participants and admins; NOT_FOUND to anyone else."""
    async with db() as session:
        mentorship = await session.scalar(
            select(Mentorship).where(Mentorship.id == mentorship_id).options(*mentorship_options())
        )
    if mentorship is None or not (is_admin or viewer_id in (mentorship.mentor_id, mentorship.mentee_id)):
        raise not_found("Mentorship")
    return mentorship


async def _page(
    session: AsyncSession,
    query: Select[Any],
    *,
    at: Any,
    row_id: Any,
    first: int,
    after: str | None,
    options: Sequence[ExecutableOption],
) -> Page[Any]:
    """One newest-first keyset page of `query`, with the total count of its rows."""
    limit = page_size(first)
    position = decode_cursor(after)
    total = await session.scalar(select(func.count()).select_from(query.subquery())) or 0
    if position is not None:
        query = query.where(tuple_(at, row_id) < tuple_(literal(position.at), literal(position.id)))
    rows = list(
        await session.scalars(query.order_by(at.desc(), row_id.desc()).limit(limit + 1).options(*options))
    )
    return Page(rows[:limit], total, len(rows) > limit, position is not None)


async def list_requests(
    db: Db,
    *,
    viewer_id: uuid.UUID,
    box: Box,
    statuses: Sequence[RequestStatus] | None,
    first: int,
    after: str | None,
    reads: Db | None = None,
) -> tuple[Page[MentorshipRequest], bool]:
    """The viewer's incoming or outgoing requests, newest first, after their overdue ones expired, and
    whether any did. The page is read from `reads` (a replica, db.routing) when nothing expired: an
    expiry just written on `db` (the primary) is not there yet."""
    R = MentorshipRequest
    column = R.recipient_id if box is Box.INCOMING else R.sender_id
    query = select(R).where(column == viewer_id)
    if statuses:
        query = query.where(R.status.in_(statuses))

    async def page(session: AsyncSession) -> Page[MentorshipRequest]:
        return await _page(
            session, query, at=R.created_at, row_id=R.id, first=first, after=after, options=request_options()
        )

    if reads is None or reads is db:

        async def body(session: AsyncSession) -> tuple[Page[MentorshipRequest], bool]:
            expired = await expire_overdue_requests(session, user_ids=[viewer_id])
            return await page(session), expired > 0

        return await run_in_transaction(db, body)

    async def expire(session: AsyncSession) -> int:
        return await expire_overdue_requests(session, user_ids=[viewer_id])

    if await run_in_transaction(db, expire):
        async with db() as session:
            return await page(session), True
    async with reads() as session:
        return await page(session), False


async def list_mentorships(
    db: Db,
    *,
    viewer_id: uuid.UUID,
    statuses: Sequence[MentorshipStatus] | None,
    role: Role | None,
    first: int,
    after: str | None,
) -> Page[Mentorship]:
    """The viewer's mentorships (as mentor, mentee or either), newest first."""
    M = Mentorship
    if role is Role.MENTOR:
        query = select(M).where(M.mentor_id == viewer_id)
    elif role is Role.MENTEE:
        query = select(M).where(M.mentee_id == viewer_id)
    else:
        query = select(M).where(or_(M.mentor_id == viewer_id, M.mentee_id == viewer_id))
    if statuses:
        query = query.where(M.status.in_(statuses))
    async with db() as session:
        return await _page(
            session,
            query,
            at=M.started_at,
            row_id=M.id,
            first=first,
            after=after,
            options=mentorship_options(),
        )


# ---------------------------------------------------------------------------------------------- requests


async def create_request(
    db: Db,
    *,
    initiator: Role,
    sender_id: uuid.UUID,
    recipient_id: uuid.UUID,
    message: str,
    objectives: Sequence[str] | None,
) -> MentorshipRequest:
    """Propose a mentorship: a mentee asking a mentor (`initiator` MENTEE), or a mentor inviting a
    mentee (MENTOR). The recipient is notified."""
    if initiator is Role.MENTEE:
        mentor_id, mentee_id, recipient_field = recipient_id, sender_id, "mentorId"
    else:
        mentor_id, mentee_id, recipient_field = sender_id, recipient_id, "menteeId"
    if mentor_id == mentee_id:
        raise InvalidInput([(recipient_field, "You cannot send a mentorship request to yourself.")])
    cleaned, items = parse_request_input(message, objectives)

    async def body(session: AsyncSession) -> MentorshipRequest | ServiceError:
        limits = await request_limits(session)
        users = await _lock_users(session, [mentor_id, mentee_id])
        profiles = {
            p.user_id: p
            for p in await session.scalars(select(Profile).where(Profile.user_id.in_([mentor_id, mentee_id])))
        }
        refusal = _refusal(initiator, users, profiles, sender_id, recipient_id)
        if refusal is not None:
            return refusal
        await expire_overdue_requests(session, user_ids=[sender_id])
        problem = await _pair_problem(session, limits, mentor_id, mentee_id, users, initiator)
        if problem is not None:
            return problem
        pending = await session.scalar(
            select(func.count())
            .select_from(MentorshipRequest)
            .where(
                MentorshipRequest.sender_id == sender_id,
                MentorshipRequest.status == RequestStatus.PENDING,
            )
        )
        if (pending or 0) >= limits.max_pending_requests:
            return ServiceError(
                ErrorCode.LIMIT_REACHED,
                f"You already have {limits.max_pending_requests} pending requests, the most at once; "
                "withdraw one or wait for answers.",
            )
        sender = users[sender_id]
        request = MentorshipRequest(
            mentor_id=mentor_id,
            mentee_id=mentee_id,
            sender_id=sender_id,
            recipient_id=recipient_id,
            message=cleaned,
            objectives=items,
            expires_at=func.now() + timedelta(days=limits.request_ttl_days),
        )
        session.add(request)
        await session.flush()
        kind = "be their mentor" if initiator is Role.MENTEE else "be their mentee"
        await notify_many(
            session,
            [
                NewNotification(
                    recipient_id,
                    NotificationKind.REQUEST_RECEIVED,
                    f"{sender.display_name} asked you to {kind}.",
                    actor_id=sender_id,
                    request_id=request.id,
                )
            ],
        )
        return await _load_request(session, request.id)

    try:
        return await run_in_transaction(db, body)
    except IntegrityError as error:
        # The backstop: the partial unique index refuses a second PENDING request for the pair.
        if _violated_constraint(error) == "uq_mentorship_requests_pending_pair":
            raise _pending_conflict() from None
        raise


def _refusal(
    initiator: Role,
    users: dict[uuid.UUID, User],
    profiles: dict[uuid.UUID, Profile],
    sender_id: uuid.UUID,
    recipient_id: uuid.UUID,
) -> ServiceError | None:
    """Why these two cannot start a request in this direction (who they are, not what they have
    pending), or None."""
    mentor_id, mentee_id = (
        (recipient_id, sender_id) if initiator is Role.MENTEE else (sender_id, recipient_id)
    )
    recipient_field = "mentorId" if initiator is Role.MENTEE else "menteeId"
    sender, recipient = users.get(sender_id), users.get(recipient_id)
    if sender is None or sender.is_suspended:
        return forbidden("Your account cannot send requests.")
    recipient_profile = profiles.get(recipient_id)
    # Suspended or hidden participants are not revealed: they are simply not found.
    if recipient is None or recipient.is_suspended or (recipient_profile and recipient_profile.is_hidden):
        return ServiceError(ErrorCode.NOT_FOUND, "Participant not found.", recipient_field)
    sender_profile = profiles.get(sender_id)
    if sender_profile is not None and sender_profile.is_hidden:
        return forbidden("Your profile is hidden by a moderator; you cannot send requests.")
    mentor = profiles.get(mentor_id)
    if initiator is Role.MENTEE:
        if mentor is None or not mentor.can_mentor:
            return ServiceError(
                ErrorCode.NOT_ACCEPTING, f"{recipient.display_name} does not mentor.", "mentorId"
            )
        if not mentor.accepting_requests:
            return ServiceError(
                ErrorCode.NOT_ACCEPTING,
                f"{recipient.display_name} is not accepting requests at the moment.",
                "mentorId",
            )
    else:
        if mentor is None or not mentor.can_mentor:
            return forbidden("Only mentors can invite mentees: set canMentor in your profile first.")
        mentee_profile = profiles.get(mentee_id)
        if mentee_profile is None or not mentee_profile.seeks_mentoring:
            return ServiceError(
                ErrorCode.NOT_ACCEPTING, f"{recipient.display_name} is not looking for a mentor.", "menteeId"
            )
    if mentor.active_mentees >= mentor.capacity:
        who = "You have" if initiator is Role.MENTOR else f"{recipient.display_name} has"
        return ServiceError(ErrorCode.CAPACITY_REACHED, f"{who} no free place for another mentee.")
    return None


def _pending_conflict() -> ServiceError:
    return ServiceError(ErrorCode.CONFLICT, "There is already a pending request between you two.")


async def _pair_problem(
    session: AsyncSession,
    limits: RequestLimits,
    mentor_id: uuid.UUID,
    mentee_id: uuid.UUID,
    users: dict[uuid.UUID, User],
    initiator: Role,
) -> ServiceError | None:
    """Why this pair cannot have a new request (exact: both participants are locked), or None."""
    R, M = MentorshipRequest, Mentorship
    pending_sender = await session.scalar(
        select(R.sender_id).where(
            R.mentor_id == mentor_id, R.mentee_id == mentee_id, R.status == RequestStatus.PENDING
        )
    )
    if pending_sender is not None:
        other = users[mentor_id if initiator is Role.MENTEE else mentee_id].display_name
        sender_id = mentee_id if initiator is Role.MENTEE else mentor_id
        if pending_sender == sender_id:
            return ServiceError(ErrorCode.CONFLICT, f"You already have a pending request with {other}.")
        return ServiceError(
            ErrorCode.CONFLICT, f"{other} already sent you a request: accept or decline it instead."
        )
    active = await session.execute(
        select(M.mentor_id, M.mentee_id).where(
            M.status == MentorshipStatus.ACTIVE, or_(M.mentee_id == mentee_id, M.mentor_id == mentor_id)
        )
    )
    mentors_of_mentee = 0
    for row in active:
        if row.mentor_id == mentor_id and row.mentee_id == mentee_id:
            return ServiceError(ErrorCode.CONFLICT, "You two already have an active mentorship.")
        if row.mentee_id == mentee_id:
            mentors_of_mentee += 1
    if mentors_of_mentee >= limits.max_mentors_per_mentee:
        who = "You have" if initiator is Role.MENTEE else f"{users[mentee_id].display_name} has"
        return ServiceError(
            ErrorCode.LIMIT_REACHED,
            f"{who} {mentors_of_mentee} active mentorship(s), the programme's most at once.",
        )
    return None


async def _participants(
    session: AsyncSession, request_id: uuid.UUID, viewer_id: uuid.UUID
) -> MentorshipRequest | ServiceError:
    """The request as last committed (unlocked: its participants never change), if the viewer is one
    of its participants; NOT_FOUND otherwise, so others cannot probe ids."""
    request = await session.get(MentorshipRequest, request_id)
    if request is None or viewer_id not in (request.mentor_id, request.mentee_id):
        return not_found("Mentorship request")
    return request


async def _lock_request(session: AsyncSession, request_id: uuid.UUID) -> MentorshipRequest:
    return await session.get_one(
        MentorshipRequest, request_id, with_for_update={"key_share": True}, populate_existing=True
    )


async def accept_request(db: Db, *, viewer_id: uuid.UUID, request_id: uuid.UUID) -> MentorshipRequest:
    """The recipient accepts: a mentorship starts, within the mentor's capacity and the mentee's most
    mentors at once; pending requests a reached limit makes impossible are cancelled.

    Accepting an already accepted request again returns it unchanged.
    """

    async def body(session: AsyncSession) -> MentorshipRequest | ServiceError:
        found = await _participants(session, request_id, viewer_id)
        if isinstance(found, ServiceError):
            return found
        if found.recipient_id != viewer_id:
            return forbidden("Only the recipient can accept a request.")
        mentor_id, mentee_id = found.mentor_id, found.mentee_id
        users = await _lock_users(session, [mentor_id, mentee_id])
        limits = await request_limits(session)
        await expire_overdue_requests(session, user_ids=[mentor_id, mentee_id])
        request = await _lock_request(session, request_id)
        if request.status is RequestStatus.ACCEPTED:
            return await _load_request(session, request_id)
        if request.status is not RequestStatus.PENDING:
            return _no_longer_pending(request)
        sender = users[request.sender_id]
        hidden = set(
            await session.scalars(
                select(Profile.user_id).where(
                    Profile.user_id.in_([mentor_id, mentee_id]), Profile.hidden_at.is_not(None)
                )
            )
        )
        if viewer_id in hidden:
            return forbidden("Your profile is hidden by a moderator; you cannot start a mentorship.")
        if sender.is_suspended or sender.id in hidden:
            return ServiceError(ErrorCode.CONFLICT, f"{sender.display_name} can no longer be matched.")

        mentor_count = await session.scalar(
            select(func.count())
            .select_from(Mentorship)
            .where(Mentorship.mentee_id == mentee_id, Mentorship.status == MentorshipStatus.ACTIVE)
        )
        if (mentor_count or 0) >= limits.max_mentors_per_mentee:
            who = "You have" if viewer_id == mentee_id else f"{users[mentee_id].display_name} has"
            return ServiceError(
                ErrorCode.LIMIT_REACHED,
                f"{who} {mentor_count} active mentorship(s), the programme's most at once.",
            )
        # The mentor's places, counted under their profile's lock (step 3) from the mentorships
        # themselves: exact whatever `active_mentees` says, which the insert's trigger then recounts
        # (and which refuses the insert, should anything pass `capacity` all the same).
        capacity = await session.scalar(
            select(Profile.capacity).where(Profile.user_id == mentor_id).with_for_update(key_share=True)
        )
        taken = (
            await session.scalar(
                select(func.count())
                .select_from(Mentorship)
                .where(Mentorship.mentor_id == mentor_id, Mentorship.status == MentorshipStatus.ACTIVE)
            )
            or 0
        )
        if capacity is None or taken >= capacity:
            who = "You have" if viewer_id == mentor_id else f"{users[mentor_id].display_name} has"
            return ServiceError(ErrorCode.CAPACITY_REACHED, f"{who} no free place for another mentee.")

        mentorship = Mentorship(request_id=request.id, mentor_id=mentor_id, mentee_id=mentee_id)
        session.add(mentorship)
        request.status = RequestStatus.ACCEPTED
        request.decided_at = func.now()
        await session.flush()
        viewer = users[viewer_id]
        await notify_many(
            session,
            [
                NewNotification(
                    request.sender_id,
                    NotificationKind.REQUEST_ACCEPTED,
                    f"{viewer.display_name} accepted your request: your mentorship has started.",
                    actor_id=viewer_id,
                    request_id=request.id,
                    mentorship_id=mentorship.id,
                )
            ],
        )
        R = MentorshipRequest
        if taken + 1 >= capacity:
            await _cancel_pending(
                session,
                condition=R.mentor_id == mentor_id,
                except_id=request.id,
                reason=f"{users[mentor_id].display_name} has reached their capacity of mentees.",
                acceptor_id=viewer_id,
            )
        if (mentor_count or 0) + 1 >= limits.max_mentors_per_mentee:
            await _cancel_pending(
                session,
                condition=R.mentee_id == mentee_id,
                except_id=request.id,
                reason=f"{users[mentee_id].display_name} has reached the programme's limit of "
                f"{limits.max_mentors_per_mentee} mentor(s) at once.",
                acceptor_id=viewer_id,
            )
        return await _load_request(session, request.id)

    try:
        return await run_in_transaction(db, body)
    except IntegrityError as error:
        if _violated_constraint(error) == "uq_mentorships_active_pair":
            raise ServiceError(ErrorCode.CONFLICT, "You two already have an active mentorship.") from None
        if _violated_constraint(error) == MENTOR_CAPACITY:
            raise ServiceError(ErrorCode.CAPACITY_REACHED, "The mentor has no free place.") from None
        raise


async def _answer(
    db: Db,
    *,
    viewer_id: uuid.UUID,
    request_id: uuid.UUID,
    by_sender: bool,
    status: RequestStatus,
    reason: str | None,
    notice: Callable[[str], str],
    kind: NotificationKind,
) -> MentorshipRequest:
    """Close a PENDING request as `status` (decline by the recipient, withdraw by the sender) and
    tell the other side; the same answer a second time returns the request unchanged."""

    async def body(session: AsyncSession) -> MentorshipRequest | ServiceError:
        found = await _participants(session, request_id, viewer_id)
        if isinstance(found, ServiceError):
            return found
        if (found.sender_id == viewer_id) is not by_sender:
            who = "sender" if by_sender else "recipient"
            return forbidden(f"Only the {who} can {'withdraw' if by_sender else 'decline'} a request.")
        await expire_overdue_requests(session, request_id=request_id)
        request = await _lock_request(session, request_id)
        if request.status is status:
            return await _load_request(session, request_id)
        if request.status is not RequestStatus.PENDING:
            return _no_longer_pending(request)
        request.status = status
        request.reason = reason
        request.decided_at = func.now()
        other = request.recipient_id if by_sender else request.sender_id
        viewer_name = (await _names(session, {viewer_id}))[viewer_id]
        await notify_many(
            session,
            [NewNotification(other, kind, notice(viewer_name), actor_id=viewer_id, request_id=request_id)],
        )
        await session.flush()
        return await _load_request(session, request_id)

    return await run_in_transaction(db, body)


async def decline_request(
    db: Db, *, viewer_id: uuid.UUID, request_id: uuid.UUID, reason: str | None
) -> MentorshipRequest:
    """The recipient declines, optionally saying why; the sender is told."""
    cleaned = _optional_reason(reason, "reason")
    return await _answer(
        db,
        viewer_id=viewer_id,
        request_id=request_id,
        by_sender=False,
        status=RequestStatus.DECLINED,
        reason=cleaned,
        notice=lambda name: f"{name} declined your request" + (f": {cleaned}" if cleaned else "."),
        kind=NotificationKind.REQUEST_DECLINED,
    )


async def withdraw_request(db: Db, *, viewer_id: uuid.UUID, request_id: uuid.UUID) -> MentorshipRequest:
    """The sender takes back a pending request; the recipient is told."""
    return await _answer(
        db,
        viewer_id=viewer_id,
        request_id=request_id,
        by_sender=True,
        status=RequestStatus.WITHDRAWN,
        reason=None,
        notice=lambda name: f"{name} withdrew their request.",
        kind=NotificationKind.REQUEST_WITHDRAWN,
    )


# ---------------------------------------------------------------------------------------------- mentorships


async def end_mentorship(
    db: Db,
    *,
    viewer_id: uuid.UUID,
    mentorship_id: uuid.UUID,
    outcome: MentorshipOutcome,
    reason: str | None,
) -> Mentorship:
    """A participant ends an active mentorship: the mentor's place is freed in the same transaction,
    the other side is told, and both are asked for feedback. Ending it again returns it unchanged."""
    cleaned = _optional_reason(reason, "reason")

    async def body(session: AsyncSession) -> Mentorship | ServiceError:
        found = await session.get(Mentorship, mentorship_id)
        if found is None or viewer_id not in (found.mentor_id, found.mentee_id):
            return not_found("Mentorship")
        users = await _lock_users(session, [found.mentor_id, found.mentee_id])
        mentorship = await session.get_one(
            Mentorship, mentorship_id, with_for_update={"key_share": True}, populate_existing=True
        )
        if mentorship.status is MentorshipStatus.ENDED:
            return await _load_mentorship(session, mentorship_id)
        mentorship.status = MentorshipStatus.ENDED
        mentorship.ended_at = func.now()
        mentorship.ended_by = viewer_id
        mentorship.outcome = outcome
        mentorship.end_reason = cleaned
        # The mentor's place is freed by the trigger on mentorships, which recounts `active_mentees`.
        other_id = mentorship.mentee_id if viewer_id == mentorship.mentor_id else mentorship.mentor_id
        viewer, other = users[viewer_id].display_name, users[other_id].display_name
        ended = NotificationKind.MENTORSHIP_ENDED
        due = NotificationKind.FEEDBACK_DUE
        await notify_many(
            session,
            [
                NewNotification(
                    other_id,
                    ended,
                    f"{viewer} ended your mentorship" + (f": {cleaned}" if cleaned else "."),
                    actor_id=viewer_id,
                    mentorship_id=mentorship_id,
                ),
                NewNotification(
                    viewer_id,
                    due,
                    f"How did your mentorship with {other} go? Your feedback is due.",
                    actor_id=viewer_id,
                    mentorship_id=mentorship_id,
                ),
                NewNotification(
                    other_id,
                    due,
                    f"How did your mentorship with {viewer} go? Your feedback is due.",
                    actor_id=viewer_id,
                    mentorship_id=mentorship_id,
                ),
            ],
        )
        await session.flush()
        return await _load_mentorship(session, mentorship_id)

    return await run_in_transaction(db, body)


# ---------------------------------------------------------------------------------------------- contact


class ContactDetail(enum.Enum):
    """What someone shares to be reached: their account's email, and their profile's contact note."""

    EMAIL = "EMAIL"
    NOTE = "NOTE"


def sees_contact(
    viewer: Viewer | None, owner_id: uuid.UUID, counterparts: Collection[uuid.UUID], detail: ContactDetail
) -> bool:
    """Who sees whose contact details: the owner, and the other participant of an ACTIVE mentorship
    with them (`counterparts`: the viewer's, from `active_counterparts`) while it lasts; admins see the
    email (they run the accounts) but not the contact note, which was written for the counterpart."""
    if viewer is None:
        return False
    if viewer.user.id == owner_id or owner_id in counterparts:
        return True
    return detail is ContactDetail.EMAIL and viewer.is_admin


async def active_counterparts(db: Db, *, user_ids: Collection[uuid.UUID]) -> dict[uuid.UUID, set[uuid.UUID]]:
    """For each of these users, the people in an ACTIVE mentorship with them (in either role)."""
    M = Mentorship
    ids = list(set(user_ids))
    found: dict[uuid.UUID, set[uuid.UUID]] = {user_id: set() for user_id in ids}
    async with db() as session:
        rows = await session.execute(
            select(M.mentor_id, M.mentee_id).where(
                M.status == MentorshipStatus.ACTIVE, or_(M.mentor_id.in_(ids), M.mentee_id.in_(ids))
            )
        )
        for mentor_id, mentee_id in rows.tuples():
            if mentor_id in found:
                found[mentor_id].add(mentee_id)
            if mentee_id in found:
                found[mentee_id].add(mentor_id)
    return found


# ---------------------------------------------------------------------------------------------- leaving


@dataclass(frozen=True)
class Released:
    """What an account leaving the programme ended: its pending requests and active mentorships."""

    cancelled_requests: int
    ended_mentorships: int


async def release_participant(session: AsyncSession, *, user_id: uuid.UUID, reason: str) -> Released:
    """An account leaves the programme (deleted or erased), in the caller's transaction: its PENDING
    requests (either direction) are CANCELLED with `reason` and its ACTIVE mentorships end as ENDED_EARLY,
    and the other side of each is told (and asked for a final check-in). The leaving participant gets no
    notification. Locks the participants involved in id order first, as every writer does."""
    R, M = MentorshipRequest, Mentorship
    involves = or_(R.mentor_id == user_id, R.mentee_id == user_id)
    pairs = await session.execute(
        select(R.mentor_id, R.mentee_id)
        .where(involves, R.status == RequestStatus.PENDING)
        .union(
            select(M.mentor_id, M.mentee_id).where(
                or_(M.mentor_id == user_id, M.mentee_id == user_id), M.status == MentorshipStatus.ACTIVE
            )
        )
    )
    people = {user_id} | {person for row in pairs for person in row}
    users = await _lock_users(session, sorted(people))
    await expire_overdue_requests(session, user_ids=[user_id])
    before = await session.scalar(
        select(func.count()).select_from(R).where(involves, R.status == RequestStatus.PENDING)
    )
    await _cancel_pending(session, condition=involves, except_id=None, reason=reason, acceptor_id=user_id)
    ended = (
        await session.execute(
            update(M)
            .where(
                M.id.in_(
                    select(M.id)
                    .where(
                        or_(M.mentor_id == user_id, M.mentee_id == user_id),
                        M.status == MentorshipStatus.ACTIVE,
                    )
                    .order_by(M.id)
                    .with_for_update(key_share=True)
                ),
                M.status == MentorshipStatus.ACTIVE,
            )
            .values(
                status=MentorshipStatus.ENDED,
                ended_at=func.now(),
                ended_by=user_id,
                outcome=MentorshipOutcome.ENDED_EARLY,
            )
            .returning(M.id, M.mentor_id, M.mentee_id)
            .execution_options(synchronize_session=False)
        )
    ).all()
    leaving = users[user_id].display_name if user_id in users else ""
    events: list[NewNotification] = []
    for row in ended:
        other_id = row.mentee_id if row.mentor_id == user_id else row.mentor_id
        events += [
            NewNotification(
                other_id,
                NotificationKind.MENTORSHIP_ENDED,
                f"Your mentorship with {leaving} has ended: {reason}",
                actor_id=user_id,
                mentorship_id=row.id,
            ),
            NewNotification(
                other_id,
                NotificationKind.FEEDBACK_DUE,
                f"How did your mentorship with {leaving} go? Your feedback is due.",
                actor_id=user_id,
                mentorship_id=row.id,
            ),
        ]
    await notify_many(session, events)
    return Released(cancelled_requests=before or 0, ended_mentorships=len(ended))

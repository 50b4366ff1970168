"""Cohort matching: the proposal keeps every capacity and rule, beats greedy, and publishing skips stale
pairs; participants are refused."""

from __future__ import annotations

import itertools
import uuid
from datetime import UTC, datetime

from sqlalchemy import func, select, text

from mentormatch.matching.service import score_cohort
from mentormatch.mentorships import service as mentorships
from mentormatch.mentorships.models import MentorshipOutcome, MentorshipRequest, RequestStatus, Role
from mentormatch.notifications.models import Notification, NotificationKind
from tests.conftest import GraphQL
from tests.integration.cohorts.conftest import (
    PROPOSAL_QUERY,
    PROPOSE,
    PUBLISH,
    Db,
    Mentors,
    Person,
    make_admin,
    set_direction,
    set_profile,
    set_user,
)

PYTHON = ["Python programming and software design"]


def _mentor(name: str, capacity: int, expertise: list[str] = PYTHON, **extra: object) -> dict[str, object]:
    return {"displayName": name, "canMentor": True, "capacity": capacity, "expertise": expertise, **extra}


def _mentee(name: str, objectives: list[str] = PYTHON, **extra: object) -> dict[str, object]:
    return {"displayName": name, "seeksMentoring": True, "objectives": objectives, **extra}


async def _end_not_a_fit(db: Db, mentee: uuid.UUID, mentor: uuid.UUID) -> None:
    request = await mentorships.create_request(
        db, initiator=Role.MENTEE, sender_id=mentee, recipient_id=mentor, message="Hi", objectives=None
    )
    accepted = await mentorships.accept_request(db, viewer_id=mentor, request_id=request.id)
    assert accepted.mentorship is not None
    await mentorships.end_mentorship(
        db,
        viewer_id=mentor,
        mentorship_id=accepted.mentorship.id,
        outcome=MentorshipOutcome.NOT_A_FIT,
        reason=None,
    )


async def test_proposal_respects_every_capacity_and_rule(
    db: Db, gql: GraphQL, person: Person, mentors: Mentors
) -> None:
    _, admin = await make_admin(db, person)
    ids = await mentors(
        [
            _mentor("Mentor One", 1, careerStage="SENIOR"),
            _mentor("Mentor Two", 2, careerStage="SENIOR"),
            _mentor("Mentor Hidden", 5, careerStage="SENIOR"),
            _mentor("Mentor Suspended", 5, careerStage="SENIOR"),
            _mentor("Mentor Junior", 5, careerStage="EARLY_CAREER"),
            _mentor("Mentor Ex", 5, careerStage="SENIOR"),
            _mentor("Mentor Pending", 5, careerStage="SENIOR"),
            _mentor("Mentor Closed", 5, careerStage="SENIOR", acceptingRequests=False),
            *[_mentee(f"Mentee {n}", careerStage="MID_CAREER") for n in range(1, 7)],
            _mentee("Mentee Suspended", careerStage="MID_CAREER"),
            _mentee("Mentee Hidden", careerStage="MID_CAREER"),
        ]
    )
    await set_profile(db, ids["Mentor Hidden"], hidden_at=datetime.now(UTC))
    await set_user(db, ids["Mentor Suspended"], suspended_at=datetime.now(UTC))
    await set_profile(db, ids["Mentee Hidden"], hidden_at=datetime.now(UTC))
    await set_user(db, ids["Mentee Suspended"], suspended_at=datetime.now(UTC))
    # Mentee 1 ended with Mentor Ex as NOT_A_FIT; Mentee 2 has a pending request to Mentor Pending.
    await _end_not_a_fit(db, ids["Mentee 1"], ids["Mentor Ex"])
    await mentorships.create_request(
        db,
        initiator=Role.MENTEE,
        sender_id=ids["Mentee 2"],
        recipient_id=ids["Mentor Pending"],
        message="Hi",
        objectives=None,
    )
    # Traditional and required: the early-career mentor cannot take mid-career mentees.
    await set_direction(db, "TRADITIONAL", required=True)

    mentee_names = [*(f"Mentee {n}" for n in range(1, 7)), "Mentee Suspended", "Mentee Hidden"]
    mentor_names = ["Mentor One", "Mentor Two", "Mentor Hidden", "Mentor Suspended", "Mentor Junior"]
    mentor_names += ["Mentor Ex", "Mentor Pending", "Mentor Closed"]
    data = await gql.data(
        PROPOSE,
        {
            "input": {
                "menteeIds": [str(ids[n]) for n in mentee_names],
                "mentorIds": [str(ids[n]) for n in mentor_names],
            }
        },
        token=admin,
    )
    payload = data["proposeCohortMatches"]
    assert payload["errors"] == []
    proposal = payload["proposal"]
    names = {str(v): k for k, v in ids.items()}
    pairs = [(names[p["mentee"]["id"]], names[p["mentor"]["id"]]) for p in proposal["pairs"]]

    per_mentor: dict[str, int] = {}
    for _, mentor in pairs:
        per_mentor[mentor] = per_mentor.get(mentor, 0) + 1
    # Free places: Mentor One 1, Mentor Two 2, Ex and Pending 5 each (each keeps its own refusals).
    assert per_mentor.get("Mentor One", 0) <= 1
    assert per_mentor.get("Mentor Two", 0) <= 2
    assert not {"Mentor Hidden", "Mentor Suspended", "Mentor Junior", "Mentor Closed"} & set(per_mentor)
    # One mentor per mentee (the programme's default limit), no excluded pair.
    assert len({mentee for mentee, _ in pairs}) == len(pairs)
    assert ("Mentee 1", "Mentor Ex") not in pairs
    assert ("Mentee 2", "Mentor Pending") not in pairs
    assert not {"Mentee Suspended", "Mentee Hidden"} & {mentee for mentee, _ in pairs}
    # Everyone who can be paired is: 6 mentees, 1 + 2 + 5 + 5 places.
    assert len(pairs) == 6
    unmatched = {names[u["menteeId"]]: u["reason"] for u in proposal["unmatched"]}
    assert set(unmatched) == {"Mentee Suspended", "Mentee Hidden"}
    assert abs(proposal["totalScore"] - sum(p["score"] for p in proposal["pairs"])) < 1e-9
    assert all(p["explanation"] and p["publishedAt"] is None for p in proposal["pairs"])

    # The draft reads back the same.
    again = await gql.data(PROPOSAL_QUERY, {"id": proposal["id"]}, token=admin)
    assert again["cohortProposal"] == proposal


async def test_default_cohort_leaves_out_matched_and_full(
    db: Db, gql: GraphQL, person: Person, mentors: Mentors
) -> None:
    _, admin = await make_admin(db, person)
    ids = await mentors(
        [_mentor("Mentor Full", 1), _mentor("Mentor Free", 1), _mentee("Mentee A"), _mentee("Mentee B")]
    )
    request = await mentorships.create_request(
        db,
        initiator=Role.MENTEE,
        sender_id=ids["Mentee A"],
        recipient_id=ids["Mentor Full"],
        message="Hi",
        objectives=None,
    )
    await mentorships.accept_request(db, viewer_id=ids["Mentor Full"], request_id=request.id)
    proposal = (await gql.data(PROPOSE, {}, token=admin))["proposeCohortMatches"]["proposal"]
    pairs = {(p["mentee"]["id"], p["mentor"]["id"]) for p in proposal["pairs"]}
    # Mentee A is matched already and Mentor Full has no place left: only B and Free remain.
    assert pairs == {(str(ids["Mentee B"]), str(ids["Mentor Free"]))}
    # Named explicitly, a mentee at the programme's limit is unmatched with why.
    named = await gql.data(PROPOSE, {"input": {"menteeIds": [str(ids["Mentee A"])]}}, token=admin)
    [unmatched] = named["proposeCohortMatches"]["proposal"]["unmatched"]
    assert unmatched["menteeId"] == str(ids["Mentee A"])
    assert "active mentorship" in unmatched["reason"]


async def test_no_pair_without_evidence(db: Db, gql: GraphQL, person: Person, mentors: Mentors) -> None:
    """A pair whose objectives meet none of the mentor's items even PARTIALly adds to the total score but
    is no match: the mentee is left unmatched, saying so, rather than paired with whoever is free."""
    _, admin = await make_admin(db, person)
    ids = await mentors(
        [
            _mentor("Mentor Kubernetes", 2, ["running Kubernetes clusters in production"]),
            _mentee("Mentee Baker", ["bake sourdough bread and French pastries at home"]),
            _mentee("Mentee Cloud", ["deploy our containers reliably to the cloud"]),
        ]
    )
    proposal = (await gql.data(PROPOSE, {}, token=admin))["proposeCohortMatches"]["proposal"]
    assert {(p["mentee"]["id"], p["mentor"]["id"]) for p in proposal["pairs"]} == {
        (str(ids["Mentee Cloud"]), str(ids["Mentor Kubernetes"]))
    }
    # The mentor still has a free place, and the baker was a candidate: only the evidence rule left them out.
    candidates = await score_cohort(db, [ids["Mentee Baker"]])
    assert [c.mentor_id for c in candidates[ids["Mentee Baker"]]] == [ids["Mentor Kubernetes"]]
    assert proposal["unmatched"] == [
        {
            "menteeId": str(ids["Mentee Baker"]),
            "mentee": {"id": str(ids["Mentee Baker"])},
            "reason": "No eligible mentor with a free place teaches anything close to their objectives.",
        }
    ]


async def test_proposal_beats_greedy_where_greedy_is_suboptimal(
    db: Db, gql: GraphQL, person: Person, mentors: Mentors
) -> None:
    """Ann fits both mentors, Xavier a little better; Ben only fits Xavier. Greedy (best pair first)
    gives Xavier to Ann and leaves Ben the poor pair; the optimum gives Ann Yara and Ben Xavier."""
    _, admin = await make_admin(db, person)
    ids = await mentors(
        [
            _mentor("Xavier", 1, ["Python programming", "Public speaking and presentations"]),
            _mentor("Yara", 1, ["Writing Python scripts for data analysis"]),
            _mentee("Ann", ["Python programming"]),
            _mentee("Ben", ["Giving talks at conferences"]),
        ]
    )
    mentee_ids, mentor_ids = [ids["Ann"], ids["Ben"]], [ids["Xavier"], ids["Yara"]]
    candidates = await score_cohort(db, mentee_ids, mentor_ids)
    score = {(m, c.mentor_id): c.score for m, listed in candidates.items() for c in listed}
    assert len(score) == 4
    # Greedy: best pair first, then the best pair left.
    first = max(score, key=lambda pair: score[pair])
    rest = [p for p in score if p[0] != first[0] and p[1] != first[1]]
    greedy = score[first] + max(score[p] for p in rest)
    best = max(
        sum(score[(mentee, mentor)] for mentee, mentor in zip(mentee_ids, order, strict=True))
        for order in itertools.permutations(mentor_ids)
    )
    assert first == (ids["Ann"], ids["Xavier"]) and greedy < best - 0.01, (score, greedy, best)

    data = await gql.data(
        PROPOSE,
        {"input": {"menteeIds": [str(i) for i in mentee_ids], "mentorIds": [str(i) for i in mentor_ids]}},
        token=admin,
    )
    proposal = data["proposeCohortMatches"]["proposal"]
    pairs = {(p["mentee"]["id"], p["mentor"]["id"]) for p in proposal["pairs"]}
    assert pairs == {(str(ids["Ann"]), str(ids["Yara"])), (str(ids["Ben"]), str(ids["Xavier"]))}
    assert abs(proposal["totalScore"] - best) < 1e-9
    assert proposal["totalScore"] > greedy


async def test_publish_sends_requests_and_skips_stale_pairs(
    db: Db, gql: GraphQL, person: Person, mentors: Mentors
) -> None:
    _, admin = await make_admin(db, person)
    ids = await mentors(
        [
            _mentor("Mentor A", 1),
            _mentor("Mentor B", 1),
            _mentor("Mentor C", 1),
            _mentee("Mentee A"),
            _mentee("Mentee B"),
            _mentee("Mentee C"),
        ]
    )
    proposal = (await gql.data(PROPOSE, {}, token=admin))["proposeCohortMatches"]["proposal"]
    assert len(proposal["pairs"]) == 3
    by_mentee = {p["mentee"]["id"]: p for p in proposal["pairs"]}
    stale_suspended = by_mentee[str(ids["Mentee A"])]
    stale_paired = by_mentee[str(ids["Mentee B"])]
    fresh = by_mentee[str(ids["Mentee C"])]
    # Since the proposal: Mentee A was suspended; Mentee B's mentor filled their place with someone else.
    await set_user(db, ids["Mentee A"], suspended_at=datetime.now(UTC))
    mentor_b = uuid.UUID(stale_paired["mentor"]["id"])
    outsider = (await mentors([_mentee("Outsider")]))["Outsider"]
    request = await mentorships.create_request(
        db, initiator=Role.MENTEE, sender_id=outsider, recipient_id=mentor_b, message="Hi", objectives=None
    )
    await mentorships.accept_request(db, viewer_id=mentor_b, request_id=request.id)

    result = (
        await gql.data(
            PUBLISH,
            {
                "proposalId": proposal["id"],
                "pairIds": [stale_suspended["id"], stale_paired["id"], fresh["id"]],
            },
            token=admin,
        )
    )["publishCohortMatches"]
    assert result["errors"] == []
    assert [p["id"] for p in result["published"]] == [fresh["id"]]
    skipped = {s["pair"]["id"]: s["reason"] for s in result["skipped"]}
    assert set(skipped) == {stale_suspended["id"], stale_paired["id"]}
    assert all(skipped.values())
    assert "no free place" in skipped[stale_paired["id"]]

    # The fresh pair is a pending request from the mentee to the mentor, and the mentor was told.
    [published] = result["published"]
    async with db() as session:
        sent = await session.get(MentorshipRequest, uuid.UUID(published["requestId"]))
        assert sent is not None
        assert (sent.mentee_id, sent.mentor_id) == (ids["Mentee C"], uuid.UUID(fresh["mentor"]["id"]))
        assert sent.status is RequestStatus.PENDING and sent.sender_id == sent.mentee_id
        told = await session.scalar(
            select(func.count())
            .select_from(Notification)
            .where(
                Notification.user_id == sent.mentor_id,
                Notification.kind == NotificationKind.REQUEST_RECEIVED,
                Notification.request_id == sent.id,
            )
        )
        assert told == 1
        # No request was forced for the stale pairs.
        forced = await session.scalar(
            text(
                "SELECT count(*) FROM mentorship_requests WHERE mentee_id = ANY(:ids) AND status = 'PENDING'"
            ),
            {"ids": [ids["Mentee A"], ids["Mentee B"]]},
        )
        assert forced == 0
    # The mentor accepts it as any other request.
    accepted = await mentorships.accept_request(db, viewer_id=sent.mentor_id, request_id=sent.id)
    assert accepted.status is RequestStatus.ACCEPTED

    # Publishing again sends nothing twice.
    again = (await gql.data(PUBLISH, {"proposalId": proposal["id"], "pairIds": [fresh["id"]]}, token=admin))[
        "publishCohortMatches"
    ]
    assert again["published"] == [] and [s["pair"]["id"] for s in again["skipped"]] == [fresh["id"]]
    # A pair of no such proposal is bad input.
    bad = (
        await gql.data(PUBLISH, {"proposalId": proposal["id"], "pairIds": [str(uuid.uuid4())]}, token=admin)
    )["publishCohortMatches"]
    assert bad["errors"][0]["code"] == "INVALID_INPUT"


async def test_participants_are_forbidden(db: Db, gql: GraphQL, person: Person, mentors: Mentors) -> None:
    _, admin = await make_admin(db, person)
    await mentors([_mentor("Mentor A", 1), _mentee("Mentee A")])
    _, participant = await person("Pat Participant", seeksMentoring=True, objectives=PYTHON)
    refused = (await gql.data(PROPOSE, {}, token=participant))["proposeCohortMatches"]
    assert refused["proposal"] is None and refused["errors"][0]["code"] == "FORBIDDEN"
    proposal = (await gql.data(PROPOSE, {}, token=admin))["proposeCohortMatches"]["proposal"]
    published = (
        await gql.data(
            PUBLISH,
            {"proposalId": proposal["id"], "pairIds": [p["id"] for p in proposal["pairs"]]},
            token=participant,
        )
    )["publishCohortMatches"]
    assert published["errors"][0]["code"] == "FORBIDDEN"
    read = await gql(PROPOSAL_QUERY, {"id": proposal["id"]}, token=participant)
    assert read["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    async with db() as session:
        assert await session.scalar(select(func.count()).select_from(MentorshipRequest)) == 0

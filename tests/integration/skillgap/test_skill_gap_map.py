"""The skill-gap map: topics found from the stored vectors, demand against supply, admins only; and a
mentee's personal skill gap against their mentors or best matches."""

from __future__ import annotations

import uuid

from sqlalchemy import text

from mentormatch.skillgap import service
from tests.conftest import GraphQL
from tests.integration.mentorships.conftest import Db, Person, ask, db, person, set_user

__all__ = ["db", "person"]

MAP = """{ skillGapMap {
  refreshedAt ageSeconds mentees mentors
  topics { label phrases demand menteesWanting supply freePlaces gap unmet exampleObjectives
           exampleMentors { id } }
  topUnmet { label exampleObjectives }
  refreshing { id }
} }"""
REFRESH = """mutation { refreshSkillGapMap {
  refresh { id status stage progress startedAt finishedAt } errors { code message field } } }"""
JOB = (
    """query($id: ID!) { skillGapRefresh(id: $id) { id status stage progress finishedAt mentees mentors } }"""
)
PERSONAL = """query($id: ID) { personalSkillGap(menteeId: $id) {
  matched mentors { id } skills { name level mentors { mentor { id } level } } } }"""

# Two ways of saying one need, with no word in common; and a need no mentor meets.
SPEAKING = ["Get better at speaking in front of large audiences", "Become a confident presenter on stage"]
KUBERNETES = "Learn to run applications on Kubernetes"
MENTOR_EXPERTISE = ["Operating containerised workloads on Kubernetes clusters"]
COACHING = "Coaching people on presentations and public speaking"


async def admin(db: Db, person: Person) -> str:
    admin_id, token = await person("Ada Admin")
    await set_user(db, admin_id, is_admin=True)
    return token


async def refreshed(gql: GraphQL, token: str) -> dict:
    """Refresh through the API, wait for the job to end, and read its row."""
    payload = (await gql(REFRESH, token=token))["data"]["refreshSkillGapMap"]
    assert payload["errors"] == []
    job_id = payload["refresh"]["id"]
    await service.wait_for_refresh(uuid.UUID(job_id))
    return (await gql(JOB, {"id": job_id}, token=token))["data"]["skillGapRefresh"]


async def test_paraphrased_objectives_form_one_unmet_topic_when_no_mentor_covers_it(
    db: Db, person: Person, gql: GraphQL
) -> None:
    for name, objective in zip(("Mia Mentee", "Max Mentee"), SPEAKING, strict=True):
        await person(name, seeksMentoring=True, objectives=[objective])
    await person("Kim Mentee", seeksMentoring=True, objectives=[KUBERNETES])
    mentor_id, _ = await person("Otto Mentor", canMentor=True, capacity=2, expertise=MENTOR_EXPERTISE)
    token = await admin(db, person)

    before = (await gql(MAP, token=token))["data"]["skillGapMap"]
    assert before["refreshedAt"] is None and before["topics"] == []

    job = await refreshed(gql, token)
    assert job["status"] == "DONE" and job["progress"] == 1
    assert (job["mentees"], job["mentors"]) == (3, 1)

    gap_map = (await gql(MAP, token=token))["data"]["skillGapMap"]
    assert gap_map["refreshedAt"] is not None and gap_map["ageSeconds"] >= 0
    speaking = [t for t in gap_map["topics"] if set(SPEAKING) & set(t["exampleObjectives"])]
    assert len(speaking) == 1, gap_map["topics"]
    topic = speaking[0]
    assert set(topic["exampleObjectives"]) == set(SPEAKING)
    assert (topic["demand"], topic["supply"], topic["gap"], topic["unmet"]) == (2, 0, 2, True)
    assert topic["label"] in SPEAKING and topic["exampleMentors"] == []
    assert gap_map["topUnmet"][0]["label"] == topic["label"]

    cloud = next(t for t in gap_map["topics"] if KUBERNETES in t["exampleObjectives"])
    assert cloud is not topic and KUBERNETES not in topic["exampleObjectives"]
    assert (cloud["demand"], cloud["supply"], cloud["freePlaces"], cloud["gap"]) == (1, 1, 2, 0)
    assert cloud["exampleMentors"] == [{"id": str(mentor_id)}]
    assert cloud["label"] in [KUBERNETES, *MENTOR_EXPERTISE]

    # A mentor who teaches it (in other words again) narrows the gap by their free place.
    coach_id, _ = await person("Cora Coach", canMentor=True, capacity=1, expertise=[COACHING])
    await refreshed(gql, token)
    topics = (await gql(MAP, token=token))["data"]["skillGapMap"]["topics"]
    speaking = next(t for t in topics if set(SPEAKING) <= set(t["exampleObjectives"]))
    assert (speaking["demand"], speaking["supply"], speaking["gap"]) == (2, 1, 1)
    assert speaking["exampleMentors"] == [{"id": str(coach_id)}]


async def test_a_matched_mentee_no_longer_counts_as_demand(db: Db, person: Person, gql: GraphQL) -> None:
    mentee_id, _ = await person("Kim Mentee", seeksMentoring=True, objectives=[KUBERNETES])
    mentor_id, mentor_token = await person(
        "Otto Mentor", canMentor=True, capacity=1, expertise=MENTOR_EXPERTISE
    )
    token = await admin(db, person)
    request = await ask(db, mentee_id, mentor_id)
    assert (await refreshed(gql, token))["status"] == "DONE"
    pending = (await gql(MAP, token=token))["data"]["skillGapMap"]["topics"]
    assert [(t["demand"], t["supply"]) for t in pending] == [(1, 1)]

    accepted = await gql(
        "mutation($id: ID!) { acceptMentorshipRequest(id: $id) { errors { code } } }",
        {"id": str(request.id)},
        token=mentor_token,
    )
    assert accepted["data"]["acceptMentorshipRequest"]["errors"] == []
    await refreshed(gql, token)
    topics = (await gql(MAP, token=token))["data"]["skillGapMap"]["topics"]
    assert [(t["demand"], t["menteesWanting"], t["supply"]) for t in topics] == [(0, 1, 0)]


async def test_only_one_refresh_runs_at_a_time(db: Db, person: Person, gql: GraphQL) -> None:
    token = await admin(db, person)
    running = await service.start_refresh(db, requested_by=None)
    second = (await gql(REFRESH, token=token))["data"]["refreshSkillGapMap"]
    assert second["refresh"] is None and [e["code"] for e in second["errors"]] == ["CONFLICT"]
    assert (await gql(MAP, token=token))["data"]["skillGapMap"]["refreshing"] == {"id": str(running.id)}
    await service.run_refresh(db, running.id)
    job = (await gql(JOB, {"id": str(running.id)}, token=token))["data"]["skillGapRefresh"]
    assert (job["status"], job["progress"], job["stage"]) == ("DONE", 1, "Done")


async def test_participants_may_not_read_or_refresh_the_map(db: Db, person: Person, gql: GraphQL) -> None:
    _, token = await person("Mia Mentee", seeksMentoring=True, objectives=[SPEAKING[0]])
    job = await service.start_refresh(db, requested_by=None)
    for query, variables in ((MAP, None), (REFRESH, None), (JOB, {"id": str(job.id)})):
        body = await gql(query, variables, token=token)
        assert [e["extensions"]["code"] for e in body["errors"]] == ["FORBIDDEN"], query
        assert body["data"] is None
    body = await gql(MAP)
    assert [e["extensions"]["code"] for e in body["errors"]] == ["UNAUTHENTICATED"]


async def test_personal_skill_gap_against_best_matches_then_against_the_mentor(
    db: Db, person: Person, gql: GraphQL
) -> None:
    mentee_id, mentee_token = await person(
        "Kim Mentee",
        seeksMentoring=True,
        objectives=[KUBERNETES],
        skills=[{"name": "Kubernetes", "level": 1}, {"name": "Negotiation", "level": 2}],
    )
    mentor_id, mentor_token = await person(
        "Otto Mentor",
        canMentor=True,
        expertise=MENTOR_EXPERTISE,
        skills=[{"name": "kubernetes", "level": 5}],
    )
    await person("Pat Mentor", canMentor=True, expertise=["Baking sourdough bread"])

    unmatched = (await gql(PERSONAL, token=mentee_token))["data"]["personalSkillGap"]
    assert unmatched["matched"] is False
    assert unmatched["mentors"][0] == {"id": str(mentor_id)}
    skills = {s["name"]: s for s in unmatched["skills"]}
    assert skills["Kubernetes"]["level"] == 1
    assert {"mentor": {"id": str(mentor_id)}, "level": 5} in skills["Kubernetes"]["mentors"]
    assert all(m["level"] is None for m in skills["Negotiation"]["mentors"])

    own = await ask(db, mentee_id, mentor_id)
    await gql(
        "mutation($id: ID!) { acceptMentorshipRequest(id: $id) { errors { code } } }",
        {"id": str(own.id)},
        token=mentor_token,
    )
    matched = (await gql(PERSONAL, token=mentee_token))["data"]["personalSkillGap"]
    assert matched["matched"] is True and matched["mentors"] == [{"id": str(mentor_id)}]

    # Another mentee's view is for admins only.
    _, stranger = await person("Sam Stranger", seeksMentoring=True)
    body = await gql(PERSONAL, {"id": str(mentee_id)}, token=stranger)
    assert [e["extensions"]["code"] for e in body["errors"]] == ["FORBIDDEN"]
    token = await admin(db, person)
    seen = (await gql(PERSONAL, {"id": str(mentee_id)}, token=token))["data"]["personalSkillGap"]
    assert seen == matched


async def test_a_refresh_that_died_with_its_server_does_not_block_the_next(
    db: Db, person: Person, gql: GraphQL
) -> None:
    token = await admin(db, person)
    dead = await service.start_refresh(db, requested_by=None)
    async with db.begin() as session:
        await session.execute(
            text("UPDATE skill_gap_jobs SET updated_at = now() - interval '1 hour' WHERE id = :id"),
            {"id": dead.id},
        )
    job = await refreshed(gql, token)
    assert job["status"] == "DONE"
    old = (await gql(JOB, {"id": str(dead.id)}, token=token))["data"]["skillGapRefresh"]
    assert old["status"] == "FAILED" and old["finishedAt"] is not None

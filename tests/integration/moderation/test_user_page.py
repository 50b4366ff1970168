"""An admin's page of one user: the account, its requests both ways and its mentorships, whatever the
user's state; nobody else reads another participant's requests or mentorships this way."""

from __future__ import annotations

from tests.conftest import GraphQL
from tests.integration.mentorships.conftest import ACCEPT
from tests.integration.mentorships.test_requests import answer, ask
from tests.integration.moderation.conftest import SUSPEND, Db, Person, make_admin, payload

USER = """
query($id: ID!) {
  user(id: $id) {
    id displayName email suspendedAt
    incomingRequests { totalCount edges { node { id status sender { id } } } }
    outgoingRequests { totalCount edges { node { id status recipient { id } } } }
    mentorships { totalCount edges { node { id status mentor { id } mentee { id } } } }
  }
}"""


async def test_an_admin_sees_a_users_requests_and_mentorships_and_a_participant_does_not(
    gql: GraphQL, person: Person, db: Db
) -> None:
    _, admin = await make_admin(db, person)
    mentor_id, mentor = await person("Mentor Mo", canMentor=True, capacity=3)
    mentee_id, mentee = await person("Mentee Mel", seeksMentoring=True)
    other_id, _ = await person("Other Oz", canMentor=True, capacity=3)
    # The mentee's second request is cancelled when the first is accepted (one mentor at a time).
    pending = await ask(gql, mentee, other_id)
    accepted = await ask(gql, mentee, mentor_id)
    await answer(gql, ACCEPT, mentor, accepted["request"]["id"])
    await payload(gql, SUSPEND, {"id": str(mentee_id), "reason": "Testing the page"}, admin)

    seen = (await gql.data(USER, {"id": str(mentee_id)}, token=admin))["user"]
    assert seen["displayName"] == "Mentee Mel" and seen["suspendedAt"] is not None
    outgoing = {e["node"]["id"]: e["node"]["status"] for e in seen["outgoingRequests"]["edges"]}
    assert outgoing == {accepted["request"]["id"]: "ACCEPTED", pending["request"]["id"]: "CANCELLED"}
    assert seen["incomingRequests"] == {"totalCount": 0, "edges": []}
    (mentorship,) = seen["mentorships"]["edges"]
    assert mentorship["node"]["mentor"] == {"id": str(mentor_id)} and mentorship["node"]["status"] == "ACTIVE"
    assert (await gql.data(USER, {"id": str(mentor_id)}, token=admin))["user"]["incomingRequests"][
        "totalCount"
    ] == 1

    refused = await gql(USER, {"id": str(mentee_id)}, token=mentor)
    assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    # Through any other path the fields are null to a participant, even about themselves.
    through_profile = await gql.data(
        "query($id: ID!) { profile(id: $id) {"
        " user { incomingRequests { totalCount } mentorships { totalCount } } } }",
        {"id": str(mentor_id)},
        token=mentor,
    )
    assert through_profile["profile"]["user"] == {"incomingRequests": None, "mentorships": None}
    assert (await gql.data(USER, {"id": "00000000-0000-0000-0000-000000000000"}, token=admin))["user"] is None

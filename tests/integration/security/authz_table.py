"""The authorization matrix: one row per root field of the schema and per sensitive nested field, with
the outcome each of six actors must get.

Which types are sensitive (read from schema.graphql in full): an object type is sensitive when it holds
data about one person, or an object that belongs to some participants and not to others: `User`,
`Profile`, `MentorshipRequest`, `Mentorship`, `Feedback`, `MentorshipSession`, `Report`,
`Notification`, `AuditEntry`, `CohortProposal`, `CohortPair`, `CohortUnmatched`, `PersonalSkillGap`.
Every field of such a type either has a row here, because who may see it differs by viewer, or is
marked public in `PUBLIC`: visible to whoever may see the object it sits on, which that object's own
row (the root field that returns it) checks. Types that only hold programme-wide figures or settings
(analytics, summaries, the skill-gap map, matching settings, server info) are guarded at their root
field, whose row covers them; types that only wrap others (connections, edges, payloads, match
explanations) hold nothing of their own.

Outcomes, as the test observes them from a response:
- a GraphQL error's `extensions.code` (`UNAUTHENTICATED`, `FORBIDDEN`, `NOT_FOUND`, ...), or the first
  `UserError.code` of a mutation's payload;
- otherwise the row's `observe` function's word for what came back, or by default `NULL` (the value
  at the row's path is null: hidden), `EMPTY` (an empty list) or `OK` (something came back).

A row's document names its root field, which is how the completeness check finds the row of every
root field; `fields` names the sensitive nested fields it checks. Add a row for a new operation (and
for a new field of a sensitive type, or mark it in `PUBLIC`), or
`test_every_root_field_and_sensitive_field_has_a_row` fails naming it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from graphql import GraphQLObjectType, GraphQLSchema, OperationDefinitionNode, parse

from tests.integration.matching.conftest import PASSWORD

ACTORS = ("anonymous", "participant", "other", "third", "suspended", "admin")
# Not signed in, or signed in with a session that no longer holds (a suspended account's).
SIGNED_OUT = ("anonymous", "suspended")

SENSITIVE_TYPES = (
    "User",
    "Profile",
    "MentorshipRequest",
    "Mentorship",
    "Feedback",
    "MentorshipSession",
    "Report",
    "Notification",
    "AuditEntry",
    "CohortProposal",
    "CohortPair",
    "CohortUnmatched",
    "PersonalSkillGap",
)

# Fields of sensitive types that anyone who may see the object may see (its row checks the object).
PUBLIC: dict[str, set[str]] = {
    "User": {"id", "displayName", "createdAt"},
    "Profile": {
        "user",
        "canMentor",
        "seeksMentoring",
        "headline",
        "bio",
        "expertise",
        "objectives",
        "skills",
        "careerStage",
        "yearsOfExperience",
        "department",
        "location",
        "timezone",
        "utcOffsetMinutes",
        "languages",
        "personality",
        "capacity",
        "acceptingRequests",
        "mentorRecord",
        "isHidden",
        "updatedAt",
    },
    "MentorshipRequest": {
        "id",
        "status",
        "mentor",
        "mentee",
        "sender",
        "recipient",
        "initiator",
        "objectives",
        "createdAt",
        "expiresAt",
        "decidedAt",
    },
    "Mentorship": {
        "id",
        "status",
        "mentor",
        "mentee",
        "startedAt",
        "endedAt",
        "endedBy",
        "outcome",
        "objectives",
        "canGiveFeedback",
        "nextFeedbackAt",
        "feedbackWindowEndsAt",
        "sessionCount",
        "sessionMinutes",
    },
    "Feedback": {"id", "mentorship", "author", "authorRole", "rating", "goodFit", "final", "createdAt"},
    "MentorshipSession": {"id", "heldOn", "minutes", "loggedBy", "createdAt"},
    "Report": {"id", "targetType", "targetId", "reporter", "reason", "status", "createdAt", "resolvedAt"},
    # Reached only through the viewer's own notifications (their rows check whose they are).
    "Notification": {
        "id",
        "kind",
        "message",
        "createdAt",
        "readAt",
        "read",
        "actor",
        "request",
        "mentorship",
    },
    # Reached only through admin-only roots (auditLog, cohortProposal, the cohort mutations).
    "AuditEntry": {
        "id",
        "at",
        "actor",
        "actorId",
        "action",
        "targetType",
        "targetId",
        "targetHash",
        "reason",
        "details",
        "requestId",
    },
    "CohortProposal": {"id", "createdAt", "totalScore", "pairs", "unmatched"},
    "CohortPair": {
        "id",
        "mentee",
        "mentor",
        "score",
        "explanation",
        "publishedAt",
        "requestId",
        "skippedReason",
    },
    "CohortUnmatched": {"menteeId", "mentee", "reason"},
    # Its root row (personalSkillGap) checks whose gap it is.
    "PersonalSkillGap": {"matched", "mentors", "skills"},
}


@dataclass(frozen=True)
class Scenario:
    """The people and objects every row's variables and expectations refer to."""

    ids: dict[str, str]  # actor -> user id (anonymous: none)
    tokens: dict[str, str | None]  # actor -> bearer token
    mentorship: str  # ACTIVE: the other mentors the participant
    accepted_request: str  # the participant's request that became it
    pending_request: str  # PENDING: the participant invited the other to be their mentee
    feedback: dict[str, str]  # participant / other -> their check-in on the mentorship
    open_report: str  # the participant's open report of the third's profile
    resolved_report: str  # the other's report of the third, resolved by the admin with a note
    proposal: str  # a cohort proposal the admin drafted
    proposal_pairs: list[str]
    notifications: dict[str, set[str]]  # actor -> ids of their notifications
    requests: dict[str, dict[str, set[str]]]  # "incoming"/"outgoing" -> actor -> request ids
    mentorships: dict[str, set[str]]  # actor -> ids of their mentorships
    secrets: dict[str, str] = field(default_factory=dict)  # what must not leak, by name


Variables = Callable[[Scenario, str], dict[str, Any]]
Observe = Callable[[Any, Scenario, str], str]


@dataclass(frozen=True)
class Row:
    name: str
    document: str
    expect: dict[str, str]
    variables: Variables = lambda s, a: {}
    # Where the outcome is read in `data` (default: the root field); `observe` words it.
    path: tuple[str, ...] = ()
    observe: Observe | None = None
    # The sensitive nested fields ("Type.field") this row checks.
    fields: tuple[str, ...] = ()
    # Mutations: the actors whose write goes through (default: those expecting OK); every other
    # actor's cell must leave the database as it was.
    allowed: tuple[str, ...] | None = None

    @property
    def root(self) -> str:
        """The schema coordinate of the row's root field, e.g. `Query.profile`."""
        (operation,) = [d for d in parse(self.document).definitions if isinstance(d, OperationDefinitionNode)]
        (selection,) = operation.selection_set.selections
        kind = operation.operation.value.title()
        return f"{kind}.{selection.name.value}"  # type: ignore[attr-defined]

    @property
    def writes(self) -> bool:
        return self.root.startswith("Mutation.")

    def may_write(self, actor: str) -> bool:
        return actor in self.allowed if self.allowed is not None else self.expect[actor] == "OK"

    def actors_in_order(self) -> list[str]:
        """Denied actors first, so that no allowed write changes what a denied one meets."""
        return sorted(ACTORS, key=self.may_write)


def cells(
    *,
    participant: str,
    other: str,
    third: str,
    admin: str,
    anonymous: str = "UNAUTHENTICATED",
    suspended: str = "UNAUTHENTICATED",
) -> dict[str, str]:
    return {
        "anonymous": anonymous,
        "participant": participant,
        "other": other,
        "third": third,
        "suspended": suspended,
        "admin": admin,
    }


def everyone(outcome: str) -> dict[str, str]:
    return dict.fromkeys(ACTORS, outcome)


def signed_in(outcome: str) -> dict[str, str]:
    return cells(participant=outcome, other=outcome, third=outcome, admin=outcome)


def admins_only(outcome: str = "OK", denied: str = "FORBIDDEN") -> dict[str, str]:
    return cells(participant=denied, other=denied, third=denied, admin=outcome)


# --------------------------------------------------------------------------------------- observing


def nodes(value: Any) -> list[Any]:
    """The nodes of a connection."""
    return [edge["node"] for edge in value["edges"]]


def owned(kind: str) -> Observe:
    """OWN when the list holds exactly the actor's own objects, else what is wrong."""

    def observe(value: Any, scenario: Scenario, actor: str) -> str:
        seen = {node["id"] for node in nodes(value)}
        if kind == "notifications":
            mine = scenario.notifications.get(actor, set())
        elif kind == "mentorships":
            mine = scenario.mentorships.get(actor, set())
        else:
            mine = scenario.requests[kind].get(actor, set())
        if seen == mine:
            return "OWN"
        return f"NOT OWN: {len(seen - mine)} foreign, {len(mine - seen)} missing"

    return observe


def shown(*keys: str) -> Observe:
    """SHOWN when any object in the value has a non-null `keys[-1]` (reached through `keys`), NULL
    when all are null, EMPTY when there are none."""

    def values(value: Any, path: tuple[str, ...]) -> list[Any]:
        if isinstance(value, list):
            return [v for item in value for v in values(item, path)]
        if not path:
            return [value]
        if value is None:
            return []
        if "edges" in value and path[0] != "edges":
            return values(nodes(value), path)
        return values(value[path[0]], path[1:])

    def observe(value: Any, scenario: Scenario, actor: str) -> str:
        found = values(value, keys)
        if not found:
            return "EMPTY"
        return "SHOWN" if any(v not in (None, []) for v in found) else "NULL"

    return observe


def authors(value: Any, scenario: Scenario, actor: str) -> str:
    """Whose check-ins a mentorship's `feedback` shows: `participant`, `other`, both, or EMPTY."""
    by_id = {v: k for k, v in scenario.feedback.items()}
    seen = sorted(by_id.get(f["id"], "unknown") for f in value)
    return "+".join(seen) or "EMPTY"


def leaks(*secret_names: str) -> Observe:
    """LEAK naming the secrets the value contains, else CLEAN."""

    def observe(value: Any, scenario: Scenario, actor: str) -> str:
        text = str(value)
        found = [name for name in secret_names if scenario.secrets[name] in text]
        return f"LEAK {','.join(found)}" if found else "CLEAN"

    return observe


# -------------------------------------------------------------------------------------------- checks


def missing_rows(
    schema: GraphQLSchema, rows: Iterable[Row], public: dict[str, set[str]] = PUBLIC
) -> list[str]:
    """Every root field without a row, every field of a sensitive type with neither a row nor a public
    mark, and every public mark or row field the schema does not have: empty when the table is whole."""
    rows = list(rows)
    covered = {row.root for row in rows} | {f for row in rows for f in row.fields}
    missing: list[str] = []
    for root in (schema.query_type, schema.mutation_type, schema.subscription_type):
        if root is not None:
            missing += [f"{root.name}.{name}" for name in root.fields if f"{root.name}.{name}" not in covered]
    for type_name in SENSITIVE_TYPES:
        graphql_type = schema.get_type(type_name)
        assert isinstance(graphql_type, GraphQLObjectType), type_name
        for name in graphql_type.fields:
            coordinate = f"{type_name}.{name}"
            if coordinate not in covered and name not in public.get(type_name, set()):
                missing.append(coordinate)
    for type_name, names in public.items():
        graphql_type = schema.get_type(type_name)
        known = set(graphql_type.fields) if isinstance(graphql_type, GraphQLObjectType) else set()
        missing += [f"{type_name}.{name} (marked public, not in the schema)" for name in names - known]
    return missing


# ----------------------------------------------------------------------------------------------- rows

TODAY = datetime.now(UTC).date().isoformat()
NO_ONE = "00000000-0000-4000-8000-000000000000"
LOGIN = "mutation($input: LoginInput!) { login(input: $input) { user { id } errors { code } } }"
EMAILS = {
    "participant": "pia.participant@example.com",
    "other": "otto.other@example.com",
    "third": "tess.third@example.com",
    "suspended": "sam.suspended@example.com",
    "admin": "ada.admin@example.com",
}


def of(actor: str) -> Variables:
    """Variables naming one actor's user id as `$id`."""
    return lambda s, a: {"id": s.ids[actor]}


QUERIES = [
    Row("serverInfo", "query { serverInfo { version } }", everyone("OK")),
    # How to sign in: asked before anyone is; holds no one's data.
    Row("signInOptions", "query { signInOptions { password sso { label } } }", everyone("OK")),
    Row(
        "me",
        "query { me { id } }",
        cells(participant="OK", other="OK", third="OK", admin="OK", anonymous="NULL", suspended="NULL"),
    ),
    Row(
        "profile",
        "query($id: ID!) { profile(id: $id) { user { id } } }",
        signed_in("OK"),
        of("participant"),
    ),
    Row(
        "profile of a suspended participant",
        "query($id: ID!) { profile(id: $id) { user { id } } }",
        cells(participant="NULL", other="NULL", third="NULL", admin="OK"),
        of("suspended"),
    ),
    Row(
        "mentorMatches",
        "query { mentorMatches(first: 50) { edges { node { mentor { id } } } } }",
        signed_in("OK"),
    ),
    Row(
        "menteeMatches",
        "query { menteeMatches(first: 50) { edges { node { mentee { id } } } } }",
        cells(participant="OK", other="OK", third="OK", admin="FORBIDDEN"),
    ),
    Row(
        "incomingMentorshipRequests",
        "query { incomingMentorshipRequests(first: 50) { edges { node { id } } } }",
        signed_in("OWN"),
        observe=owned("incoming"),
    ),
    Row(
        "outgoingMentorshipRequests",
        "query { outgoingMentorshipRequests(first: 50) { edges { node { id } } } }",
        signed_in("OWN"),
        observe=owned("outgoing"),
    ),
    Row(
        "myMentorships",
        "query { myMentorships(first: 50) { edges { node { id } } } }",
        signed_in("OWN"),
        observe=owned("mentorships"),
    ),
    Row(
        "mentorshipRequest",
        "query($id: ID!) { mentorshipRequest(id: $id) { id } }",
        cells(participant="OK", other="OK", third="NOT_FOUND", admin="OK"),
        lambda s, a: {"id": s.pending_request},
    ),
    Row(
        "mentorship",
        "query($id: ID!) { mentorship(id: $id) { id } }",
        cells(participant="OK", other="OK", third="NOT_FOUND", admin="OK"),
        lambda s, a: {"id": s.mentorship},
    ),
    Row("feedbackSummary", "query { feedbackSummary { checkIns } }", admins_only()),
    Row(
        "notifications",
        "query { notifications(first: 50) { edges { node { id } } } }",
        signed_in("OWN"),
        observe=owned("notifications"),
    ),
    Row("auditLog", "query { auditLog(first: 5) { edges { node { id } } } }", admins_only()),
    Row("matchingSettings", "query { matchingSettings { defaultCapacity } }", admins_only()),
    Row("users", "query { users(first: 5) { edges { node { id } } } }", admins_only()),
    Row("user", "query($id: ID!) { user(id: $id) { id } }", admins_only(), of("participant")),
    Row("reports", "query { reports(first: 5) { edges { node { id } } } }", admins_only()),
    Row("exportMyData", "query { exportMyData }", signed_in("OK")),
    Row("programAnalytics", "query { programAnalytics { participants } }", admins_only()),
    Row("skillGapMap", "query { skillGapMap { mentees } }", admins_only()),
    Row(
        "skillGapRefresh",
        "query($id: ID!) { skillGapRefresh(id: $id) { id } }",
        admins_only("NOT_FOUND"),
        lambda s, a: {"id": NO_ONE},
    ),
    Row(
        "personalSkillGap of one's own",
        "query { personalSkillGap { matched } }",
        cells(participant="OK", other="OK", third="OK", admin="OK"),
    ),
    Row(
        "personalSkillGap of the participant",
        "query($id: ID) { personalSkillGap(menteeId: $id) { matched mentors { id } } }",
        cells(participant="OK", other="FORBIDDEN", third="FORBIDDEN", admin="OK"),
        of("participant"),
    ),
    Row(
        "cohortProposal",
        "query($id: ID!) { cohortProposal(id: $id) { id } }",
        admins_only(),
        lambda s, a: {"id": s.proposal},
    ),
]

# The sensitive nested fields, each reached through the paths a participant has to another's data.
FIELDS = [
    Row(
        "User.email via profile",
        "query($id: ID!) { profile(id: $id) { user { email } } }",
        cells(participant="OK", other="OK", third="NULL", admin="OK"),
        of("participant"),
        path=("profile", "user", "email"),
        fields=("User.email",),
    ),
    Row(
        "User.email via mentorMatches",
        "query { mentorMatches(first: 50) { edges { node { mentor { email } } } } }",
        cells(participant="NULL", other="NULL", third="NULL", admin="EMPTY"),
        observe=shown("mentor", "email"),
    ),
    Row(
        "mentorMatches leave out the suspended, hidden participant",
        "query { mentorMatches(first: 50) { edges { node { mentor { id } } } } }",
        cells(participant="ABSENT", other="ABSENT", third="ABSENT", admin="ABSENT"),
        observe=lambda v, s, a: "LISTED" if s.ids["suspended"] in str(v) else "ABSENT",
    ),
    Row(
        "menteeMatches leave out the suspended, hidden participant",
        "query { menteeMatches(first: 50) { edges { node { mentee { id } } } } }",
        cells(participant="ABSENT", other="ABSENT", third="ABSENT", admin="FORBIDDEN"),
        observe=lambda v, s, a: "LISTED" if s.ids["suspended"] in str(v) else "ABSENT",
    ),
    Row(
        "User.email via mentorshipRequest",
        "query($id: ID!) { mentorshipRequest(id: $id) { mentee { email } mentor { email } } }",
        cells(participant="SHOWN", other="SHOWN", third="NOT_FOUND", admin="SHOWN"),
        lambda s, a: {"id": s.pending_request},
        observe=lambda v, s, a: "NULL" if v is None else shown("mentor", "email")(v, s, a),
    ),
    Row(
        "User.isAdmin",
        "query($id: ID!) { profile(id: $id) { user { isAdmin } } }",
        cells(participant="OK", other="NULL", third="NULL", admin="OK"),
        of("participant"),
        path=("profile", "user", "isAdmin"),
        fields=("User.isAdmin",),
    ),
    Row(
        "User.hasPassword",
        "query($id: ID!) { profile(id: $id) { user { hasPassword } } }",
        cells(participant="OK", other="NULL", third="NULL", admin="NULL"),
        of("participant"),
        path=("profile", "user", "hasPassword"),
        fields=("User.hasPassword",),
    ),
    Row(
        "User.suspendedAt, suspensionReason",
        "query($id: ID!) { profile(id: $id) { user { suspendedAt suspensionReason } } }",
        cells(participant="NULL", other="NULL", third="NULL", admin="SHOWN"),
        of("suspended"),
        observe=lambda v, s, a: "NULL" if v is None else shown("user", "suspensionReason")(v, s, a),
        fields=("User.suspendedAt", "User.suspensionReason"),
    ),
    Row(
        "User.incomingRequests, outgoingRequests, mentorships",
        "query($id: ID!) { profile(id: $id) { user {"
        " incomingRequests { totalCount } outgoingRequests { totalCount } mentorships { totalCount } } } }",
        cells(participant="NULL", other="NULL", third="NULL", admin="SHOWN"),
        of("participant"),
        observe=shown("user", "mentorships"),
        fields=("User.incomingRequests", "User.outgoingRequests", "User.mentorships"),
    ),
    Row(
        "User.profile, email of the suspended, hidden participant via the third's notification",
        "query { notifications(first: 50) { edges { node { request { mentee {"
        " id email profile { user { id } } } } } } } }",
        cells(participant="ABSENT", other="ABSENT", third="NULL", admin="ABSENT"),
        observe=lambda v, s, a: next(
            (
                "SHOWN" if mentee["profile"] or mentee["email"] else "NULL"
                for node in nodes(v)
                if node["request"] and (mentee := node["request"]["mentee"])["id"] == s.ids["suspended"]
            ),
            "ABSENT",
        ),
        fields=("User.profile",),
    ),
    Row(
        "Profile.contactNote",
        "query($id: ID!) { profile(id: $id) { contactNote } }",
        cells(participant="OK", other="OK", third="NULL", admin="NULL"),
        of("participant"),
        path=("profile", "contactNote"),
        fields=("Profile.contactNote",),
    ),
    Row(
        "Profile.contactNote via mentorMatches",
        "query { mentorMatches(first: 50) { edges { node { mentor { profile { contactNote } } } } } }",
        cells(participant="NULL", other="NULL", third="NULL", admin="EMPTY"),
        observe=shown("mentor", "profile", "contactNote"),
    ),
    Row(
        "Profile.contactNote via menteeMatches",
        "query { menteeMatches(first: 50) { edges { node { mentee { profile { contactNote } } } } } }",
        cells(participant="NULL", other="NULL", third="NULL", admin="FORBIDDEN"),
        observe=shown("mentee", "profile", "contactNote"),
    ),
    Row(
        "Profile.hiddenAt, hiddenReason",
        "query($id: ID!) { user(id: $id) { profile { hiddenAt hiddenReason } } }",
        admins_only("SHOWN"),
        of("suspended"),
        observe=shown("profile", "hiddenReason"),
        fields=("Profile.hiddenAt", "Profile.hiddenReason"),
    ),
    Row(
        "MentorshipRequest.message, reason",
        "query($id: ID!) { mentorshipRequest(id: $id) { message reason } }",
        cells(participant="OK", other="OK", third="NOT_FOUND", admin="OK"),
        lambda s, a: {"id": s.pending_request},
        fields=("MentorshipRequest.message", "MentorshipRequest.reason"),
    ),
    Row(
        "MentorshipRequest.mentorship",
        "query($id: ID!) { mentorshipRequest(id: $id) { mentorship { id } } }",
        cells(participant="OK", other="OK", third="NOT_FOUND", admin="OK"),
        lambda s, a: {"id": s.accepted_request},
        fields=("MentorshipRequest.mentorship",),
    ),
    Row(
        "Mentorship.feedback",
        "query($id: ID!) { mentorship(id: $id) { feedback { id } } }",
        cells(participant="participant", other="other", third="NOT_FOUND", admin="other+participant"),
        lambda s, a: {"id": s.mentorship},
        observe=lambda v, s, a: "NULL" if v is None else authors(v["feedback"], s, a),
        fields=("Mentorship.feedback",),
    ),
    Row(
        "Mentorship.sessions, request, endReason",
        "query($id: ID!) { mentorship(id: $id) { sessions { note } request { message } endReason } }",
        cells(participant="OK", other="OK", third="NOT_FOUND", admin="OK"),
        lambda s, a: {"id": s.mentorship},
        fields=(
            "Mentorship.sessions",
            "Mentorship.request",
            "Mentorship.endReason",
            "MentorshipSession.note",
        ),
    ),
    Row(
        "Mentorship.rematchOffered (the participant said it is not a good fit)",
        "query($id: ID!) { mentorship(id: $id) { rematchOffered } }",
        cells(participant="TRUE", other="FALSE", third="NOT_FOUND", admin="TRUE"),
        lambda s, a: {"id": s.mentorship},
        observe=lambda v, s, a: str(v["rematchOffered"]).upper(),
        fields=("Mentorship.rematchOffered",),
    ),
    Row(
        "Mentorship.feedbackDue",
        "query($id: ID!) { mentorship(id: $id) { feedbackDue } }",
        cells(participant="FALSE", other="FALSE", third="NOT_FOUND", admin="FALSE"),
        lambda s, a: {"id": s.mentorship},
        observe=lambda v, s, a: str(v["feedbackDue"]).upper(),
        fields=("Mentorship.feedbackDue",),
    ),
    Row(
        "User.email via menteeMatches",
        "query { menteeMatches(first: 50) { edges { node { mentee { email } } } } }",
        cells(participant="NULL", other="NULL", third="NULL", admin="FORBIDDEN"),
        observe=shown("mentee", "email"),
    ),
    Row(
        "Feedback.comment, removedAt, removedReason of the other's check-in",
        "query($id: ID!) { mentorship(id: $id) { feedback {"
        " comment removedAt removedReason objectiveProgress { progress } } } }",
        cells(participant="CLEAN", other="LEAK other_comment", third="NOT_FOUND", admin="LEAK other_comment"),
        lambda s, a: {"id": s.mentorship},
        observe=lambda v, s, a: "NULL" if v is None else leaks("other_comment")(v, s, a),
        fields=(
            "Feedback.comment",
            "Feedback.removedAt",
            "Feedback.removedReason",
            "Feedback.objectiveProgress",
        ),
    ),
    Row(
        "Report.resolvedBy, action, note, targetUser, targetFeedback",
        "query { reports(first: 50) { edges { node { resolvedBy { id } action note targetUser { id }"
        " targetFeedback { id } } } } }",
        admins_only("SHOWN"),
        observe=shown("note"),
        fields=(
            "Report.resolvedBy",
            "Report.action",
            "Report.note",
            "Report.targetUser",
            "Report.targetFeedback",
        ),
    ),
    Row(
        "exportMyData holds no one else's secrets",
        "query { exportMyData }",
        signed_in("CLEAN"),
        observe=lambda v, s, a: leaks(*[n for n in s.secrets if not n.startswith(a)])(v, s, a),
    ),
]

MUTATIONS = [
    Row(
        "register",
        "mutation($input: RegisterInput!) { register(input: $input) { user { id } errors { code } } }",
        everyone("OK"),
        lambda s, a: {
            "input": {
                "email": f"new.{a}@example.com",
                "password": "a-long-unusual-passphrase-43",
                "displayName": f"New {a}",
            }
        },
    ),
    Row(
        "login",
        LOGIN,
        cells(participant="OK", other="OK", third="OK", admin="OK", anonymous="OK", suspended="FORBIDDEN"),
        lambda s, a: {"input": {"email": EMAILS["third" if a == "anonymous" else a], "password": PASSWORD}},
    ),
    Row(
        "login with a wrong password",
        LOGIN,
        everyone("INVALID_CREDENTIALS"),
        lambda s, a: {
            "input": {"email": EMAILS["third" if a == "anonymous" else a], "password": "not-it-at-all"}
        },
    ),
    Row("logout", "mutation { logout { success errors { code } } }", everyone("OK")),
    Row(
        "changePassword",
        "mutation($input: ChangePasswordInput!) { changePassword(input: $input) { errors { code } } }",
        signed_in("OK"),
        lambda s, a: {"input": {"currentPassword": PASSWORD, "newPassword": "another-long-passphrase-77"}},
    ),
    Row(
        "updateMyProfile",
        "mutation($input: ProfileInput!) { updateMyProfile(input: $input) { profile {"
        " headline } errors { code } } }",
        signed_in("OK"),
        lambda s, a: {"input": {"headline": f"{a} edits their own profile"}},
    ),
    Row(
        "requestMentorship of the third",
        "mutation($input: RequestMentorshipInput!) { requestMentorship(input: $input) {"
        " request { id } errors { code } } }",
        cells(participant="OK", other="OK", third="INVALID_INPUT", admin="OK"),
        lambda s, a: {"input": {"mentorId": s.ids["third"], "message": "Would you mentor me?"}},
    ),
    Row(
        "requestMentorship of the suspended participant",
        "mutation($input: RequestMentorshipInput!) { requestMentorship(input: $input) {"
        " request { id } errors { code } } }",
        cells(participant="NOT_FOUND", other="NOT_FOUND", third="NOT_FOUND", admin="NOT_FOUND"),
        lambda s, a: {"input": {"mentorId": s.ids["suspended"], "message": "Would you mentor me?"}},
    ),
    Row(
        "requestMentorship of no one",
        "mutation($input: RequestMentorshipInput!) { requestMentorship(input: $input) {"
        " request { id } errors { code } } }",
        cells(participant="NOT_FOUND", other="NOT_FOUND", third="NOT_FOUND", admin="NOT_FOUND"),
        lambda s, a: {"input": {"mentorId": NO_ONE, "message": "Would you mentor me?"}},
    ),
    Row(
        "inviteMentee the third",
        "mutation($input: InviteMenteeInput!) { inviteMentee(input: $input) { request {"
        " id } errors { code } } }",
        cells(participant="OK", other="OK", third="INVALID_INPUT", admin="FORBIDDEN"),
        lambda s, a: {"input": {"menteeId": s.ids["third"], "message": "Shall I mentor you?"}},
    ),
    Row(
        "acceptMentorshipRequest",
        "mutation($id: ID!) { acceptMentorshipRequest(id: $id) { request { status } errors { code } } }",
        cells(participant="FORBIDDEN", other="OK", third="NOT_FOUND", admin="NOT_FOUND"),
        lambda s, a: {"id": s.pending_request},
    ),
    Row(
        "declineMentorshipRequest",
        "mutation($id: ID!) { declineMentorshipRequest(id: $id) { request { status } errors { code } } }",
        cells(participant="FORBIDDEN", other="OK", third="NOT_FOUND", admin="NOT_FOUND"),
        lambda s, a: {"id": s.pending_request},
    ),
    Row(
        "withdrawMentorshipRequest",
        "mutation($id: ID!) { withdrawMentorshipRequest(id: $id) { request { status } errors { code } } }",
        cells(participant="OK", other="FORBIDDEN", third="NOT_FOUND", admin="NOT_FOUND"),
        lambda s, a: {"id": s.pending_request},
    ),
    Row(
        "endMentorship",
        "mutation($input: EndMentorshipInput!) { endMentorship(input: $input) {"
        " mentorship { status } errors { code } } }",
        cells(participant="OK", other="OK", third="NOT_FOUND", admin="NOT_FOUND"),
        lambda s, a: {"input": {"id": s.mentorship, "outcome": "COMPLETED"}},
    ),
    Row(
        "submitFeedback",
        "mutation($input: FeedbackInput!) { submitFeedback(input: $input) { feedback {"
        " id } errors { code } } }",
        cells(participant="CONFLICT", other="CONFLICT", third="NOT_FOUND", admin="NOT_FOUND"),
        lambda s, a: {"input": {"mentorshipId": s.mentorship, "rating": 1, "goodFit": False}},
    ),
    Row(
        "logSession",
        "mutation($input: LogSessionInput!) { logSession(input: $input) { session { id } errors { code } } }",
        cells(participant="OK", other="OK", third="NOT_FOUND", admin="NOT_FOUND"),
        lambda s, a: {"input": {"mentorshipId": s.mentorship, "heldOn": TODAY, "minutes": 30}},
    ),
    Row(
        "markNotificationsRead of the participant's notifications",
        "mutation($input: MarkNotificationsReadInput!) { markNotificationsRead(input:"
        " $input) { marked errors { code } } }",
        cells(participant="OK", other="NONE MARKED", third="NONE MARKED", admin="NONE MARKED"),
        lambda s, a: {"input": {"ids": sorted(s.notifications["participant"])}},
        observe=lambda v, s, a: "OK" if v["marked"] else "NONE MARKED",
    ),
    Row(
        "updateMatchingSettings",
        "mutation($input: MatchingSettingsInput!) { updateMatchingSettings(input:"
        " $input) { errors { code } } }",
        admins_only(),
        lambda s, a: {"input": {"defaultCapacity": 3}},
    ),
    Row(
        "importPeople, a dry run",
        "mutation($input: ImportPeopleInput!) { importPeople(input: $input) { rows { email action }"
        " errors { code } } }",
        admins_only(),
        lambda s, a: {"input": {"csv": "email,displayName\nnew@example.com,New\n", "dryRun": True}},
    ),
    Row(
        "suspendUser the third",
        'mutation($id: ID!) { suspendUser(id: $id, reason: "abuse") { user { id } errors { code } } }',
        admins_only(),
        of("third"),
    ),
    Row(
        "reinstateUser the suspended",
        "mutation($id: ID!) { reinstateUser(id: $id) { user { id } errors { code } } }",
        admins_only(),
        of("suspended"),
    ),
    Row(
        "hideProfile of the third",
        'mutation($id: ID!) { hideProfile(id: $id, reason: "spam") { user { id } errors { code } } }',
        admins_only(),
        of("third"),
    ),
    Row(
        "unhideProfile of the third",
        "mutation($id: ID!) { unhideProfile(id: $id) { user { id } errors { code } } }",
        admins_only(),
        of("third"),
    ),
    Row(
        "removeFeedback of the other's check-in",
        'mutation($id: ID!) { removeFeedback(id: $id, reason: "rude") { feedback { id } errors { code } } }',
        admins_only(),
        lambda s, a: {"id": s.feedback["other"]},
    ),
    Row(
        "reportContent the third's profile",
        "mutation($input: ReportInput!) { reportContent(input: $input) {"
        " report { id resolvedBy { id } action note targetUser { id } } errors { code } } }",
        cells(participant="OK", other="OK", third="INVALID_INPUT", admin="OK"),
        lambda s, a: {"input": {"targetType": "PROFILE", "targetId": s.ids["third"], "reason": "spam"}},
    ),
    Row(
        "reportContent: a reporter never sees what was done",
        "mutation($input: ReportInput!) { reportContent(input: $input) {"
        " report { resolvedBy { id } action note targetUser { id } targetFeedback { id }"
        " } errors { code } } }",
        cells(participant="NULL", other="NULL", third="INVALID_INPUT", admin="SHOWN"),
        lambda s, a: {"input": {"targetType": "PROFILE", "targetId": s.ids["third"], "reason": "spam"}},
        observe=lambda v, s, a: "SHOWN" if any(x is not None for x in v["report"].values()) else "NULL",
        allowed=("participant", "other", "admin"),
    ),
    Row(
        "reportContent of a hidden profile",
        "mutation($input: ReportInput!) { reportContent(input: $input) { report { id } errors { code } } }",
        cells(participant="NOT_FOUND", other="NOT_FOUND", third="NOT_FOUND", admin="OK"),
        lambda s, a: {"input": {"targetType": "PROFILE", "targetId": s.ids["suspended"], "reason": "spam"}},
    ),
    Row(
        "reportContent of the suspended user",
        "mutation($input: ReportInput!) { reportContent(input: $input) { report { id } errors { code } } }",
        cells(participant="NOT_FOUND", other="NOT_FOUND", third="NOT_FOUND", admin="OK"),
        lambda s, a: {"input": {"targetType": "USER", "targetId": s.ids["suspended"], "reason": "spam"}},
    ),
    Row(
        "reportContent of the other's check-in",
        "mutation($input: ReportInput!) { reportContent(input: $input) { report { id } errors { code } } }",
        cells(participant="OK", other="INVALID_INPUT", third="NOT_FOUND", admin="OK"),
        lambda s, a: {"input": {"targetType": "FEEDBACK", "targetId": s.feedback["other"], "reason": "rude"}},
    ),
    Row(
        "resolveReport",
        "mutation($input: ResolveReportInput!) { resolveReport(input: $input) { report {"
        " id } errors { code } } }",
        admins_only(),
        lambda s, a: {"input": {"id": s.open_report, "action": "NONE"}},
    ),
    Row(
        "issuePasswordReset for the participant",
        "mutation($id: ID!) { issuePasswordReset(userId: $id) { resetLink errors { code } } }",
        admins_only(),
        of("participant"),
    ),
    Row(
        "resetPassword with a token that is not one",
        "mutation($input: ResetPasswordInput!) { resetPassword(input: $input) { user {"
        " id } errors { code } } }",
        everyone("INVALID_INPUT"),
        lambda s, a: {"input": {"token": "not-a-reset-token", "newPassword": "another-long-passphrase-77"}},
    ),
    Row(
        "requestPasswordReset for an address with no account",
        "mutation($input: RequestPasswordResetInput!) { requestPasswordReset(input: $input) { sent"
        " errors { code } } }",
        everyone("OK"),
        lambda s, a: {"input": {"email": f"nobody-{a}@example.com"}},
    ),
    Row("emailSettings", "query { emailSettings { enabled choices { kind delivery } } }", signed_in("OK")),
    Row(
        "setEmailDelivery",
        "mutation($input: SetEmailDeliveryInput!) { setEmailDelivery(input: $input) { emailSettings {"
        " enabled } errors { code } } }",
        signed_in("OK"),
        lambda s, a: {"input": {"kinds": ["FEEDBACK_DUE"], "delivery": "DAILY_DIGEST"}},
    ),
    Row(
        "unsubscribe with a token that is not one",
        "mutation($input: UnsubscribeInput!) { unsubscribe(input: $input) { kinds errors { code } } }",
        everyone("INVALID_INPUT"),
        lambda s, a: {"input": {"token": "not.a.token"}},
    ),
    Row(
        "deleteMyAccount",
        "mutation($input: DeleteMyAccountInput!) { deleteMyAccount(input: $input) { errors { code } } }",
        signed_in("OK"),
        lambda s, a: {"input": {"password": PASSWORD}},
    ),
    Row(
        "eraseUser the third",
        'mutation($id: ID!) { eraseUser(id: $id, reason: "asked to") { user { id } errors { code } } }',
        admins_only(),
        of("third"),
    ),
    Row(
        "refreshSkillGapMap",
        "mutation { refreshSkillGapMap { refresh { id } errors { code } } }",
        admins_only(),
    ),
    Row(
        "proposeCohortMatches",
        "mutation { proposeCohortMatches { proposal { id pairs { mentee { email } } } errors { code } } }",
        admins_only(),
    ),
    Row(
        "publishCohortMatches",
        "mutation($id: ID!, $pairs: [ID!]!) { publishCohortMatches(proposalId: $id, pairIds: $pairs) {"
        " published { id } errors { code } } }",
        admins_only(),
        lambda s, a: {"id": s.proposal, "pairs": s.proposal_pairs},
    ),
]

SUBSCRIPTION = Row(
    "notificationReceived: who receives the participant's notification",
    "subscription { notificationReceived { id message } }",
    cells(participant="RECEIVED", other="NOTHING", third="NOTHING", admin="NOTHING"),
    # The test writes a notification for each actor's cell: a copy of its own.
    allowed=("participant",),
)

ROWS = [*QUERIES, *FIELDS, *MUTATIONS, SUBSCRIPTION]

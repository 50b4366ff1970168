"""The load script's pieces (bench/load.py): the web app's documents it sends, how it reads a response,
the table it prints and the memory verdict. The run itself is `make load` / `make soak` (minutes)."""

from __future__ import annotations

from bench.load import (
    FLAT_MIB_PER_MINUTE,
    Stats,
    memory_report,
    outcome,
    report,
    slope_per_minute,
    webapp_operations,
)
from graphql import OperationDefinitionNode, parse

# Every operation the load sends (Participant.call): all must exist in the web app under these names.
SENT = {
    "SignUp",
    "SignIn",
    "UpdateMyProfile",
    "NotificationReceived",
    "MentorMatches",
    "MenteeMatches",
    "UnreadNotificationCount",
    "Notifications",
    "MarkNotificationsRead",
    "MyMentorships",
    "MentorshipPage",
    "SubmitFeedback",
    "LogSession",
    "EndMentorship",
    "MentorProfile",
    "PendingRequestsWith",
    "RequestMentorship",
    "IncomingRequests",
    "AcceptMentorshipRequest",
    "DeclineMentorshipRequest",
}


def test_the_load_sends_the_web_apps_own_documents_with_their_fragments() -> None:
    operations = webapp_operations()
    assert operations.keys() >= SENT
    page = parse(operations["MentorMatches"])
    (operation,) = [d for d in page.definitions if isinstance(d, OperationDefinitionNode)]
    assert operation.name is not None and operation.name.value == "MentorMatches"
    # The fragments it spreads travel with it, as the browser sends them (else the API refuses it).
    assert "fragment MatchCard_user on User" in operations["MentorMatches"]
    assert operations["NotificationReceived"].startswith("subscription NotificationReceived")


def test_a_response_is_read_as_success_or_one_error_code() -> None:
    assert outcome(200, {"data": {"requestMentorship": {"request": {"id": "1"}, "errors": []}}}) is None
    payload_error = {"data": {"requestMentorship": {"request": None, "errors": [{"code": "RATE_LIMITED"}]}}}
    assert outcome(200, payload_error) == "RATE_LIMITED"
    graphql_error = {"data": None, "errors": [{"message": "x", "extensions": {"code": "INTERNAL"}}]}
    assert outcome(200, graphql_error) == "INTERNAL"
    unavailable = {"data": None, "errors": [{"extensions": {"code": "SERVICE_UNAVAILABLE"}}]}
    assert outcome(503, unavailable) == "HTTP 503 SERVICE_UNAVAILABLE"
    assert outcome(502, None) == "HTTP 502"


def test_the_table_separates_failures_rate_limits_and_expected_refusals() -> None:
    stats = Stats()
    for ms in range(1, 101):  # 1..100 ms
        stats.record("MentorMatches", float(ms), None)
    stats.record("RequestMentorship", 10.0, "RATE_LIMITED")
    stats.record("RequestMentorship", 20.0, "CONFLICT")
    stats.record("RequestMentorship", 30.0, "INTERNAL")
    stats.record("RequestMentorship", 40.0, None)
    lines = report(stats, elapsed=10.0, floor=[1.0, 2.0, 3.0])
    (matches,) = [line for line in lines if line.startswith("MentorMatches")]
    assert matches.split()[1:4] == ["100", "50.5", "99.0"]  # count, p50, p99
    (requests,) = [line for line in lines if line.startswith("RequestMentorship")]
    assert requests.split()[1] == "4" and requests.split()[4:6] == ["1", "1"]  # failed, limited
    assert "CONFLICT 1, INTERNAL 1, RATE_LIMITED 1" in requests
    assert any(line.startswith("GET /healthz (the floor)") and " 2.0 " in line for line in lines)
    # 104 operations in 10 s, one failure (INTERNAL); RATE_LIMITED and CONFLICT are not failures.
    assert lines[-1].startswith("throughput 10.4 ops/s over 10 s; error rate 0.96%")
    assert "RATE_LIMITED 0.96% of operations" in lines[-1]


def test_memory_growth_after_warm_up_is_judged_by_its_slope() -> None:
    assert slope_per_minute([(0.0, 100.0), (60.0, 101.0), (120.0, 102.0)]) == 1.0
    assert slope_per_minute([(0.0, 100.0)]) == 0.0
    warm_then_flat = [(float(t), 80.0 + t) for t in range(0, 120, 10)]
    warm_then_flat += [(float(t), 200.0) for t in range(120, 600, 10)]
    leaking = [(float(t), 200.0 + t / 20) for t in range(0, 600, 10)]  # 3 MiB a minute
    lines = memory_report({11: warm_then_flat, 12: leaking}, warmup=120, supervisor=10)
    flat_line, leak_line = lines[1], lines[2]
    assert flat_line.split()[4:7] == ["200.0", "200.0", "+0.0"] and flat_line.endswith("flat")
    assert leak_line.split()[7:9] == ["+3.00", "+3.00"] and leak_line.endswith("GROWING")
    assert flat_line.split()[7:9] == ["+0.00", "+0.00"]
    assert flat_line.startswith("API worker 11") and leak_line.startswith("API worker 12")
    assert FLAT_MIB_PER_MINUTE < 3

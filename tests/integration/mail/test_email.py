"""Email end to end against a real SMTP server: the outbox written in the event's transaction, delivery,
digests, each person's choices, one-click unsubscribe, retries after the server was down, one delivery
with two senders, the forgotten-password link and the reminders time brings."""

from __future__ import annotations

import asyncio
import re
import uuid
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qs, urlsplit

from litestar.testing import AsyncTestClient
from prometheus_client import REGISTRY
from sqlalchemy import func, select, text

from mentormatch.app import create_app
from mentormatch.db.engine import create_engine, create_sessionmaker
from mentormatch.duties import run_duties
from mentormatch.embeddings import Embedder
from mentormatch.mail import service as mail
from mentormatch.mail.models import Delivery, EmailKind, OutboxEmail
from mentormatch.mail.sender import deliver_due
from mentormatch.mentorships import service as mentorships
from mentormatch.notifications.models import NotificationKind
from mentormatch.notifications.service import notify
from mentormatch.settings import Settings
from tests.conftest import GraphQL
from tests.integration.mail.conftest import PUBLIC_URL, Db, SmtpServer
from tests.integration.matching.conftest import Person

SET_DELIVERY = """
mutation($input: SetEmailDeliveryInput!) {
  setEmailDelivery(input: $input) {
    emailSettings { enabled choices { kind label delivery } } errors { code message field }
  }
}"""
EMAIL_SETTINGS = "query { emailSettings { enabled digestHour choices { kind label delivery } } }"
UNSUBSCRIBE = """
mutation($token: String!) { unsubscribe(input: {token: $token}) { kinds errors { code message field } } }"""
REQUEST_RESET = """
mutation($email: String!) { requestPasswordReset(input: {email: $email}) { sent errors { code message } } }"""
RESET = """
mutation($input: ResetPasswordInput!) {
  resetPassword(input: $input) { user { id } errors { code message field } }
}"""
ME = "query { me { id } }"


def text_of(message: Any) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def html_of(message: Any) -> str:
    return message.get_body(preferencelist=("html",)).get_content()


async def outbox(db: Db) -> list[OutboxEmail]:
    async with db() as session:
        return list((await session.scalars(select(OutboxEmail).order_by(OutboxEmail.created_at))).all())


async def tell(
    db: Db, user_id: uuid.UUID, message: str, kind: NotificationKind = NotificationKind.REQUEST_RECEIVED
) -> None:
    async with db.begin() as session:
        await notify(session, user_id=user_id, kind=kind, message=message)


async def test_an_event_is_mailed_once_with_the_persons_words_escaped(
    db: Db, person: Person, smtp: SmtpServer, mail_settings: Settings
) -> None:
    mentor_id, _ = await person("Maya Mentor", canMentor=True, capacity=3, expertise=["SQL for analysts"])
    mentee_id, _ = await person("Ravi Mentee", seeksMentoring=True, objectives=["learn SQL"])
    request = await mentorships.create_request(
        db,
        initiator=mentorships.Role.MENTEE,
        sender_id=mentee_id,
        recipient_id=mentor_id,
        message="Would you mentor me?",
        objectives=None,
    )
    # A rolled-back event queues nothing.
    try:
        async with db.begin() as session:
            await notify(session, user_id=mentor_id, kind=NotificationKind.REQUEST_RECEIVED, message="never")
            raise RuntimeError("rolled back")
    except RuntimeError:
        pass
    assert [row.kind for row in await outbox(db)] == [EmailKind.REQUEST_RECEIVED]
    await tell(db, mentee_id, "<script>alert('x')</script> & more", NotificationKind.REQUEST_ACCEPTED)

    done = await deliver_due(db, mail_settings)
    assert (done.sent, done.retried, done.failed) == (2, 0, 0)
    assert await deliver_due(db, mail_settings) == type(done)(), "sent once"
    (received,) = smtp.inbox.to("maya.mentor@example.com")
    assert received["Subject"] == "A new mentorship request"
    assert received["From"] == "Mentoring at Example <mentoring@example.com>"
    assert "Ravi Mentee" in text_of(received)
    assert f"{PUBLIC_URL}/requests?box=incoming" in text_of(received)
    assert received["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert received["List-Unsubscribe"].startswith(f"<{PUBLIC_URL}/email/unsubscribe?token=")
    (accepted,) = smtp.inbox.to("ravi.mentee@example.com")
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; more" in html_of(accepted)
    assert "<script>" not in html_of(accepted)
    assert "<script>alert('x')</script> & more" in text_of(accepted)
    assert request.id is not None


async def test_a_daily_digest_gathers_a_days_emails_into_one(
    db: Db, person: Person, smtp: SmtpServer, mail_settings: Settings
) -> None:
    user_id, _ = await person("Dana Digest", canMentor=True)
    async with db.begin() as session:
        await mail.choose(
            session, user_id=user_id, kinds=list(mail.CHOOSABLE), delivery=Delivery.DAILY_DIGEST
        )
    for n in range(3):
        await tell(db, user_id, f"update number {n}")
    # The digest hour is twelve hours away: nothing is due yet.
    hour = (datetime.now(UTC).hour + 12) % 24
    settings = mail_settings.model_copy(update={"email_digest_hour": hour})
    assert (await deliver_due(db, settings)).claimed == 0
    assert smtp.inbox.messages == []
    # A day later the hour has passed since the first of them: one email with all three.
    async with db.begin() as session:
        await session.execute(text("UPDATE email_outbox SET created_at = created_at - interval '1 day'"))
    assert (await deliver_due(db, settings)).sent == 1
    (digest,) = smtp.inbox.messages
    assert digest["Subject"] == "Your mentormatch digest: 3 updates"
    body = text_of(digest)
    assert [body.index(f"update number {n}") for n in range(3)] == sorted(
        body.index(f"update number {n}") for n in range(3)
    )
    assert all(row.sent_at is not None for row in await outbox(db))


async def test_choices_are_kept_per_kind_and_never_means_never(
    db: Db, person: Person, mail_settings: Settings, embedder: Embedder
) -> None:
    user_id, token = await person("Nora Never", canMentor=True)
    async with AsyncTestClient(create_app(mail_settings, embedder=embedder)) as client:
        gql = GraphQL(client)
        before = (await gql.data(EMAIL_SETTINGS, token=token))["emailSettings"]
        assert before["enabled"] is True
        assert {c["kind"]: c["delivery"] for c in before["choices"]} == {
            k.value: "IMMEDIATELY" for k in mail.CHOOSABLE
        }
        changed = await gql.data(
            SET_DELIVERY, {"input": {"kinds": ["REQUEST_RECEIVED"], "delivery": "NEVER"}}, token=token
        )
        choices = {c["kind"]: c["delivery"] for c in changed["setEmailDelivery"]["emailSettings"]["choices"]}
        assert choices["REQUEST_RECEIVED"] == "NEVER" and choices["FEEDBACK_DUE"] == "IMMEDIATELY"
        refused = await gql.data(
            SET_DELIVERY, {"input": {"kinds": ["PASSWORD_RESET"], "delivery": "NEVER"}}, token=token
        )
        assert refused["setEmailDelivery"]["errors"][0]["code"] == "INVALID_INPUT"
        anonymous = await gql(EMAIL_SETTINGS)
        assert anonymous["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    await tell(db, user_id, "not mailed")
    await tell(db, user_id, "mailed", NotificationKind.FEEDBACK_DUE)
    assert [row.kind for row in await outbox(db)] == [EmailKind.FEEDBACK_DUE]


async def test_one_click_unsubscribe_needs_no_sign_in_and_cannot_be_forged(
    db: Db, person: Person, smtp: SmtpServer, mail_settings: Settings, embedder: Embedder
) -> None:
    user_id, _ = await person("Una Subscribe", canMentor=True)
    other_id, _ = await person("Otto Other", canMentor=True)
    await tell(db, user_id, "first")
    await deliver_due(db, mail_settings)
    (received,) = smtp.inbox.messages
    one_click = received["List-Unsubscribe"].strip("<>")
    token = parse_qs(urlsplit(one_click).query)["token"][0]
    page = re.search(r"https://\S+/unsubscribe\?token=(\S+)", text_of(received))
    assert page is not None and page.group(1) == token
    async with AsyncTestClient(create_app(mail_settings, embedder=embedder)) as client:
        # Another person's id or another kind under the same signature is refused.
        user_hex, kind, signature = token.split(".")
        for forged in (f"{other_id.hex}.{kind}.{signature}", f"{user_hex}.ALL.{signature}", "nonsense"):
            response = await client.post(
                f"/email/unsubscribe?token={forged}", data={"List-Unsubscribe": "One-Click"}
            )
            assert response.status_code == 400
            assert response.json()["code"] == "INVALID_INPUT"
        response = await client.post(
            urlsplit(one_click).path + "?" + urlsplit(one_click).query, data={"List-Unsubscribe": "One-Click"}
        )
        assert response.status_code == 200, response.text
        # The page's mutation does the same, and says what stopped.
        stopped = await GraphQL(client).data(UNSUBSCRIBE, {"token": token})
        assert stopped["unsubscribe"]["kinds"] == ["REQUEST_RECEIVED"]
    assert {c.kind: c.delivery for c in await mail.choices(db, user_id=user_id)}[
        EmailKind.REQUEST_RECEIVED
    ] is Delivery.NEVER
    await tell(db, user_id, "second")
    await tell(db, other_id, "for Otto")
    assert [row.user_id for row in await outbox(db) if row.sent_at is None] == [other_id]


async def test_a_down_mail_server_loses_nothing_and_the_email_goes_out_once_it_is_back(
    db: Db, person: Person, smtp: SmtpServer, mail_settings: Settings
) -> None:
    user_id, _ = await person("Rita Retry", canMentor=True)
    await tell(db, user_id, "while the server is down")
    smtp.stop()
    done = await deliver_due(db, mail_settings)
    assert (done.sent, done.retried) == (0, 1)
    (row,) = await outbox(db)
    assert row.attempts == 1 and row.sent_at is None and row.failed_at is None and row.last_error
    assert row.due_at > datetime.now(UTC), "retried after a back-off"
    # Operators see it on /metrics: one email waiting (and how long the oldest due one has waited).
    assert REGISTRY.get_sample_value("mentormatch_email_outbox_backlog") == 1
    assert (await deliver_due(db, mail_settings)).claimed == 0, "not before the back-off"
    smtp.start()
    await asyncio.sleep(1.1)  # MENTORMATCH_EMAIL_RETRY_SECONDS
    assert (await deliver_due(db, mail_settings)).sent == 1
    assert len(smtp.inbox.to("rita.retry@example.com")) == 1
    assert REGISTRY.get_sample_value("mentormatch_email_outbox_backlog") == 0
    assert REGISTRY.get_sample_value("mentormatch_email_outbox_oldest_seconds") == 0


async def test_two_senders_deliver_each_email_once(
    database_url: str, db: Db, person: Person, smtp: SmtpServer, mail_settings: Settings
) -> None:
    user_ids = [(await person(f"Person {n}", canMentor=True))[0] for n in range(3)]
    async with db.begin() as session:
        for n in range(60):
            await notify(
                session, user_id=user_ids[n % 3], kind=NotificationKind.REQUEST_RECEIVED, message=f"event {n}"
            )
    # Two processes: two engines and pools of their own, sending at the same moment until nothing is left.
    engines = [create_engine(database_url, pool_size=2) for _ in range(2)]

    async def sender(sessions: Db) -> int:
        sent = 0
        while (done := await deliver_due(sessions, mail_settings)).claimed:
            sent += done.sent
        return sent

    try:
        counts = await asyncio.gather(*(sender(create_sessionmaker(engine)) for engine in engines))
    finally:
        for engine in engines:
            await engine.dispose()
    assert sum(counts) == 60
    bodies = sorted(re.search(r"event \d+", text_of(m)).group(0) for m in smtp.inbox.messages)  # type: ignore[union-attr]
    assert bodies == sorted(f"event {n}" for n in range(60))


async def test_a_forgotten_password_is_reset_by_an_emailed_link_and_the_answer_never_tells(
    db: Db, person: Person, smtp: SmtpServer, mail_settings: Settings, embedder: Embedder
) -> None:
    user_id, old_token = await person("Fay Forgot", canMentor=True)
    async with AsyncTestClient(create_app(mail_settings, embedder=embedder)) as client:
        gql = GraphQL(client)
        known = await gql.data(REQUEST_RESET, {"email": "Fay.Forgot@example.com"})
        unknown = await gql.data(REQUEST_RESET, {"email": "nobody@example.com"})
        assert known == unknown == {"requestPasswordReset": {"sent": True, "errors": []}}
        # The app's own background sender delivers it.
        for _ in range(200):
            if smtp.inbox.messages:
                break
            await asyncio.sleep(0.05)
        (received,) = smtp.inbox.messages
        assert received["Subject"] == "Reset your mentormatch password"
        # Its link cannot stop resets (always sent), only every other kind.
        assert "token=" in received["List-Unsubscribe"]
        assert "Stop all other emails from mentormatch" in text_of(received)
        link = re.search(rf"{PUBLIC_URL}/reset-password\?token=(\S+)", text_of(received))
        assert link is not None
        # The outbox keeps no copy of the link once it is sent.
        (row,) = await outbox(db)
        assert row.content is None
        reset = await gql.data(
            RESET, {"input": {"token": link.group(1), "newPassword": "an-entirely-new-passphrase-77"}}
        )
        assert reset["resetPassword"]["user"]["id"] == str(user_id)
        assert (await gql(ME, token=old_token))["data"]["me"] is None, "the other sessions ended"
        again = await gql.data(
            RESET, {"input": {"token": link.group(1), "newPassword": "yet-another-passphrase-88"}}
        )
        assert again["resetPassword"]["errors"][0]["field"] == "token"
        # Asking again and again is limited, the same for any address.
        for address in ("fay.forgot@example.com", "nobody@example.com"):
            answers = [await gql.data(REQUEST_RESET, {"email": address}) for _ in range(6)]
            assert answers[-1]["requestPasswordReset"]["errors"][0]["code"] == "RATE_LIMITED"


async def test_time_brings_reminders_once(
    db: Db, person: Person, smtp: SmtpServer, mail_settings: Settings, embedder: Embedder
) -> None:
    mentor_id, _ = await person(
        "Mo Mentor", canMentor=True, capacity=3, expertise=["negotiation for engineers"]
    )
    waiting_id, _ = await person(
        "Wes Waiting", seeksMentoring=True, objectives=["learn to negotiate a salary"]
    )
    asker_id, _ = await person("Ann Asker", seeksMentoring=True, objectives=["learn to negotiate"])
    request = await mentorships.create_request(
        db,
        initiator=mentorships.Role.MENTEE,
        sender_id=asker_id,
        recipient_id=mentor_id,
        message="Hi",
        objectives=None,
    )
    async with db.begin() as session:
        # The request expires in 5 hours; Wes joined 8 days ago.
        await session.execute(
            text("UPDATE mentorship_requests SET expires_at = now() + interval '5 hours' WHERE id = :id"),
            {"id": request.id},
        )
        await session.execute(
            text("UPDATE users SET created_at = now() - interval '8 days' WHERE id = :id"), {"id": waiting_id}
        )
        await session.execute(text("DELETE FROM email_outbox"))
    done = await run_duties(db, embedder, mail_settings)
    assert done is not None and (done.expiry_reminders, done.match_suggestions) == (1, 1)
    again = await run_duties(db, embedder, mail_settings)
    assert again is not None and (again.expiry_reminders, again.match_suggestions) == (0, 0)
    await deliver_due(db, mail_settings)
    (reminder,) = smtp.inbox.to("mo.mentor@example.com")
    assert reminder["Subject"] == "A request is waiting for your answer"
    assert "Ann Asker" in text_of(reminder) and "expires in 5 hours" in text_of(reminder)
    (suggestions,) = smtp.inbox.to("wes.waiting@example.com")
    assert "Mo Mentor" in text_of(suggestions)
    assert f"{PUBLIC_URL}/mentors/{mentor_id}" in text_of(suggestions)
    assert smtp.inbox.to("ann.asker@example.com") == [], "Ann joined today"
    async with db() as session:
        kinds = (
            await session.scalars(
                text("SELECT kind FROM notifications WHERE user_id = :id"), {"id": mentor_id}
            )
        ).all()
    assert "REQUEST_EXPIRING" in kinds


async def test_stale_news_and_suspended_people_are_not_mailed(
    db: Db, person: Person, smtp: SmtpServer, mail_settings: Settings
) -> None:
    old_id, _ = await person("Olga Old", canMentor=True)
    gone_id, _ = await person("Sam Suspended", canMentor=True)
    await tell(db, old_id, "long ago")
    await tell(db, gone_id, "for a suspended person")
    async with db.begin() as session:
        await session.execute(
            text("UPDATE email_outbox SET created_at = now() - interval '3 days' WHERE user_id = :id"),
            {"id": old_id},
        )
        await session.execute(text("UPDATE users SET suspended_at = now() WHERE id = :id"), {"id": gone_id})
    done = await deliver_due(db, mail_settings)
    assert (done.sent, done.failed) == (0, 1)
    assert smtp.inbox.messages == []
    async with db() as session:
        abandoned = await session.scalar(
            select(func.count()).select_from(OutboxEmail).where(OutboxEmail.failed_at.is_not(None))
        )
    assert abandoned == 2
    # A suspended person is not even queued for.
    await tell(db, gone_id, "later")
    assert len(await outbox(db)) == 2

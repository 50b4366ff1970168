"""A real SMTP server for the email tests (aiosmtpd, on a free local port), and the settings that send
to it."""

from __future__ import annotations

import socket
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from mentormatch.db.engine import create_engine, create_sessionmaker
from mentormatch.settings import Settings
from tests.conftest import make_settings
from tests.integration.matching.conftest import person  # noqa: F401  (a fixture the tests use)

Db = async_sessionmaker[AsyncSession]
PUBLIC_URL = "https://mentoring.example.com"


@dataclass
class Inbox:
    """Every message the SMTP server accepted, parsed."""

    messages: list[EmailMessage] = field(default_factory=list)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        parsed = message_from_bytes(envelope.original_content or envelope.content, policy=policy.default)
        assert isinstance(parsed, EmailMessage)
        self.messages.append(parsed)
        return "250 Message accepted for delivery"

    def to(self, address: str) -> list[EmailMessage]:
        return [m for m in self.messages if address in str(m["To"])]


class SmtpServer:
    """aiosmtpd in a thread of its own, which a test can stop and start again (a mail server outage)."""

    def __init__(self) -> None:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.inbox = Inbox()
        self._controller: Controller | None = None

    def start(self) -> None:
        self._controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port)
        self._controller.start()

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None


@pytest.fixture
def smtp() -> Iterator[SmtpServer]:
    server = SmtpServer()
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def mail_settings(database_url: str, smtp: SmtpServer) -> Settings:
    return make_settings(
        database_url,
        MENTORMATCH_SMTP_HOST="127.0.0.1",
        MENTORMATCH_SMTP_PORT=smtp.port,
        MENTORMATCH_SMTP_SECURITY="none",
        MENTORMATCH_EMAIL_FROM="Mentoring at Example <mentoring@example.com>",
        MENTORMATCH_PUBLIC_URL=PUBLIC_URL,
        MENTORMATCH_EMAIL_RETRY_SECONDS=1,
        MENTORMATCH_EMAIL_POLL_SECONDS=0.05,
        MENTORMATCH_PRUNE_INTERVAL_MINUTES=0,
        MENTORMATCH_REMINDER_INTERVAL_MINUTES=0,
    )


@pytest.fixture
async def db(database_url: str) -> AsyncIterator[Db]:
    engine = create_engine(database_url, pool_size=4)
    yield create_sessionmaker(engine)
    await engine.dispose()

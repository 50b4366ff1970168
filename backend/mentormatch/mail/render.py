"""What an email says: plain text and HTML from the templates beside this module (Jinja2; the HTML
escapes whatever people wrote), with the headers mail clients act on (List-Unsubscribe, one click)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid, parseaddr
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from mentormatch.mail.models import EmailKind
from mentormatch.mail.service import unsubscribe_token

SUBJECTS: dict[EmailKind, str] = {
    EmailKind.REQUEST_RECEIVED: "A new mentorship request",
    EmailKind.REQUEST_ACCEPTED: "Your request was accepted",
    EmailKind.REQUEST_DECLINED: "Your request was declined",
    EmailKind.REQUEST_CANCELLED: "A request was cancelled",
    EmailKind.REQUEST_EXPIRING: "A request is waiting for your answer",
    EmailKind.FEEDBACK_DUE: "Time for a check-in",
    EmailKind.REMATCH_OFFERED: "A new match is offered",
    EmailKind.MATCH_SUGGESTIONS: "Mentors who could help you learn",
    EmailKind.PASSWORD_RESET: "Reset your mentormatch password",
}
# The web app's pages an email links to.
SETTINGS_PATH = "/settings/email"
UNSUBSCRIBE_PAGE = "/unsubscribe"
# Where a mail client's one-click unsubscribe (RFC 8058) posts.
ONE_CLICK_PATH = "/email/unsubscribe"

_templates = Environment(
    loader=PackageLoader("mentormatch.mail", "templates"),
    autoescape=select_autoescape(["html"]),
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
    keep_trailing_newline=True,
)


@dataclass(frozen=True)
class Recipient:
    user_id: uuid.UUID
    email: str
    name: str


@dataclass(frozen=True)
class Letter:
    """One email's kind and what its template shows; a digest is several notifications in one."""

    kind: EmailKind
    content: dict[str, Any]


def compose(
    *,
    recipient: Recipient,
    letters: Sequence[Letter],
    digest: bool,
    sender: str,
    public_url: str,
    signing_key: str,
) -> EmailMessage:
    """The email for `letters` (one, or a digest's many) to `recipient`."""
    base = public_url.rstrip("/")
    first = letters[0]
    # Each email can stop what it is about: one email its own kind; a digest every kind; a password reset,
    # which is always sent, every other kind (its link cannot stop resets, which the person asks for).
    reset = first.kind is EmailKind.PASSWORD_RESET
    every_kind = digest or reset
    token = unsubscribe_token(signing_key, user_id=recipient.user_id, kind=None if every_kind else first.kind)
    values: dict[str, Any] = {
        "name": recipient.name,
        "settings_url": base + SETTINGS_PATH,
        "unsubscribe_url": f"{base}{UNSUBSCRIBE_PAGE}?token={token}",
        "unsubscribe_label": (
            "Stop all other emails from mentormatch"
            if reset
            else "Stop all these emails"
            if digest
            else "Stop emails like this one"
        ),
        "asked_for": reset,
    }
    if digest:
        template = "digest"
        subject = f"Your mentormatch digest: {len(letters)} update{'s' if len(letters) != 1 else ''}"
        values["items"] = [
            {"message": letter.content["message"], "url": base + letter.content["path"]} for letter in letters
        ]
    elif first.kind is EmailKind.PASSWORD_RESET:
        template, subject = "password_reset", SUBJECTS[first.kind]
        values |= {"link": first.content["link"], "expires": first.content["expires"]}
    elif first.kind is EmailKind.MATCH_SUGGESTIONS:
        template, subject = "match_suggestions", SUBJECTS[first.kind]
        values |= {
            "url": base + first.content["path"],
            "mentors": [
                {"name": m["name"], "headline": m.get("headline"), "url": base + m["path"]}
                for m in first.content["mentors"]
            ],
        }
    else:
        template, subject = "notification", SUBJECTS[first.kind]
        values |= {"message": first.content["message"], "url": base + first.content["path"]}
    values["subject"] = subject

    message = EmailMessage()
    message["Subject"] = subject
    message["From"] = sender
    message["To"] = Address(display_name=recipient.name, addr_spec=recipient.email)
    message["Date"] = format_datetime(datetime.now(UTC))
    message["Message-ID"] = make_msgid(domain=parseaddr(sender)[1].rpartition("@")[2] or None)
    message["List-Unsubscribe"] = f"<{base}{ONE_CLICK_PATH}?token={token}>"
    message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message.set_content(_templates.get_template(f"{template}.txt").render(values))
    message.add_alternative(_templates.get_template(f"{template}.html").render(values), subtype="html")
    return message

"""Notifications are a leaf: any domain writes them, and their service, tables and live delivery import
no domain back (in particular not mentorships, which writes most of them). Below them only the email
outbox they write, itself a leaf (it knows the events it mails by name)."""

from __future__ import annotations

import subprocess
import sys

LEAF = [
    "mentormatch.notifications.service",
    "mentormatch.notifications.models",
    "mentormatch.notifications.live",
    "mentormatch.mail.service",
    "mentormatch.mail.models",
]
# Below notifications: what a notification refers to (users, with their package) and the shared plumbing.
ALLOWED = (
    "mentormatch.notifications",
    "mentormatch.mail.service",
    "mentormatch.mail.models",
    "mentormatch.accounts.models",
    "mentormatch.db.",
    "mentormatch.errors",
)
PACKAGES = {"mentormatch.accounts", "mentormatch.db", "mentormatch.mail"}


def test_the_notifications_service_and_models_import_no_other_domain() -> None:
    # A fresh interpreter: in this one the whole app is imported already.
    probe = (
        f"import sys; import {', '.join(LEAF)}; "
        "print('\\n'.join(sorted(m for m in sys.modules if m.startswith('mentormatch.'))))"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    ).stdout.split()
    assert set(LEAF) <= set(loaded)
    assert [m for m in loaded if not m.startswith(ALLOWED) and m not in PACKAGES] == []

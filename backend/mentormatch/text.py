"""What a text people type may hold: one rule for every domain's free text, reasons, emails and searches.

Control characters (Unicode category Cc) are refused everywhere: they are invisible, break what shows the
text, and a NUL byte cannot be stored in PostgreSQL `text` at all (it would be an `INTERNAL` error instead
of a clear one). Texts that may span lines allow `LINE_BREAKS`. Display names are stricter still (no
format characters either: `accounts.service.clean_display_name`).
"""

from __future__ import annotations

import unicodedata

LINE_BREAKS = "\r\n\t"
CONTROL_CHARACTERS = "Must not contain control characters."


def has_control_characters(value: str, *, allowed: str = "") -> bool:
    """Whether `value` holds a control character other than those in `allowed`."""
    return any(unicodedata.category(c) == "Cc" and c not in allowed for c in value)

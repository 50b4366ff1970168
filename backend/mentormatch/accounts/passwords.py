"""Password hashing (argon2id) and the strength rule."""

from __future__ import annotations

from collections.abc import Sequence

from pwdlib import PasswordHash
from pwdlib.hashers.argon2 import Argon2Hasher
from zxcvbn import zxcvbn

MIN_PASSWORD_LENGTH = 10
MAX_PASSWORD_LENGTH = 256
# zxcvbn scores 0-4; below 2 means "guessable": common passwords and their obvious variations.
MIN_STRENGTH_SCORE = 2

_hasher = PasswordHash((Argon2Hasher(),))


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password: str, password_hash: str | None) -> bool:
    """Check a password; a missing account or one without a password never matches."""
    if password_hash is None:
        # Same work as a real check, so timing does not tell which accounts exist.
        _hasher.verify(password, _DUMMY_HASH)
        return False
    return _hasher.verify(password, password_hash)


def password_problem(password: str, related: Sequence[str] = ()) -> str | None:
    """Why `password` is not acceptable, or None. `related` are the user's own email and name.

    zxcvbn takes tens of milliseconds on a long password: call this in a worker thread.
    """
    if len(password) < MIN_PASSWORD_LENGTH:
        return f"Use at least {MIN_PASSWORD_LENGTH} characters."
    if len(password) > MAX_PASSWORD_LENGTH:
        return f"Use at most {MAX_PASSWORD_LENGTH} characters."
    result = zxcvbn(password[:100], user_inputs=[r for r in related if r])
    if result["score"] < MIN_STRENGTH_SCORE:
        warning = result["feedback"].get("warning") or "This password is too easy to guess."
        return f"{warning.rstrip('.')}. Choose a less common password."
    return None


_DUMMY_HASH = hash_password("timing-equaliser-not-a-real-password")

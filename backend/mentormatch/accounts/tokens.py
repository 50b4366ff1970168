"""Signed session tokens and the CSRF token bound to each session."""

from __future__ import annotations

import hashlib
import hmac
import uuid
from dataclasses import dataclass
from datetime import datetime

import jwt

ALGORITHM = "HS256"
ISSUER = "mentormatch"


@dataclass(frozen=True)
class TokenClaims:
    user_id: uuid.UUID
    session_id: uuid.UUID


def issue_token(key: str, *, user_id: uuid.UUID, session_id: uuid.UUID, expires_at: datetime) -> str:
    """A JWT naming the user and the session; the session row decides whether it is still valid."""
    claims = {"sub": str(user_id), "sid": str(session_id), "exp": expires_at, "iss": ISSUER}
    return jwt.encode(claims, key, algorithm=ALGORITHM)


def read_token(key: str, token: str) -> TokenClaims | None:
    """The claims of a genuine, unexpired token; None for anything else."""
    try:
        claims = jwt.decode(
            token, key, algorithms=[ALGORITHM], issuer=ISSUER, options={"require": ["exp", "sub", "sid"]}
        )
        return TokenClaims(user_id=uuid.UUID(claims["sub"]), session_id=uuid.UUID(claims["sid"]))
    except (jwt.InvalidTokenError, ValueError, TypeError):
        return None


def csrf_token(key: str, session_id: uuid.UUID) -> str:
    """The anti-CSRF token of a session: derived from it, so it cannot be planted by another site."""
    return hmac.new(key.encode(), b"csrf:" + session_id.bytes, hashlib.sha256).hexdigest()


def csrf_token_matches(key: str, session_id: uuid.UUID, supplied: str | None) -> bool:
    return bool(supplied) and hmac.compare_digest(csrf_token(key, session_id), supplied or "")

"""Single sign-on: the OpenID Connect authorization code flow with PKCE, as a client of the
organisation's provider (Authlib).

`start` sends the browser to the provider with a fresh `state`, `nonce` and PKCE verifier, kept in a
short-lived cookie signed with the secret key (HttpOnly, only sent to /auth/oidc): no server-side
store, and any process of the deployment can finish the flow. `finish` checks the state against that
cookie, exchanges the code with the verifier, and validates the ID token (signature against the
provider's JWKS, issuer, audience, nonce, expiry). Who may sign in with the identity it proves is the
accounts service's rule (`service.sign_in_with_identity`).
"""

from __future__ import annotations

import asyncio
import hmac
import logging
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Any

import httpx2
import jwt
from authlib.common.security import generate_token
from authlib.integrations.base_client import OAuthError
from authlib.integrations.httpx_client import AsyncOAuth2Client
from authlib.oidc.core import CodeIDToken
from joserfc import jwt as jose_jwt
from joserfc.errors import InvalidKeyIdError, JoseError
from joserfc.jwk import KeySet

from mentormatch.settings import Settings

log = logging.getLogger(__name__)

START_PATH = "/auth/oidc/start"
CALLBACK_PATH = "/auth/oidc/callback"
# The flow cookie is only sent back to the callback (and start, which replaces it).
FLOW_COOKIE = "mm_oidc_flow"
FLOW_COOKIE_PATH = "/auth/oidc"
# Time for the person to sign in at the provider; after that the callback is refused (SSO_STATE_MISMATCH).
FLOW_TTL = timedelta(minutes=10)
_FLOW_AUDIENCE = "mentormatch:oidc-flow"
# Asymmetric algorithms only: an HMAC-signed ID token would be keyed with the client secret, and
# "none" is no signature at all.
_SAFE_ALGORITHMS = {"RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA"}
# Seconds of clock difference with the provider tolerated on `exp` and `iat`.
_LEEWAY = 60
_HTTP_TIMEOUT = 10.0


class SsoError(StrEnum):
    """Why a single sign-on was refused: the `error` of the /signin redirect. Never rename one."""

    # No flow cookie, a forged or expired one, or a `state` that is not the one we sent.
    STATE_MISMATCH = "SSO_STATE_MISMATCH"
    # The person declined at the provider, or it answered with an error instead of a code.
    DENIED = "SSO_DENIED"
    # The provider refused the code: already used, expired, or never issued.
    CODE_REJECTED = "SSO_CODE_REJECTED"
    # The ID token failed validation (signature, issuer, audience, nonce, expiry).
    INVALID_ID_TOKEN = "SSO_INVALID_ID_TOKEN"
    # No email, or the provider does not vouch for it (`email_verified` not true).
    EMAIL_UNVERIFIED = "SSO_EMAIL_UNVERIFIED"
    DOMAIN_NOT_ALLOWED = "SSO_DOMAIN_NOT_ALLOWED"
    ACCOUNT_SUSPENDED = "SSO_ACCOUNT_SUSPENDED"
    # The provider could not be reached or answered nonsense.
    PROVIDER_UNAVAILABLE = "SSO_PROVIDER_UNAVAILABLE"
    # Too many sign-ins from this address lately (MENTORMATCH_RATE_LIMIT_SIGN_IN_PER_ADDRESS).
    RATE_LIMITED = "SSO_RATE_LIMITED"
    NOT_CONFIGURED = "SSO_NOT_CONFIGURED"


class SsoRefused(Exception):
    def __init__(self, code: SsoError, detail: str = "") -> None:
        super().__init__(f"{code.value}: {detail}" if detail else code.value)
        self.code = code


@dataclass(frozen=True)
class Identity:
    """What a valid ID token says about the person."""

    issuer: str
    subject: str
    email: str | None
    email_verified: bool
    name: str | None


@dataclass(frozen=True)
class Started:
    """Where to send the browser, and the flow cookie to set on the way."""

    authorization_url: str
    flow_cookie: str


@dataclass(frozen=True)
class Finished:
    identity: Identity
    # Where the web app goes once signed in: a same-origin path.
    next_path: str


def safe_next_path(raw: str | None) -> str:
    """A same-origin path to go on to, or "/": never another site (`//evil.example`, `/\\evil`)."""
    if not raw or not raw.startswith("/") or raw.startswith(("//", "/\\")):
        return "/"
    if any(ch in raw for ch in "\r\n\t\\") or any(ord(ch) < 0x20 for ch in raw):
        return "/"
    return raw


class OidcClient:
    """One provider's client for one API process: its discovery document and keys are cached."""

    def __init__(self, settings: Settings) -> None:
        assert settings.oidc_issuer and settings.oidc_client_id
        self.issuer = settings.oidc_issuer.rstrip("/")
        self.client_id = settings.oidc_client_id
        self.client_secret = settings.oidc_client_secret
        self._ttl = settings.oidc_discovery_ttl_seconds
        self._metadata: dict[str, Any] | None = None
        self._keys: KeySet | None = None
        self._fetched_at = 0.0
        self._lock = asyncio.Lock()

    async def start(self, *, redirect_uri: str, next_path: str | None, signing_key: str) -> Started:
        metadata = await self._discovery()
        state, nonce, verifier = generate_token(32), generate_token(32), generate_token(48)
        async with self._oauth(redirect_uri) as oauth:
            url, _ = oauth.create_authorization_url(
                metadata["authorization_endpoint"],
                state=state,
                code_verifier=verifier,
                nonce=nonce,
            )
        flow = {
            "state": state,
            "nonce": nonce,
            "verifier": verifier,
            "next": safe_next_path(next_path),
            "aud": _FLOW_AUDIENCE,
            "exp": datetime.now(UTC) + FLOW_TTL,
        }
        return Started(authorization_url=url, flow_cookie=jwt.encode(flow, signing_key, algorithm="HS256"))

    async def finish(
        self,
        *,
        params: dict[str, str],
        flow_cookie: str | None,
        redirect_uri: str,
        signing_key: str,
    ) -> Finished:
        """The identity the provider's answer (the callback's query `params`) proves, or SsoRefused."""
        # An error answer is a refusal whatever its state (some providers send none with it): only
        # which words the person reads depends on it.
        if "error" in params:
            raise SsoRefused(SsoError.DENIED, params["error"])
        flow = _read_flow(flow_cookie, signing_key)
        # Bytes: compare_digest refuses non-ASCII text, which anyone can put in the query.
        sent = str(flow["state"]).encode() if flow is not None else b""
        if flow is None or not hmac.compare_digest(sent, params.get("state", "").encode(errors="replace")):
            raise SsoRefused(SsoError.STATE_MISMATCH)
        if not params.get("code"):
            raise SsoRefused(SsoError.DENIED, "no code")
        metadata = await self._discovery()
        try:
            async with self._oauth(redirect_uri) as oauth:
                token = await oauth.fetch_token(
                    metadata["token_endpoint"],
                    grant_type="authorization_code",
                    code=params["code"],
                    code_verifier=flow["verifier"],
                )
        except OAuthError as exc:
            raise SsoRefused(SsoError.CODE_REJECTED, str(exc)) from exc
        except (httpx2.HTTPError, ValueError) as exc:
            log.warning("single sign-on: the token endpoint failed: %s", exc)
            raise SsoRefused(SsoError.PROVIDER_UNAVAILABLE, str(exc)) from exc
        id_token = token.get("id_token")
        if not isinstance(id_token, str):
            raise SsoRefused(SsoError.INVALID_ID_TOKEN, "no id_token in the token response")
        claims = await self.validated_claims(id_token, nonce=str(flow["nonce"]), access_token=token)
        email = claims.get("email")
        name = claims.get("name")
        return Finished(
            identity=Identity(
                issuer=str(claims["iss"]),
                subject=str(claims["sub"]),
                email=email if isinstance(email, str) else None,
                # Only a JSON true: a string "true" or a missing claim is no promise.
                email_verified=claims.get("email_verified") is True,
                name=name if isinstance(name, str) else None,
            ),
            next_path=safe_next_path(str(flow["next"])),
        )

    async def validated_claims(
        self, id_token: str, *, nonce: str, access_token: dict[str, Any]
    ) -> dict[str, Any]:
        """The claims of a genuine ID token for this client and flow, or SsoRefused INVALID_ID_TOKEN."""
        metadata = await self._discovery()
        algorithms = [
            alg
            for alg in metadata.get("id_token_signing_alg_values_supported", ["RS256"])
            if alg in _SAFE_ALGORITHMS
        ]
        try:
            try:
                decoded = jose_jwt.decode(id_token, await self._key_set(), algorithms=algorithms)
            except InvalidKeyIdError:
                # The provider rotated its keys since we read them.
                decoded = jose_jwt.decode(id_token, await self._key_set(refresh=True), algorithms=algorithms)
            claims = CodeIDToken(
                decoded.claims,
                decoded.header,
                {
                    "iss": {"essential": True, "values": [self.issuer]},
                    "aud": {"essential": True, "values": [self.client_id]},
                    "sub": {"essential": True},
                    "nonce": {"essential": True, "values": [nonce]},
                },
                {
                    "nonce": nonce,
                    "client_id": self.client_id,
                    "access_token": access_token.get("access_token"),
                },
            )
            claims.validate(leeway=_LEEWAY)
        except (JoseError, ValueError) as exc:
            raise SsoRefused(SsoError.INVALID_ID_TOKEN, str(exc)) from exc
        return dict(claims)

    def _oauth(self, redirect_uri: str) -> AsyncOAuth2Client:
        return AsyncOAuth2Client(
            client_id=self.client_id,
            client_secret=self.client_secret,
            token_endpoint_auth_method="client_secret_basic" if self.client_secret else "none",
            scope="openid email profile",
            redirect_uri=redirect_uri,
            code_challenge_method="S256",
            timeout=_HTTP_TIMEOUT,
        )

    async def _discovery(self) -> dict[str, Any]:
        """The provider's metadata, read at most once per TTL (SsoRefused PROVIDER_UNAVAILABLE)."""
        if self._metadata is not None and time.monotonic() - self._fetched_at < self._ttl:
            return self._metadata
        async with self._lock:
            if self._metadata is None or time.monotonic() - self._fetched_at >= self._ttl:
                metadata = await self._get_json(f"{self.issuer}/.well-known/openid-configuration")
                # OpenID Connect Discovery 1.0, 4.3: the document must name the issuer we asked.
                if str(metadata.get("issuer", "")).rstrip("/") != self.issuer or not all(
                    isinstance(metadata.get(key), str)
                    for key in ("authorization_endpoint", "token_endpoint", "jwks_uri")
                ):
                    raise SsoRefused(SsoError.PROVIDER_UNAVAILABLE, "discovery document does not fit")
                self._metadata, self._keys, self._fetched_at = metadata, None, time.monotonic()
            return self._metadata

    async def _key_set(self, *, refresh: bool = False) -> KeySet:
        metadata = await self._discovery()
        if self._keys is None or refresh:
            try:
                self._keys = KeySet.import_key_set(await self._get_json(metadata["jwks_uri"]))  # type: ignore[arg-type]
            except (JoseError, ValueError, TypeError, KeyError) as exc:
                raise SsoRefused(SsoError.PROVIDER_UNAVAILABLE, f"unreadable JWKS: {exc}") from exc
        return self._keys

    async def _get_json(self, url: str) -> dict[str, Any]:
        try:
            async with httpx2.AsyncClient(timeout=_HTTP_TIMEOUT) as http:
                response = await http.get(url)
                response.raise_for_status()
                body = response.json()
        except (httpx2.HTTPError, ValueError) as exc:
            log.warning("single sign-on: %s failed: %s", url, exc)
            raise SsoRefused(SsoError.PROVIDER_UNAVAILABLE, str(exc)) from exc
        if not isinstance(body, dict):
            raise SsoRefused(SsoError.PROVIDER_UNAVAILABLE, f"{url} is not a JSON object")
        return body


def _read_flow(cookie: str | None, signing_key: str) -> dict[str, Any] | None:
    if not cookie:
        return None
    try:
        flow: dict[str, Any] = jwt.decode(
            cookie,
            signing_key,
            algorithms=["HS256"],
            audience=_FLOW_AUDIENCE,
            options={"require": ["exp", "aud", "state", "nonce", "verifier"]},
        )
    except jwt.InvalidTokenError:
        return None
    return flow

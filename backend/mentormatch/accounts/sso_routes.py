"""The browser's side of single sign-on: /auth/oidc/start and /auth/oidc/callback (accounts.oidc),
and the session cookies every sign-in sets."""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

from litestar import Request, Response, get
from litestar.response import Redirect

from mentormatch.accounts import rate_limits, service
from mentormatch.accounts.oidc import (
    CALLBACK_PATH,
    FLOW_COOKIE,
    FLOW_COOKIE_PATH,
    FLOW_TTL,
    START_PATH,
    OidcClient,
    SsoError,
    SsoRefused,
)
from mentormatch.accounts.tokens import csrf_token
from mentormatch.errors import RateLimited
from mentormatch.graphql.context import CSRF_COOKIE, SESSION_COOKIE
from mentormatch.runtime import Resources
from mentormatch.settings import Settings

log = logging.getLogger(__name__)

_NO_STORE = {"Cache-Control": "no-store"}


def set_session_cookies(
    response: Response[Any], settings: Settings, signing_key: str, signed_in: service.SignedIn
) -> None:
    """A browser's sign-in: the session as an HttpOnly cookie, plus the CSRF token its pages must echo."""
    max_age = settings.session_ttl_hours * 3600
    secure = settings.secure_cookies
    response.set_cookie(
        SESSION_COOKIE, signed_in.token, max_age=max_age, httponly=True, samesite="lax", secure=secure
    )
    response.set_cookie(
        CSRF_COOKIE,
        csrf_token(signing_key, signed_in.session_id),
        max_age=max_age,
        httponly=False,
        samesite="strict",
        secure=secure,
    )


def session_ttl(settings: Settings) -> timedelta:
    return timedelta(hours=settings.session_ttl_hours)


def public_base_url(settings: Settings, request: Request[Any, Any, Any] | None) -> str:
    """The web app's address as users reach it: MENTORMATCH_PUBLIC_URL, else the request's own."""
    if settings.public_url:
        return settings.public_url.rstrip("/")
    return str(request.base_url).rstrip("/") if request is not None else ""


def _sso(request: Request[Any, Any, Any]) -> tuple[Resources, OidcClient, str]:
    """The process's resources, its provider client (SsoRefused NOT_CONFIGURED without one), and the
    redirect URI registered at the provider."""
    resources: Resources = request.app.state.resources
    if resources.sso is None:
        raise SsoRefused(SsoError.NOT_CONFIGURED)
    return resources, resources.sso, public_base_url(resources.settings, request) + CALLBACK_PATH


def _refused(code: SsoError) -> Redirect:
    response = Redirect(f"/signin?error={code.value}", headers=_NO_STORE)
    response.delete_cookie(FLOW_COOKIE, path=FLOW_COOKIE_PATH)
    return response


@get(START_PATH, include_in_schema=False, name="oidc_start")
async def oidc_start(request: Request[Any, Any, Any]) -> Redirect:
    """To the provider's sign-in, with a new state, nonce and PKCE verifier in the flow cookie."""
    try:
        resources, sso, redirect_uri = _sso(request)
        started = await sso.start(
            redirect_uri=redirect_uri,
            next_path=request.query_params.get("next"),
            signing_key=resources.signing_key,
        )
    except SsoRefused as refused:
        return _refused(refused.code)
    response = Redirect(started.authorization_url, headers=_NO_STORE)
    # Lax: the provider's redirect back is a top-level GET from its site, which must carry it.
    response.set_cookie(
        FLOW_COOKIE,
        started.flow_cookie,
        path=FLOW_COOKIE_PATH,
        max_age=int(FLOW_TTL.total_seconds()),
        httponly=True,
        samesite="lax",
        secure=resources.settings.secure_cookies,
    )
    return response


@get(CALLBACK_PATH, include_in_schema=False, name="oidc_callback")
async def oidc_callback(request: Request[Any, Any, Any]) -> Redirect:
    """The provider's answer: signed in and on to the web app, or back to /signin with the reason."""
    try:
        resources, sso, redirect_uri = _sso(request)
        settings = resources.settings
        # Counted like password sign-ins from the same address: each callback costs a call to the provider.
        limits = resources.limits
        async with resources.db.begin() as session:
            await rate_limits.count_attempt(
                session,
                limits.sign_in_per_address,
                rate_limits.connection_address(request, limits.trusted_proxies),
            )
        finished = await sso.finish(
            params=dict(request.query_params),
            flow_cookie=request.cookies.get(FLOW_COOKIE),
            redirect_uri=redirect_uri,
            signing_key=resources.signing_key,
        )
        signed_in = await service.sign_in_with_identity(
            resources.db,
            identity=finished.identity,
            allowed_domains=settings.oidc_allowed_domains,
            signing_key=resources.signing_key,
            ttl=session_ttl(settings),
        )
    except SsoRefused as refused:
        log.info("single sign-on refused: %s", refused)
        return _refused(refused.code)
    except RateLimited:
        return _refused(SsoError.RATE_LIMITED)
    response = Redirect(finished.next_path, headers=_NO_STORE)
    response.delete_cookie(FLOW_COOKIE, path=FLOW_COOKIE_PATH)
    set_session_cookies(response, settings, resources.signing_key, signed_in)
    return response


SSO_ROUTES = [oidc_start, oidc_callback]

"""HTTP-level protections: security headers on every response, CORS and allowed hosts from settings."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from litestar.config.allowed_hosts import AllowedHostsConfig
from litestar.config.cors import CORSConfig
from litestar.datastructures import MutableScopeHeaders
from litestar.types import Message, Scope

from mentormatch.settings import Settings

# The web app is one bundle from our own origin: scripts, styles, fonts and images from 'self' only,
# GraphQL over fetch and WebSocket to 'self'. React sets inline styles through the DOM, which a CSP
# does not restrict; nothing in the app is inline HTML, eval or a plugin.
CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)
# GraphiQL (development only) loads its bundle from a CDN and boots from an inline script, so
# development keeps only the clickjacking protection of the policy.
DEVELOPMENT_CONTENT_SECURITY_POLICY = "frame-ancestors 'none'"


def security_headers(settings: Settings) -> Callable[[Message, Scope], Awaitable[None]]:
    """A `before_send` hook adding the security headers to every HTTP response, errors included."""
    headers = {
        "Content-Security-Policy": (
            DEVELOPMENT_CONTENT_SECURITY_POLICY if settings.is_development else CONTENT_SECURITY_POLICY
        ),
        "X-Content-Type-Options": "nosniff",
        "X-Frame-Options": "DENY",
        "Referrer-Policy": "strict-origin-when-cross-origin",
        "Cross-Origin-Opener-Policy": "same-origin",
    }
    if settings.secure_cookies:
        # Served over HTTPS (the cookies say so): browsers keep to HTTPS for a year.
        headers["Strict-Transport-Security"] = "max-age=31536000"

    async def add_headers(message: Message, scope: Scope) -> None:
        if message["type"] == "http.response.start":
            response_headers = MutableScopeHeaders.from_message(message)
            for name, value in headers.items():
                response_headers[name] = value

    return add_headers


def cors_config(settings: Settings) -> CORSConfig | None:
    """CORS for the configured origins (credentials allowed: the browser sends the cookies); None
    when there are none, so no cross-origin page may call the API."""
    if not settings.cors_allowed_origins:
        return None
    return CORSConfig(
        allow_origins=settings.cors_allowed_origins,
        allow_methods=["GET", "POST", "OPTIONS"],
        allow_headers=["Content-Type", "Authorization", "X-CSRF-Token", "X-Request-ID"],
        allow_credentials=True,
        expose_headers=["X-Request-ID"],
        max_age=600,
    )


def allowed_hosts_config(settings: Settings) -> AllowedHostsConfig | None:
    """Refuse requests whose Host header is not one of the configured hosts (None: any host)."""
    if not settings.allowed_hosts or "*" in settings.allowed_hosts:
        return None
    return AllowedHostsConfig(allowed_hosts=settings.allowed_hosts)

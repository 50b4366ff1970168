"""Every knob of the platform, read from the environment (and an optional `.env`) once."""

from __future__ import annotations

import os
import secrets
from functools import lru_cache
from ipaddress import IPv4Network, IPv6Network, ip_network
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

REPO_ROOT = Path(__file__).resolve().parents[2]

Environment = Literal["development", "test", "production"]


class SettingsError(ValueError):
    """The environment describes an impossible configuration."""


_UNITS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_rate(value: str) -> tuple[int, int]:
    """A rate limit "COUNT/WINDOW" ("600/10m", "30/1d", "5/300") as (count, window in seconds)."""
    count, _, window = value.strip().partition("/")
    window = window.strip().lower()
    number, unit = (window[:-1], window[-1]) if window[-1:].isalpha() else (window, "")
    try:
        parsed = int(count), int(number) * _UNITS[unit]
    except (KeyError, ValueError):
        raise ValueError(
            f'{value!r} is not a rate like "600/10m" (COUNT/WINDOW, window in s, m, h or d)'
        ) from None
    if parsed[0] < 1 or parsed[1] < 1:
        raise ValueError(f"{value!r}: the count and the window must be positive")
    return parsed


def parse_networks(value: str) -> tuple[IPv4Network | IPv6Network, ...]:
    """Comma-separated addresses and CIDRs ("10.0.0.0/8, ::1") as networks."""
    return tuple(ip_network(part.strip(), strict=False) for part in value.split(",") if part.strip())


class Settings(BaseSettings):
    """Process configuration. Every field is an environment variable (name in `alias`)."""

    model_config = SettingsConfigDict(env_file=".env", extra="ignore", populate_by_name=True)

    env: Environment = Field("production", alias="MENTORMATCH_ENV")
    """`development` enables GraphiQL and a generated, persisted secret key."""

    database_url: str | None = Field(None, alias="DATABASE_URL")
    """postgresql+asyncpg URL of a PostgreSQL with pgvector. Unset: an embedded PostgreSQL is run."""

    database_replica_url: str | None = Field(None, alias="DATABASE_REPLICA_URL")
    """postgresql+asyncpg URL of a streaming (hot standby) replica of DATABASE_URL. Set: read-only work
    (matching, lists, analytics, exports) goes to it, everything else to the primary; unset: all to the
    primary."""

    replica_lag_check_seconds: float = Field(0.05, alias="MENTORMATCH_REPLICA_LAG_CHECK_SECONDS", ge=0)
    """How long the replica's replay position is reused before it is asked again (read your writes)."""

    replica_retry_seconds: float = Field(5.0, alias="MENTORMATCH_REPLICA_RETRY_SECONDS", gt=0)
    """After the replica fails, how long reads stay on the primary before the replica is tried again."""

    data_dir: Path = Field(Path(".data"), alias="MENTORMATCH_DATA_DIR")
    """Where the embedded PostgreSQL keeps its files (and the development secret key)."""

    embedding_model: str | None = Field(None, alias="EMBEDDING_MODEL")
    """A sentence-transformers model name or local path. Unset: the bundled all-MiniLM-L6-v2."""

    secret_key: str | None = Field(None, alias="SECRET_KEY")
    """Signs session tokens. Required outside development."""

    frontend_dir: Path = Field(REPO_ROOT / "frontend" / "dist", alias="MENTORMATCH_FRONTEND_DIR")
    """The built web app, served at `/`."""

    db_pool_size: int = Field(10, alias="MENTORMATCH_DB_POOL_SIZE", ge=1)
    """Connections per API process kept open."""

    db_max_overflow: int = Field(10, alias="MENTORMATCH_DB_MAX_OVERFLOW", ge=0)
    """Connections per API process opened beyond the pool in a burst (closed when returned)."""

    db_pool_timeout_seconds: float = Field(2.0, alias="MENTORMATCH_DB_POOL_TIMEOUT_SECONDS", gt=0)
    """How long a request waits for a free connection before it fails with SERVICE_UNAVAILABLE."""

    db_connect_timeout_seconds: float = Field(2.0, alias="MENTORMATCH_DB_CONNECT_TIMEOUT_SECONDS", gt=0)
    """How long opening a connection may take before the request fails with SERVICE_UNAVAILABLE."""

    db_statement_timeout_seconds: float = Field(15.0, alias="MENTORMATCH_DB_STATEMENT_TIMEOUT_SECONDS", ge=0)
    """PostgreSQL's statement_timeout on every API connection: a slower statement is cancelled
    (SERVICE_UNAVAILABLE). 0 turns it off."""

    embedding_queue_size: int = Field(256, alias="MENTORMATCH_EMBEDDING_QUEUE_SIZE", ge=1)
    """Most encode calls waiting for the model per process; one more fails with SERVICE_UNAVAILABLE."""

    shutdown_timeout_seconds: float = Field(20.0, alias="MENTORMATCH_SHUTDOWN_TIMEOUT_SECONDS", gt=0)
    """On SIGTERM/Ctrl-C, how long in-flight requests may take to finish before they are cut."""

    hnsw_ef_search: int = Field(100, alias="MENTORMATCH_HNSW_EF_SEARCH", ge=10, le=1000)
    """Candidate list of HNSW searches: higher finds more of the true nearest mentors, but slower."""

    embedding_batch_size: int = Field(64, alias="MENTORMATCH_EMBEDDING_BATCH_SIZE", ge=1)
    """Most texts encoded in one forward pass; concurrent requests are batched up to this."""

    embedding_backend: Literal["torch", "onnx", "onnx-int8"] = Field(
        "onnx", alias="MENTORMATCH_EMBEDDING_BACKEND"
    )
    """What runs the model: torch, or ONNX Runtime on an export of the same weights (fp32, or int8)."""

    import_upload_max_bytes: int = Field(2_000_000, alias="MENTORMATCH_IMPORT_UPLOAD_MAX_BYTES", ge=1)
    """Largest CSV file an admin may upload in the console (`importPeople`); bigger ones: the CLI."""

    import_upload_max_rows: int = Field(1000, alias="MENTORMATCH_IMPORT_UPLOAD_MAX_ROWS", ge=1)
    """Most rows of one console upload, so its import (embedding included) fits in a request."""

    embedding_threads: int | None = Field(None, alias="MENTORMATCH_EMBEDDING_THREADS", ge=0)
    """Threads of one ONNX Runtime forward pass (onnx backends); 0: one per core. Unset: the cores
    shared by the processes that encode (`encoder_threads`)."""

    embedding_cache_dir: Path | None = Field(None, alias="MENTORMATCH_EMBEDDING_CACHE_DIR")
    """Where the ONNX export is written once and reused. Unset: `<data dir>/onnx`."""

    def encoder_threads(self, processes: int = 1) -> int:
        """ONNX Runtime threads for each of `processes` processes encoding at once on this machine: the
        setting, else the cores divided among them (an import or one API process: every core;
        `serve --workers N`: cores / N each, so the workers do not fight over the cores)."""
        if self.embedding_threads is not None:
            return self.embedding_threads
        return max(1, len(os.sched_getaffinity(0)) // processes)

    @property
    def embedding_export_dir(self) -> Path:
        """The directory of the ONNX exports."""
        return self.embedding_cache_dir or self.data_dir / "onnx"

    session_ttl_hours: int = Field(24 * 7, alias="MENTORMATCH_SESSION_TTL_HOURS", ge=1)
    """How long a sign-in (token and cookie) stays valid."""

    cookie_secure: bool | None = Field(None, alias="MENTORMATCH_COOKIE_SECURE")
    """Send the session cookie over HTTPS only. Unset: yes, except in development."""

    notification_retention_days: int = Field(90, alias="MENTORMATCH_NOTIFICATION_RETENTION_DAYS", ge=1)
    """Read notifications are deleted this many days after they were read; unread ones are kept."""

    prune_interval_minutes: float = Field(60, alias="MENTORMATCH_PRUNE_INTERVAL_MINUTES", ge=0)
    """How often each API process deletes old rows (one process at a time); 0 turns the timer off
    (then run `mentormatch prune` yourself)."""

    log_level: str = Field("INFO", alias="MENTORMATCH_LOG_LEVEL")

    log_format: Literal["text", "json"] = Field("text", alias="MENTORMATCH_LOG_FORMAT")
    """`text`: one readable line per record; `json`: one JSON object per line (time, level, logger,
    message, requestId, operation, traceId, exception) for a log collector."""

    metrics_token: str | None = Field(None, alias="MENTORMATCH_METRICS_TOKEN", min_length=16)
    """The bearer token a scraper sends to GET /metrics. Unset: /metrics is open in development and
    absent (404) everywhere else."""

    otlp_endpoint: str | None = Field(None, alias="MENTORMATCH_OTLP_ENDPOINT")
    """Base URL of an OTLP/HTTP collector (http://collector:4318): traces go to `<url>/v1/traces`. Unset:
    OTEL_EXPORTER_OTLP_ENDPOINT; neither: no tracing."""

    otel_exporter_otlp_endpoint: str | None = Field(None, alias="OTEL_EXPORTER_OTLP_ENDPOINT")
    """OpenTelemetry's standard variable for the same base URL (MENTORMATCH_OTLP_ENDPOINT wins)."""

    otel_service_name: str = Field("mentormatch", alias="OTEL_SERVICE_NAME", min_length=1)
    """The `service.name` of the exported traces."""

    @field_validator("otlp_endpoint", "otel_exporter_otlp_endpoint")
    @classmethod
    def _http_url(cls, url: str | None) -> str | None:
        if not url:
            return None
        if not url.startswith(("http://", "https://")):
            raise ValueError("an OTLP endpoint must be an http:// or https:// URL (OTLP over HTTP)")
        return url.rstrip("/")

    @property
    def tracing_endpoint(self) -> str | None:
        """Where traces are sent (the OTLP/HTTP traces URL), or None when tracing is off."""
        base = self.otlp_endpoint or self.otel_exporter_otlp_endpoint
        return f"{base}/v1/traces" if base else None

    public_url: str | None = Field(None, alias="MENTORMATCH_PUBLIC_URL")
    """The web app's address as users reach it (https://mentoring.example.com), for the links the app
    hands out (password reset links). Unset: the address the admin's own request came to."""

    # Email (mail/): sent through SMTP from the outbox, in the background of every API process.
    smtp_host: str | None = Field(None, alias="MENTORMATCH_SMTP_HOST")
    """The SMTP server; unset, no email is sent (events still queue, pruned after a week, and none older
    than MENTORMATCH_EMAIL_MAX_AGE_HOURS is ever sent, so turning email on later sends no stale flood)."""

    smtp_port: int = Field(587, alias="MENTORMATCH_SMTP_PORT", ge=1, le=65535)

    smtp_security: Literal["starttls", "tls", "none"] = Field("starttls", alias="MENTORMATCH_SMTP_SECURITY")
    """`starttls` (upgrade a plain connection, port 587), `tls` (TLS from the start, port 465) or `none`
    (a relay on the same host or network only)."""

    smtp_username: str | None = Field(None, alias="MENTORMATCH_SMTP_USERNAME")
    smtp_password: str | None = Field(None, alias="MENTORMATCH_SMTP_PASSWORD")
    smtp_timeout_seconds: float = Field(30.0, alias="MENTORMATCH_SMTP_TIMEOUT_SECONDS", gt=0)

    email_from: str = Field("mentormatch <no-reply@mentormatch.invalid>", alias="MENTORMATCH_EMAIL_FROM")
    """The sender of every email (a name and an address your SMTP server may send as)."""

    email_poll_seconds: float = Field(5.0, alias="MENTORMATCH_EMAIL_POLL_SECONDS", gt=0)
    """How often each process looks for emails that are due."""

    email_retry_seconds: float = Field(60.0, alias="MENTORMATCH_EMAIL_RETRY_SECONDS", gt=0)
    """The first back-off after a failed attempt; it doubles each time, up to an hour."""

    email_max_attempts: int = Field(10, alias="MENTORMATCH_EMAIL_MAX_ATTEMPTS", ge=1)
    email_max_age_hours: float = Field(48.0, alias="MENTORMATCH_EMAIL_MAX_AGE_HOURS", gt=0)
    """An email still unsent this long after its event is abandoned: its news is stale."""

    email_digest_hour: int = Field(8, alias="MENTORMATCH_EMAIL_DIGEST_HOUR", ge=0, le=23)
    """The hour of the day, in each person's own time zone (UTC without one), of the daily digest."""

    request_expiry_reminder_hours: float = Field(
        24.0, alias="MENTORMATCH_REQUEST_EXPIRY_REMINDER_HOURS", ge=0
    )
    """A pending request this close to expiring reminds its recipient, once; 0 turns it off."""

    match_suggestions_after_days: float = Field(7.0, alias="MENTORMATCH_MATCH_SUGGESTIONS_AFTER_DAYS", ge=0)
    """A mentee still without a mentor this long after sign-up gets their best current
    recommendations by email, once; 0 turns it off."""

    reminder_interval_minutes: float = Field(10, alias="MENTORMATCH_REMINDER_INTERVAL_MINUTES", ge=0)
    """How often each process runs the duties time alone brings (one process at a time): requests expire,
    reminders and check-ins fall due, waiting mentees get suggestions; 0 turns the timer off."""

    password_signin: bool = Field(True, alias="MENTORMATCH_PASSWORD_SIGNIN")
    """Whether people may sign up and sign in with an email and password. Off: only single sign-on
    (which must then be configured); `register`, `login` and `resetPassword` answer
    PASSWORD_SIGN_IN_DISABLED."""

    # Single sign-on with the organisation's OpenID Connect provider (accounts/oidc.py): on when the
    # issuer and the client id are set.
    oidc_issuer: str | None = Field(None, alias="MENTORMATCH_OIDC_ISSUER")
    """The provider's issuer URL (https://login.example.com/realms/staff); its settings are read from
    `<issuer>/.well-known/openid-configuration`. Unset: no single sign-on."""

    oidc_client_id: str | None = Field(None, alias="MENTORMATCH_OIDC_CLIENT_ID")
    """The client id mentormatch was registered with at the provider."""

    oidc_client_secret: str | None = Field(None, alias="MENTORMATCH_OIDC_CLIENT_SECRET")
    """The client's secret (sent with HTTP Basic to the token endpoint). Unset: a public client, PKCE
    only."""

    oidc_allowed_domains: Annotated[list[str], NoDecode] = Field([], alias="MENTORMATCH_OIDC_ALLOWED_DOMAINS")
    """Email domains that may sign in through the provider (comma-separated, `example.com`). Empty:
    any verified email the provider vouches for."""

    oidc_display_name: str = Field("your organisation", alias="MENTORMATCH_OIDC_DISPLAY_NAME")
    """The organisation's name on the sign-in button ("Sign in with <name>")."""

    oidc_discovery_ttl_seconds: float = Field(3600, alias="MENTORMATCH_OIDC_DISCOVERY_TTL_SECONDS", gt=0)
    """How long the provider's discovery document and signing keys are reused before they are read
    again (an unknown key id reads the keys again at once)."""

    # Rate limits (see accounts/rate_limits.py): each is "COUNT/WINDOW", a window being seconds or a
    # number with s, m, h or d. Counted in PostgreSQL over a sliding window, so shared by every process.
    rate_limit_register_per_address: str = Field(
        "600/1h", alias="MENTORMATCH_RATE_LIMIT_REGISTER_PER_ADDRESS"
    )
    """Sign-ups from one client address: enough for a whole office behind one NAT address."""

    rate_limit_register_per_email: str = Field("10/1h", alias="MENTORMATCH_RATE_LIMIT_REGISTER_PER_EMAIL")
    """Sign-up attempts for one email address, from anywhere."""

    rate_limit_sign_in_per_address: str = Field("600/10m", alias="MENTORMATCH_RATE_LIMIT_SIGN_IN_PER_ADDRESS")
    """Sign-in attempts from one client address, whatever the email."""

    rate_limit_sign_in_failures_per_account: str = Field(
        "50/1h", alias="MENTORMATCH_RATE_LIMIT_SIGN_IN_FAILURES_PER_ACCOUNT"
    )
    """Failed sign-ins for one email from all addresses together (on top of the back-off)."""

    rate_limit_password_resets_per_address: str = Field(
        "60/1h", alias="MENTORMATCH_RATE_LIMIT_PASSWORD_RESETS_PER_ADDRESS"
    )
    """Forgotten-password emails asked for from one client address, whatever the email."""

    rate_limit_password_resets_per_email: str = Field(
        "5/1h", alias="MENTORMATCH_RATE_LIMIT_PASSWORD_RESETS_PER_EMAIL"
    )
    """Forgotten-password emails asked for one address (whether or not it has an account)."""

    rate_limit_requests_per_account: str = Field("30/1d", alias="MENTORMATCH_RATE_LIMIT_REQUESTS_PER_ACCOUNT")
    """Mentorship requests one participant sends."""

    rate_limit_invites_per_account: str = Field("30/1d", alias="MENTORMATCH_RATE_LIMIT_INVITES_PER_ACCOUNT")
    """Invitations one mentor sends."""

    rate_limit_reports_per_account: str = Field("20/1d", alias="MENTORMATCH_RATE_LIMIT_REPORTS_PER_ACCOUNT")
    """Reports of content one participant files."""

    rate_limit_check_ins_per_account: str = Field(
        "30/1d", alias="MENTORMATCH_RATE_LIMIT_CHECK_INS_PER_ACCOUNT"
    )
    """Check-ins (feedback) one participant submits."""

    rate_limit_session_logs_per_account: str = Field(
        "60/1d", alias="MENTORMATCH_RATE_LIMIT_SESSION_LOGS_PER_ACCOUNT"
    )
    """Meetings one participant logs."""

    trusted_proxies: str = Field("", alias="MENTORMATCH_TRUSTED_PROXIES")
    """Comma-separated addresses or CIDRs of the reverse proxies in front of the API; only from these
    is `X-Forwarded-For` believed. Empty: the peer address is the client."""

    @field_validator(
        "rate_limit_register_per_address",
        "rate_limit_register_per_email",
        "rate_limit_sign_in_per_address",
        "rate_limit_sign_in_failures_per_account",
        "rate_limit_password_resets_per_address",
        "rate_limit_password_resets_per_email",
        "rate_limit_requests_per_account",
        "rate_limit_invites_per_account",
        "rate_limit_reports_per_account",
        "rate_limit_check_ins_per_account",
        "rate_limit_session_logs_per_account",
    )
    @classmethod
    def _rate(cls, value: str) -> str:
        parse_rate(value)
        return value

    @field_validator("trusted_proxies")
    @classmethod
    def _proxies(cls, value: str) -> str:
        parse_networks(value)
        return value

    graphql_max_depth: int = Field(12, alias="MENTORMATCH_GRAPHQL_MAX_DEPTH", ge=1)
    """Deepest nesting of fields an operation may have."""

    graphql_max_aliases: int = Field(30, alias="MENTORMATCH_GRAPHQL_MAX_ALIASES", ge=0)
    """Most aliased fields in one document (aliases repeat a field under other names)."""

    graphql_max_tokens: int = Field(2000, alias="MENTORMATCH_GRAPHQL_MAX_TOKENS", ge=50)
    """Most tokens (names, punctuation, values) in one document; longer ones are not even parsed."""

    graphql_max_cost: int = Field(5000, alias="MENTORMATCH_GRAPHQL_MAX_COST", ge=1)
    """Budget of one operation: every object it may return costs 1, a page counts `first` (capped)
    times its items' cost, any other list 20 times (see the README's "Security controls")."""

    graphql_max_subscriptions: int = Field(5, alias="MENTORMATCH_GRAPHQL_MAX_SUBSCRIPTIONS", ge=1)
    """Live subscriptions one WebSocket connection may hold at once."""

    cors_allowed_origins: Annotated[list[str], NoDecode] = Field([], alias="MENTORMATCH_CORS_ALLOWED_ORIGINS")
    """Other origins whose pages may call the API with the user's cookies (comma-separated). Empty:
    none, the web app is served from the API's own origin."""

    allowed_hosts: Annotated[list[str], NoDecode] = Field(["*"], alias="MENTORMATCH_ALLOWED_HOSTS")
    """Host header values served (comma-separated; `*.example.com` matches subdomains). `*`: any."""

    @field_validator("oidc_allowed_domains", mode="after")
    @classmethod
    def _domains(cls, value: list[str]) -> list[str]:
        return [domain.lower().lstrip("@") for domain in value]

    @field_validator("cors_allowed_origins", "allowed_hosts", "oidc_allowed_domains", mode="before")
    @classmethod
    def _comma_separated(cls, value: object) -> object:
        if isinstance(value, str):
            return [part.strip() for part in value.split(",") if part.strip()]
        return value

    @field_validator("database_url")
    @classmethod
    def _asyncpg_scheme(cls, url: str | None) -> str | None:
        if not url:
            return None
        for prefix in ("postgresql://", "postgres://"):
            if url.startswith(prefix):
                return "postgresql+asyncpg://" + url[len(prefix) :]
        if not url.startswith("postgresql+asyncpg://"):
            raise ValueError("DATABASE_URL must be a postgresql:// or postgresql+asyncpg:// URL")
        return url

    @model_validator(mode="after")
    def _secret_outside_development(self) -> Settings:
        if not self.secret_key and self.env != "development":
            raise SettingsError("SECRET_KEY must be set when MENTORMATCH_ENV is not 'development'")
        return self

    @model_validator(mode="after")
    def _email_links_need_an_address(self) -> Settings:
        if self.smtp_host and not self.public_url and self.env != "development":
            raise SettingsError(
                "MENTORMATCH_PUBLIC_URL must be set when MENTORMATCH_SMTP_HOST is: emails link to the web app"
            )
        return self

    @model_validator(mode="after")
    def _sign_in_possible(self) -> Settings:
        if bool(self.oidc_issuer) != bool(self.oidc_client_id):
            raise SettingsError("MENTORMATCH_OIDC_ISSUER and MENTORMATCH_OIDC_CLIENT_ID go together")
        if self.oidc_issuer and self.env == "production" and not self.oidc_issuer.startswith("https://"):
            raise SettingsError("MENTORMATCH_OIDC_ISSUER must be an https:// URL in production")
        if not self.password_signin and not self.sso_enabled:
            raise SettingsError(
                "MENTORMATCH_PASSWORD_SIGNIN=false needs single sign-on (MENTORMATCH_OIDC_ISSUER and "
                "MENTORMATCH_OIDC_CLIENT_ID): nobody could sign in"
            )
        return self

    @property
    def email_enabled(self) -> bool:
        return bool(self.smtp_host)

    def email_public_url(self) -> str:
        """The web app's address in emails: MENTORMATCH_PUBLIC_URL, or the development server's."""
        return self.public_url or "http://127.0.0.1:8000"

    @property
    def sso_enabled(self) -> bool:
        """Single sign-on through the OpenID Connect provider is configured."""
        return bool(self.oidc_issuer and self.oidc_client_id)

    @property
    def hardened(self) -> bool:
        """No introspection, no suggestions in error messages: everywhere but development."""
        return not self.is_development

    @property
    def is_development(self) -> bool:
        return self.env == "development"

    @property
    def secure_cookies(self) -> bool:
        return self.cookie_secure if self.cookie_secure is not None else not self.is_development

    @property
    def uses_embedded_database(self) -> bool:
        return self.database_url is None

    def signing_key(self) -> str:
        """The token signing key; in development one is generated once and kept in the data dir."""
        if self.secret_key:
            return self.secret_key
        key_file = self.data_dir / "secret_key"
        if not key_file.exists():
            self.data_dir.mkdir(parents=True, exist_ok=True)
            try:
                descriptor = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            except FileExistsError:
                pass  # another process made it first; use theirs
            else:
                with os.fdopen(descriptor, "w") as handle:
                    handle.write(secrets.token_urlsafe(48))
        return key_file.read_text().strip()


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings, read from the environment on first use."""
    return Settings()

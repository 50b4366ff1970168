"""Every knob of the platform, read from the environment (and an optional `.env`) once."""

from __future__ import annotations

import os
import secrets
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

REPO_ROOT = Path(__file__).resolve().parents[2]

Environment = Literal["development", "test", "production"]


class SettingsError(ValueError):
    """The environment describes an impossible configuration."""


class Settings(BaseSettings):
    """Process configuration. Every field is an environment variable (name in `alias`)."""

    model_config = SettingsConfigDict(env_file=".env", extra="ignore", populate_by_name=True)

    env: Environment = Field("production", alias="MENTORMATCH_ENV")
    """`development` enables GraphiQL and a generated, persisted secret key."""

    database_url: str | None = Field(None, alias="DATABASE_URL")
    """postgresql+asyncpg URL of a PostgreSQL with pgvector. Unset: an embedded PostgreSQL is run."""

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

    public_url: str | None = Field(None, alias="MENTORMATCH_PUBLIC_URL")
    """The web app's address as users reach it (https://mentoring.example.com), for the links the app
    hands out (password reset links). Unset: the address the admin's own request came to."""

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

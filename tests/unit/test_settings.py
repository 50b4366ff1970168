"""Settings come from the environment, with clear refusals of impossible configurations."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from mentormatch.settings import Settings


def make(**values: object) -> Settings:
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]


def test_secret_key_is_required_outside_development() -> None:
    with pytest.raises(ValidationError, match="SECRET_KEY"):
        make(MENTORMATCH_ENV="production")
    assert make(MENTORMATCH_ENV="production", SECRET_KEY="s" * 40).secret_key


def test_development_generates_and_keeps_a_signing_key(tmp_path: Path) -> None:
    settings = make(MENTORMATCH_ENV="development", MENTORMATCH_DATA_DIR=str(tmp_path))
    key = settings.signing_key()
    assert len(key) > 40
    assert make(MENTORMATCH_ENV="development", MENTORMATCH_DATA_DIR=str(tmp_path)).signing_key() == key


def test_database_url_is_normalised_to_asyncpg() -> None:
    settings = make(MENTORMATCH_ENV="development", DATABASE_URL="postgresql://u:p@db:5432/app")
    assert settings.database_url == "postgresql+asyncpg://u:p@db:5432/app"
    assert not settings.uses_embedded_database
    with pytest.raises(ValidationError, match="DATABASE_URL"):
        make(MENTORMATCH_ENV="development", DATABASE_URL="mysql://u@db/app")


def test_embedded_database_when_no_url() -> None:
    assert make(MENTORMATCH_ENV="development").uses_embedded_database


def test_cookies_are_secure_except_in_development() -> None:
    assert make(MENTORMATCH_ENV="production", SECRET_KEY="k" * 40).secure_cookies
    assert not make(MENTORMATCH_ENV="development").secure_cookies


def test_encoder_threads_share_the_cores_among_the_processes_that_encode(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("os.sched_getaffinity", lambda pid: {0, 1, 2, 3})
    unset = make(SECRET_KEY="s" * 40)
    assert unset.encoder_threads() == 4  # an import, or one API process: every core
    assert unset.encoder_threads(2) == 2  # serve --workers 2: half each
    assert unset.encoder_threads(8) == 1  # never none
    assert make(SECRET_KEY="s" * 40, MENTORMATCH_EMBEDDING_THREADS="1").encoder_threads() == 1  # it wins


def test_single_sign_on_settings_are_checked_together() -> None:
    production = {"MENTORMATCH_ENV": "production", "SECRET_KEY": "s" * 40}
    assert not make(**production).sso_enabled
    with pytest.raises(ValidationError, match="go together"):
        make(**production, MENTORMATCH_OIDC_ISSUER="https://login.example.com")
    with pytest.raises(ValidationError, match="https"):
        make(
            **production, MENTORMATCH_OIDC_ISSUER="http://login.example.com", MENTORMATCH_OIDC_CLIENT_ID="mm"
        )
    with pytest.raises(ValidationError, match="nobody could sign in"):
        make(**production, MENTORMATCH_PASSWORD_SIGNIN="false")
    settings = make(
        **production,
        MENTORMATCH_OIDC_ISSUER="https://login.example.com",
        MENTORMATCH_OIDC_CLIENT_ID="mm",
        MENTORMATCH_OIDC_ALLOWED_DOMAINS=" Example.com, @staff.example.org ,",
        MENTORMATCH_PASSWORD_SIGNIN="false",
    )
    assert settings.sso_enabled and not settings.password_signin
    assert settings.oidc_allowed_domains == ["example.com", "staff.example.org"]
    # Plain HTTP to a provider only outside production (tests, a local provider).
    assert make(
        MENTORMATCH_ENV="test",
        SECRET_KEY="s" * 40,
        MENTORMATCH_OIDC_ISSUER="http://127.0.0.1:9400",
        MENTORMATCH_OIDC_CLIENT_ID="mm",
    ).sso_enabled


def test_monitoring_defaults_keep_text_logs_and_tracing_off() -> None:
    settings = make(MENTORMATCH_ENV="development")
    assert settings.log_format == "text"
    assert settings.metrics_token is None
    assert settings.tracing_endpoint is None
    with pytest.raises(ValidationError, match="MENTORMATCH_LOG_FORMAT"):
        make(MENTORMATCH_ENV="development", MENTORMATCH_LOG_FORMAT="xml")


def test_a_metrics_token_must_not_be_guessable() -> None:
    with pytest.raises(ValidationError, match="MENTORMATCH_METRICS_TOKEN"):
        make(MENTORMATCH_ENV="development", MENTORMATCH_METRICS_TOKEN="short")
    assert make(MENTORMATCH_ENV="development", MENTORMATCH_METRICS_TOKEN="t" * 16).metrics_token


def test_the_otlp_endpoint_is_a_base_url_and_ours_wins_over_the_standard_variable() -> None:
    standard = make(MENTORMATCH_ENV="development", OTEL_EXPORTER_OTLP_ENDPOINT="http://collector:4318/")
    assert standard.tracing_endpoint == "http://collector:4318/v1/traces"
    both = make(
        MENTORMATCH_ENV="development",
        OTEL_EXPORTER_OTLP_ENDPOINT="http://collector:4318",
        MENTORMATCH_OTLP_ENDPOINT="https://traces.example.com",
    )
    assert both.tracing_endpoint == "https://traces.example.com/v1/traces"
    with pytest.raises(ValidationError, match="http:// or https://"):
        make(MENTORMATCH_ENV="development", MENTORMATCH_OTLP_ENDPOINT="collector:4317")

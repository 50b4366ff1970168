"""The pure parts of the rate limits: rates from settings, the sliding window, and the client address."""

from __future__ import annotations

from ipaddress import ip_network
from pathlib import Path

import pytest

from mentormatch.accounts.rate_limits import Rule, client_address, retry_after, room_left
from mentormatch.settings import Settings, SettingsError, parse_networks, parse_rate
from tests.conftest import make_settings

PROXIES = (ip_network("10.0.0.0/8"), ip_network("2001:db8::/32"))


@pytest.mark.parametrize(
    ("rate", "parsed"),
    [("600/10m", (600, 600)), ("30/1d", (30, 86400)), ("5/300", (5, 300)), (" 2 / 1H ", (2, 3600))],
)
def test_rates_read_from_settings(rate: str, parsed: tuple[int, int]) -> None:
    assert parse_rate(rate) == parsed


@pytest.mark.parametrize("rate", ["600", "600/", "x/10m", "600/10w", "0/1h", "5/0s"])
def test_a_malformed_rate_is_refused_at_start_up(rate: str) -> None:
    with pytest.raises((ValueError, SettingsError)):
        make_settings("", MENTORMATCH_RATE_LIMIT_SIGN_IN_PER_ADDRESS=rate)


def test_a_malformed_proxy_list_is_refused_at_start_up() -> None:
    assert parse_networks(" 10.0.0.0/8, ::1 ") == (ip_network("10.0.0.0/8"), ip_network("::1/128"))
    with pytest.raises(ValueError):
        make_settings("", MENTORMATCH_TRUSTED_PROXIES="10.0.0.0/8, proxy.internal")


def test_the_previous_window_counts_for_the_part_that_still_overlaps() -> None:
    rule = Rule("t", limit=10, window_seconds=100)
    assert room_left(rule, previous=10, elapsed=0) == 0
    assert room_left(rule, previous=10, elapsed=70) == 7
    assert room_left(rule, previous=0, elapsed=1) == 10
    # A burst at the end of one window leaves no fresh allowance at the start of the next.
    assert room_left(rule, previous=10, elapsed=5) == 0


def test_retry_after_is_when_one_more_fits() -> None:
    rule = Rule("t", limit=10, window_seconds=100)
    # Full this window with nothing before: the start of the next window still sees all ten, so one
    # more fits once a tenth of them has slid out.
    assert retry_after(rule, previous=0, current=10, elapsed=40) == 60 + 10
    # Room in this window once the previous window's overlap shrinks: 10 * (1 - t/100) + 3 + 1 <= 10.
    assert retry_after(rule, previous=10, current=3, elapsed=20) == 40 - 20
    assert retry_after(Rule("t", limit=1, window_seconds=60), previous=0, current=1, elapsed=0) == 120


def test_the_peer_is_the_client_unless_it_is_a_trusted_proxy() -> None:
    # A client cannot pick its own address by sending the header straight to the API.
    assert client_address("203.0.113.9", ["198.51.100.1"], PROXIES) == "203.0.113.9"
    assert client_address("203.0.113.9", ["198.51.100.1"], ()) == "203.0.113.9"
    assert client_address(None, [], PROXIES) == "unknown"


def test_forwarded_for_is_read_from_the_right_skipping_trusted_hops() -> None:
    # The client wrote the left-most entry itself; the proxies appended the rest.
    assert client_address("10.0.0.2", ["6.6.6.6, 203.0.113.9, 10.0.0.1"], PROXIES) == "203.0.113.9"
    # Several headers are one list, in order.
    assert client_address("10.0.0.2", ["6.6.6.6", "203.0.113.9"], PROXIES) == "203.0.113.9"
    assert client_address("10.0.0.2", ["[2001:db9::5]:443"], PROXIES) == "2001:db9::5"
    assert client_address("10.0.0.2", ["203.0.113.9:5123"], PROXIES) == "203.0.113.9"
    # Every hop trusted: the left-most is as far as anyone vouches.
    assert client_address("10.0.0.2", ["10.0.0.7, 10.0.0.1"], PROXIES) == "10.0.0.7"
    # A trusted proxy without the header, or a garbled hop: the last address a proxy vouched for.
    assert client_address("10.0.0.2", [], PROXIES) == "10.0.0.2"
    assert client_address("10.0.0.2", ["203.0.113.9, garbage, 10.0.0.1"], PROXIES) == "10.0.0.1"


def test_every_rate_limit_setting_is_documented_with_its_default() -> None:
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    fields = {
        name: field
        for name, field in Settings.model_fields.items()
        if name.startswith(("rate_limit_", "trusted_"))
    }
    assert len(fields) == 12
    for field in fields.values():
        default = f"`{field.default}`" if field.default else "empty"
        assert f"| `{field.alias}` | {default} |" in readme, field.alias

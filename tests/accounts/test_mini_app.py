"""Telegram's launch data checked the way Telegram documents it: the HMAC over the sorted
fields with a key derived from the bot token, and the age of `auth_date`."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qsl, urlencode

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.accounts.mini_app import INIT_DATA_MAX_AGE, verify_init_data
from core.errors import Invalid, Unauthorized
from tests.helpers.mini_app import signed_init_data

BOT = "123456:TEST-bot-token"
# Fixed when the module is imported: every launch here is dated relative to it, never to the
# clock when the test runs (which may be minutes later in a long session).
NOW = datetime.now(UTC)


def _at(moment: datetime) -> int:
    return int(moment.timestamp())


def test_a_signed_fresh_launch_names_the_user() -> None:
    launch = signed_init_data(BOT, user_id=42, first_name="Jo", auth_date=_at(NOW))
    identity = verify_init_data(launch, BOT, NOW)
    assert identity.user_id == 42 and identity.chat_id == 42
    assert identity.first_name == "Jo" and identity.username == "greta"
    assert identity.language_code == "de"


def test_a_known_vector_from_the_documented_algorithm() -> None:
    """Computed independently of init_data_hash: HMAC(HMAC("WebAppData", token), lines)."""
    import hashlib
    import hmac

    fields = {"auth_date": str(_at(NOW)), "user": '{"id":5,"first_name":"A"}', "b": "x"}
    lines = "\n".join(f"{k}={fields[k]}" for k in ("auth_date", "b", "user"))
    secret = hmac.new(b"WebAppData", BOT.encode(), hashlib.sha256).digest()
    fields["hash"] = hmac.new(secret, lines.encode(), hashlib.sha256).hexdigest()
    assert verify_init_data(urlencode(fields), BOT, NOW).user_id == 5


@pytest.mark.parametrize(
    ("init_data", "reason"),
    [
        (signed_init_data("999:another-bot"), "not signed by this bot"),
        (signed_init_data(BOT).replace("777001", "777002"), "not signed by this bot"),
        (
            urlencode([(k, v) for k, v in parse_qsl(signed_init_data(BOT)) if k != "hash"]),
            "not signed",
        ),
        (
            signed_init_data(BOT, auth_date=_at(NOW - INIT_DATA_MAX_AGE - timedelta(seconds=5))),
            "expired",
        ),
        (signed_init_data(BOT, auth_date=_at(NOW + timedelta(hours=1))), "future"),
    ],
    ids=["other-bot", "tampered", "no-hash", "stale", "future"],
)
def test_refused_launch_data_says_why(init_data: str, reason: str) -> None:
    with pytest.raises(Unauthorized, match=reason):
        verify_init_data(init_data, BOT, NOW)


def test_just_inside_the_age_limit_is_accepted() -> None:
    fresh = signed_init_data(BOT, auth_date=_at(NOW - INIT_DATA_MAX_AGE + timedelta(seconds=5)))
    assert verify_init_data(fresh, BOT, NOW).user_id == 777001


@pytest.mark.parametrize(
    "init_data",
    ["", "no pairs here", "a=1&a=2&hash=x", "x" * 5000],
    ids=["empty", "not-pairs", "duplicate", "too-long"],
)
def test_malformed_launch_data_is_invalid(init_data: str) -> None:
    with pytest.raises(Invalid):
        verify_init_data(init_data, BOT, NOW)


def test_signed_data_without_a_user_is_invalid() -> None:
    from core.accounts.mini_app import init_data_hash

    fields = {"auth_date": str(_at(NOW))}
    fields["hash"] = init_data_hash(fields, BOT)
    with pytest.raises(Invalid, match="no Telegram user"):
        verify_init_data(urlencode(fields), BOT, NOW)


@given(st.text(max_size=300))
def test_any_text_is_refused_or_invalid_never_a_crash(init_data: str) -> None:
    with pytest.raises((Invalid, Unauthorized)):
        verify_init_data(init_data, BOT, NOW)

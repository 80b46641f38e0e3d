"""Telegram Mini App launch data (initData) signed the way Telegram signs it, for tests."""

from __future__ import annotations

import json
import time
from typing import Any
from urllib.parse import urlencode

from core.accounts.mini_app import init_data_hash


def signed_init_data(
    bot_token: str,
    user_id: int = 777001,
    first_name: str = "Greta",
    auth_date: int | None = None,
    **extra: Any,
) -> str:
    """initData for this Telegram user, signed for the bot with `bot_token`."""
    fields = {
        "query_id": "AAE-test",
        "user": json.dumps(
            {"id": user_id, "first_name": first_name, "username": "greta", "language_code": "de"},
            separators=(",", ":"),
        ),
        "auth_date": str(int(time.time()) if auth_date is None else auth_date),
        **{key: str(value) for key, value in extra.items()},
    }
    fields["hash"] = init_data_hash(fields, bot_token)
    return urlencode(fields)

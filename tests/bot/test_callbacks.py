"""One callback-data format for every drill's buttons, and one reader of it."""

from __future__ import annotations

import pytest

from bot.callbacks import DrillCallback, pack, pack_drill, unpack_drill


def test_a_drill_press_round_trips() -> None:
    assert pack_drill("quiz", "a", 12, 3, "4.1") == "v1:qz:a:12.3.4.1"
    assert unpack_drill("quiz", "v1:qz:a:12.3.4.1") == DrillCallback("a", 12, 3, "4.1")
    assert unpack_drill("review", pack_drill("review", "show", 7, 0)) == DrillCallback("show", 7, 0)
    assert unpack_drill("articles", pack_drill("articles", "a", 5, 2, "der")) == DrillCallback(
        "a", 5, 2, "der"
    )


@pytest.mark.parametrize(
    "data",
    [
        None,
        "",
        "v0:qz:a:1.0.0.0",  # another format version
        "v1:ar:a:1.0.der",  # another drill's button
        pack("qz", "zz"),  # no session
        pack("qz", "a", "1"),  # no version
        pack("qz", "a", "1.x"),
        pack("qz", "a", "-1.0"),
        pack("qz", "a", "١.0"),  # not ASCII digits
    ],
)
def test_malformed_data_is_not_a_press(data: str | None) -> None:
    assert unpack_drill("quiz", data) is None


def test_drill_buttons_fit_telegrams_limit() -> None:
    assert len(pack_drill("quiz", "a", 2**63 - 1, 2**31 - 1, "999.9").encode()) <= 64

"""Messages about the learner's account that jobs send."""

from __future__ import annotations

from bot.render.message import Rendered


def password_reset_code(code: str, minutes: int) -> Rendered:
    return Rendered(
        f"🔑 Your code to reset your password: <code>{code}</code>\n\n"
        f"Enter it where you asked for it, with your email and a new password, within "
        f"{minutes} minutes. "
        "It works once. If you did not ask for it, ignore this message: your password "
        "stays as it is."
    )

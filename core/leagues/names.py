"""How a learner appears to others: the display name they chose, or a pseudonym."""

from __future__ import annotations

from pydantic import TypeAdapter, ValidationError

from core.constrained import ChosenDisplayName
from core.errors import Invalid

_CHOSEN_NAME: TypeAdapter[str] = TypeAdapter(ChosenDisplayName)


def checked_display_name(value: str) -> str:
    """The name as it will be stored, or Invalid with the reason (the bot's /name)."""
    try:
        return _CHOSEN_NAME.validate_python(value)
    except ValidationError as exc:
        error = exc.errors()[0]
        if error["type"] == "string_too_long":
            reason = "it is longer than 80 characters"
        elif error["type"] == "string_too_short":
            reason = "it is empty"
        else:
            reason = "it " + str(error["msg"]).removeprefix("Value error, ")
        raise Invalid(f"That name can't be used: {reason}.") from exc


def pseudonym(number: int) -> str:
    return f"Learner {number}"


def public_name(display_name: str, chosen: bool, pseudonym_number: int) -> str:
    """What others see: the chosen display name, else "Learner 4821" (a random number)."""
    return display_name if chosen and display_name else pseudonym(pseudonym_number)

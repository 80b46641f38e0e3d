"""Feedback for an accepted answer with slips: which slip, in which word."""

from __future__ import annotations

from core.answers.tokens import Word
from core.answers.verdicts import Issue, Mode, ordered, show


def typo_feedback(
    issues: set[Issue],
    first_word_with: dict[Issue, int],
    target: str,
    g_shown: list[Word],
    t_shown: list[Word],
    mode: Mode,
) -> tuple[tuple[Issue, ...], str, str]:
    """The issues in order, the feedback and the reason alone: one hint per slip (the whole
    answer when there are more than two); `first_word_with` gives the word each issue was
    found in first."""
    issues_in_order = ordered(issues)
    hints: list[str] = []
    for issue in issues_in_order:
        i = first_word_with.get(issue)
        if i is None:
            hint = {
                "punctuation": f"Mind the punctuation: {show(target)}",
                "whitespace": f"Mind the spacing: {show(target)}",
            }.get(issue, f"The exact form is: {show(target)}")
            hints.append(hint)
            continue
        wrote, right = g_shown[i].raw, t_shown[i].raw
        if issue == "umlaut" and first_word_with.get("eszett") == i:
            hints.append(f"Mind the umlaut and the \u00df: {right}, not {wrote}.")
        elif issue == "eszett" and first_word_with.get("umlaut") == i:
            continue
        elif issue == "umlaut":
            hints.append(f"Mind the umlaut: {right}, not {wrote}.")
        elif issue == "eszett":
            hints.append(f"Mind the \u00df: {right}, not {wrote}.")
        elif issue == "spelling":
            hints.append(f"Watch the spelling: {right}, not {wrote}.")
        elif (
            right[:1].isupper()
            and wrote[:1].islower()
            and (mode == "word" or not t_shown[i].sentence_start)
        ):
            hints.append(f"German nouns and names take a capital: {right}, not {wrote}.")
        else:
            hints.append(f"Mind the capitals: {right}, not {wrote}.")
    unique = list(dict.fromkeys(hints))
    reason = f"The exact form is: {show(target)}" if len(unique) > 2 else " ".join(unique)
    return issues_in_order, f"Almost! {reason}", reason

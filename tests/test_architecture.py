"""The shape DESIGN.md asks for, measured on the source: adapters hold no SQL and no
transactions of their own, and bot handlers stay short (parse → one core call → render)."""

from __future__ import annotations

import ast
import re
import statistics
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ADAPTER_DIRS = ("bot/handlers", "jobs/tasks", "api/routes")
SQL_IN_ADAPTERS = re.compile(r"select\(|session\.(get|execute|scalar)|unit_of_work")
MAX_HANDLER_LINES = 25
MAX_MEDIAN_HANDLER_LINES = 6


def _sources(*dirs: str) -> list[Path]:
    return sorted(path for d in dirs for path in (ROOT / d).rglob("*.py"))


def test_adapters_hold_no_sql_and_open_no_unit_of_work() -> None:
    found = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for path in _sources(*ADAPTER_DIRS)
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if SQL_IN_ADAPTERS.search(line)
    ]
    assert found == []


def _body_lines(function: ast.AsyncFunctionDef) -> int:
    """Lines of code in the body, without the docstring."""
    body = function.body
    if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
        body = body[1:]
    return sum((node.end_lineno or node.lineno) - node.lineno + 1 for node in body)


def _handlers() -> dict[str, int]:
    """Every coroutine in bot/handlers that takes (update, context): its body length."""
    sizes: dict[str, int] = {}
    for path in _sources("bot/handlers"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.AsyncFunctionDef):
                names = [a.arg for a in node.args.args[:2]]
                if names == ["update", "context"]:
                    sizes[f"{path.stem}.{node.name}"] = _body_lines(node)
    return sizes


def test_bot_handlers_are_short() -> None:
    sizes = _handlers()
    assert len(sizes) >= 10
    too_long = {name: lines for name, lines in sizes.items() if lines > MAX_HANDLER_LINES}
    assert too_long == {}
    assert statistics.median(sizes.values()) <= MAX_MEDIAN_HANDLER_LINES, sorted(
        sizes.items(), key=lambda item: -item[1]
    )

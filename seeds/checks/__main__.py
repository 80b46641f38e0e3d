"""`python -m seeds.checks`: every check on the content, every problem listed."""

from __future__ import annotations

import sys

from seeds.catalog import load_catalog
from seeds.checks import CHECKS


def main() -> int:
    catalog = load_catalog(allow_duplicates=True)
    total = 0
    for name, check in CHECKS.items():
        problems = check(catalog)
        total += len(problems)
        print(f"== {name}: {len(problems)} problem(s)")
        for problem in problems:
            print(f"  {problem}")
    print(f"{total} problem(s) in all")
    return 1 if total else 0


if __name__ == "__main__":
    sys.exit(main())

"""What one cell of a crossed table is: a value or a label, a header that is a period, a column not read."""

from __future__ import annotations

import re
from datetime import date, datetime

from loaders.domain.sources import IGNORED_COLUMNS, NOT_KEPT
from loaders.tables.columns import is_blank
from loaders.values.numbers import NotANumber, parse_number
from loaders.values.periods import parse_period, periods_in_text
from loaders.values.textnorm import normalize


def is_value(cell: object) -> bool:
    """Return True for a count or a secret marker (« s.s », « nd », « < 5 »), not for a label."""
    if isinstance(cell, bool | datetime | date):
        return False
    if isinstance(cell, int | float):
        return cell == cell
    if not isinstance(cell, str) or not cell.strip() or len(cell.strip()) > 12:
        return False
    try:
        value, flag = parse_number(cell)
    except NotANumber:
        return False
    return value is not None or flag is not None


def header_sequence(cells: list[object]) -> bool:
    """Return True when bare numbers are headers: years or Excel dates at a regular step (2019, 2020, 2021)."""
    numbers = [float(c) for c in cells if isinstance(c, int | float) and not isinstance(c, bool) and c == c]
    if len(numbers) < 2 or len(numbers) != len([c for c in cells if not is_blank(c)]):
        return False
    steps = {round(b - a) for a, b in zip(numbers, numbers[1:])}
    years = all(n.is_integer() and 1990 <= n <= 2100 for n in numbers) and steps == {1}
    serial = all(n.is_integer() and 32874 <= n <= 73051 for n in numbers) and steps <= set(range(28, 32)) | set(
        range(89, 93))
    return years or serial


def column_part(cell: object) -> tuple[object | None, str]:
    """Split a header part into the period it names (if any) and the rest of its text."""
    if is_blank(cell):
        return None, ""
    if isinstance(cell, datetime | date) or (isinstance(cell, int | float) and parse_period(cell) is not None):
        return cell, ""
    whole = parse_period(cell)
    if whole is not None:
        return cell, ""
    found = periods_in_text(cell)
    if len(found) == 1:
        period, words = found[0]
        return period.code, " ".join(normalize(cell).replace(words, " ").split())
    return None, str(cell)


def ignored(text: str) -> str | None:
    """Return why a column is not read: a breakdown the dashboard does not keep, or shares, rates, changes."""
    norm = f" {normalize(text)} "
    for kept in NOT_KEPT:
        if any(f" {w} " in norm for w in kept.spellings) or (kept.band and re.search(kept.band, norm)):
            return kept.label
    if any(f" {w} " in norm for w in IGNORED_COLUMNS) or "%" in text:
        return "parts, taux ou évolutions"
    return None

"""Parsing numbers as French statistical tables write them, and recognising secret cells."""

from __future__ import annotations

import math
import re

from loaders.domain.schema import SECRET

SECRET_MARKERS = {"s", "nd", "n d", "ns", "n s", "secret", "c", "x", "///", "...", "..", "-", "–", "—",
                  "nc", "n c", "so", "s s", "ss", "*", "**"}
_BELOW = re.compile(r"^<\s*=?\s*\d+$")
_SPACES = re.compile(r"[\s\u00a0\u202f\u2009\u2007']")
_DOTTED_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(\.\d{3})+,\d+$")  # 1.234,5 — the only mixed form read
_NUMBER = re.compile(r"^[+-]?(\d+([.,]\d*)?|[.,]\d+)(e[+-]?\d+)?$", re.IGNORECASE)


class NotANumber(ValueError):
    """The cell holds text that is neither a number nor a secret marker."""


class AmbiguousNumber(NotANumber):
    """Several decimal points or group separators (« 1.234.567 », « 1,234.5 »): no reading is certain."""


class NotFinite(NotANumber):
    """A number too large to be a count, or an infinity (« 1e400 », « inf »)."""


def parse_number(cell: object) -> tuple[float | None, str | None]:
    """Return (value, flag): a number and None, or None and SECRET for secret/missing cells."""
    if cell is None or isinstance(cell, bool):
        return None, SECRET
    if isinstance(cell, int | float):
        if cell != cell:
            return None, SECRET
        if not math.isfinite(cell):
            raise NotFinite(str(cell))
        return float(cell), None
    text = str(cell).strip()
    if not text:
        return None, SECRET
    lowered = text.lower().replace(".", " ").strip() if len(text) <= 4 else text.lower()
    if text.lower() in SECRET_MARKERS or lowered in SECRET_MARKERS or _BELOW.match(text):
        return None, SECRET
    compact = _SPACES.sub("", text).replace("%", "").replace("\u2212", "-")
    if "," in compact and "." in compact:
        if not _DOTTED_THOUSANDS.match(compact):
            raise AmbiguousNumber(text)
        compact = compact.replace(".", "")  # 1.234,5
    elif compact.count(",") > 1 or compact.count(".") > 1:
        raise AmbiguousNumber(text)
    compact = compact.replace(",", ".")
    if compact.lower().lstrip("+-") in ("inf", "infinity", "infini"):
        raise NotFinite(text)
    if not _NUMBER.match(compact):
        raise NotANumber(text)
    value = float(compact)
    if not math.isfinite(value):
        raise NotFinite(text)
    return value, None


def french_count(value: float) -> str:
    """Return a count as French text: whole, thousands separated by a thin space (« 149 298 »)."""
    return f"{value:,.0f}".replace(",", "\u202f")


def french_decimal(value: float, spec: str = ".1f") -> str:
    """Return a number as French text with a decimal comma, formatted by `spec` (« 60,2 », « 2,5 »)."""
    return format(value, spec).replace(".", ",")

"""Reading meaning out of header and title text: indicators, breakdown values, raw or adjusted."""

from __future__ import annotations

import re

from loaders.domain.schema import TOTAL
from loaders.domain.sources import ADJUSTMENT, TOTAL_WORDS, Dimension, Source
from loaders.tables.columns import is_blank
from loaders.values.textnorm import normalize

_TOTALS = {normalize(w) for w in TOTAL_WORDS}


def dimension_value(dimension: Dimension, cell: object) -> str | None:
    """Return the canonical value of a breakdown cell, TOTAL for totals, None when unrecognised."""
    text = normalize(cell)
    if not text or text in _TOTALS or text.startswith(("ensemble ", "total ", "tous ", "toutes ")):
        return dimension.total if text else TOTAL
    found = _spellings(dimension).get(text)
    if found:
        return found
    if dimension.free:
        return str(cell).strip().upper() if len(text) <= 6 else str(cell).strip()
    return None


_SPELLINGS: dict[str, dict[str, str]] = {}


def _spellings(dimension: Dimension) -> dict[str, str]:
    if dimension.name not in _SPELLINGS:
        table = {}
        for canonical, spellings in dimension.values.items():
            table[normalize(canonical)] = canonical
            table.update({normalize(s): canonical for s in spellings})
        _SPELLINGS[dimension.name] = table
    return _SPELLINGS[dimension.name]


def _contains(text: str, phrase: str) -> bool:
    return re.search(rf"(^| ){re.escape(phrase)}( |$)", text) is not None


def read_text(text: object, source: Source) -> tuple[str | None, dict[str, str]]:
    """Return the indicator and breakdown values that a header or title names, if any."""
    norm = normalize(text)
    indicator = None
    best = 0
    for candidate in source.indicators:
        for synonym in candidate.synonyms:
            phrase = normalize(synonym)
            if len(phrase) > best and _contains(norm, phrase):
                indicator, best = candidate.code, len(phrase)
    values = {}
    for dimension in (*source.dimensions, ADJUSTMENT):
        found = [(len(s), canonical) for canonical, spellings in dimension.values.items()
                 for s in map(normalize, spellings) if len(s) >= 4 and _contains(norm, s)]
        if found:  # the longest: « de 6 mois a moins d un an » is a band, not « moins d un an »
            values[dimension.name] = max(found, key=lambda f: f[0])[1]
    return indicator, values


WORKBOOK_INDICATOR = "_indicator"  # the indicator every other sheet of a workbook names, as context


def generic_only(text: object, source: Source) -> bool:
    """Return True when a header names the source only in general words (« Offres au T3 2025 »)."""
    norm = normalize(text)
    specific = [normalize(s) for i in source.indicators for s in i.synonyms if normalize(s) not in source.generic]
    return not any(_contains(norm, s) for s in specific)


def workbook_indicator(tables, source: Source) -> str | None:
    """Return the one indicator the tables of a workbook name in their headers or titles, if only one."""
    named = set()
    for table in tables:
        texts = {table.title + " " + table.sheet}
        for column in ("header", "value_header"):
            if column in table.cells:
                texts |= {str(h) for h in table.cells[column].dropna().unique()}
        for text in texts:
            found = read_text(text, source)[0]
            if found and not generic_only(text, source):  # « Nombre d'offres » names no indicator
                named.add(found)
    return named.pop() if len(named) == 1 else None


def title_text(rows: list[list[object]], upto: int) -> str:
    """Return the text of the title rows above a header, joined."""
    cells = [str(c) for row in rows[:upto] for c in row if not is_blank(c) and isinstance(c, str)]
    return " ".join(cells)


# What a title line or a sheet name says of a whole table's values when they are not counts: a unit said once
# applies to every column under it. A line is read as a unit when it starts so (« Taux de chômage… », « en % »),
# not when a note mentions the word (« pour réaliser des taux d'évolution… »).
NOT_COUNTS = {"taux": "taux", "tx": "taux", "txcho": "taux", "part": "parts", "parts": "parts", "indice": "indices",
              "indices": "indices", "evolution": "évolutions", "evolutions": "évolutions", "variation": "évolutions",
              "pourcentage": "pourcentages", "pourcentages": "pourcentages", "ratio": "ratios"}
PERCENT = re.compile(r"^\(?\s*(?:en\s*|unit[ée]\s*:?\s*)?%\s*\)?$|\(\s*en\s*%\s*\)|\ben\s*%", re.IGNORECASE)


def stated_unit(rows: list[list[object]], sheet_name: str) -> tuple[str, str] | None:
    """Return (the words, what the values are) when the title lines or the sheet name say they are not counts."""
    lines = [str(c).strip() for row in rows for c in row if isinstance(c, str) and c.strip()]
    for line in lines:
        if PERCENT.search(line):
            return line, "pourcentages"
    for line in [*lines, sheet_name]:
        first = normalize(line).replace("_", " ").split()[:1]
        if first and first[0] in NOT_COUNTS:
            return line, NOT_COUNTS[first[0]]
    return None


def source_score(source: Source, header_roles: set[str], title: str) -> int:
    """Score how likely a table belongs to a source, from its headers and its titles."""
    codes = {i.code for i in source.indicators}
    dims = {d.name for d in source.dimensions}
    score = 3 * len(header_roles & codes) + len(header_roles & dims)
    norm = _fold(normalize(title))
    score += sum(1 for k in source.keywords if _contains(norm, _fold(normalize(k))))
    return score


def _fold(text: str) -> str:
    """Drop the plural « s » of long words, so that « offres » matches « offre »."""
    return " ".join(w[:-1] if len(w) > 3 and w.endswith("s") else w for w in text.split())

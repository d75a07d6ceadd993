"""Finding the table in a sheet, whatever its layout, and laying its cells out as one long list.

Long layout (one row per observation)::

    Date | Code zone d'emploi | Zone d'emploi | Catégorie | Sexe | … | Nombre de demandeurs d'emploi

Wide layout (territories in rows, periods in columns, optional indicator row above)::

    Demandeurs d'emploi de catégorie A …          ← titles
                  | Demandeurs d'emploi (merged)   ← optional indicator row
    Zone d'emploi | T1 2020 | T2 2020 | …          ← period row
    Cholet        | 4 415   | 5 230   | …
    Source : …                                     ← notes
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from loaders.columns import HEADER_SCAN_ROWS, Role, assign_roles, find_header, is_blank, match_score
from loaders.errors import column_letter
from loaders.geocodes import LEVELS, geo_roles
from loaders.headers import title_text
from loaders.periods import parse_period
from loaders.reading import Sheet
from loaders.sources import ADJUSTMENT, SOURCES
from loaders.textnorm import normalize

PERIOD = Role("period", ("date", "periode", "mois", "trimestre", "annee", "di mois annee", "mois annee",
                         "date de reference", "periode de reference"))
INDICATOR_COLUMN = Role("indicator", ("indicateur", "code indicateur", "nom de l indicateur"))
VALUE_COLUMN = Role("value", ("valeur", "value", "nombre", "effectif"))
NOTE_STARTS = ("source", "note", "champ", "lecture", "*", "(", "nd ", "n d ", "s ", "secret", "donnees")


@dataclass
class Table:
    """One table found in a sheet, its cells in long form (one row per value cell)."""

    sheet: str
    layout: str
    header_row: int
    title: str
    roles: set[str]
    cells: pd.DataFrame
    stray_columns: dict[str, object] = field(default_factory=dict)


def all_roles() -> list[Role]:
    """Return every header role: territories, period, adjustment, indicators and breakdowns of all sources."""
    roles = [*geo_roles(), PERIOD, Role("adjustment", ADJUSTMENT.synonyms), INDICATOR_COLUMN, VALUE_COLUMN]
    seen = set()
    for source in SOURCES.values():
        for role in source.roles():
            if role.name not in seen:
                seen.add(role.name)
                roles.append(role)
    return roles


def _indicator_roles() -> set[str]:
    return {i.code for s in SOURCES.values() for i in s.indicators}


def find_tables(sheet: Sheet) -> list[Table]:
    """Return the table of a sheet (long layout first, then wide), or nothing."""
    table = find_long(sheet) or find_wide(sheet)
    return [table] if table else []


def find_long(sheet: Sheet) -> Table | None:
    """Find a long table: a header naming a territory or period column and value columns."""
    indicators = _indicator_roles()

    def usable(roles: set[str]) -> bool:
        has_values = bool(roles & indicators) or {"indicator", "value"} <= roles
        has_key = any(r.startswith(("code:", "name:")) for r in roles) or "period" in roles
        return has_values and has_key

    found = find_header(sheet.rows, all_roles(), usable)
    if found is None:
        return None
    header_row, columns = found
    frame = _body(sheet, header_row, [c for r, c in columns.items() if r in indicators or r == "value"])
    period_col = columns.get("period")
    exact = period_col is not None and match_score(sheet.rows[header_row][period_col], PERIOD) == 100
    if period_col is not None and not exact and not frame.empty and not _holds_periods(frame, period_col):
        return None
    if frame.empty:
        return Table(sheet.name, "long", header_row, title_text(sheet.rows, header_row), set(columns),
                     pd.DataFrame())
    value_columns = {r: c for r, c in columns.items() if r in indicators}
    if {"indicator", "value"} <= set(columns):
        value_columns = {"?": columns["value"]}
    parts = []
    for indicator, col in value_columns.items():
        part = pd.DataFrame({"row": frame.index + 1, "value": frame[col], "value_col": column_letter(col),
                             "indicator": frame[columns["indicator"]] if indicator == "?" else indicator})
        for role, source_col in columns.items():
            if role not in indicators and role not in ("indicator", "value"):
                part[role] = frame[source_col]
                part[role + "@col"] = column_letter(source_col)
        parts.append(part)
    cells = pd.concat(parts, ignore_index=True)
    return Table(sheet.name, "long", header_row, title_text(sheet.rows, header_row), set(columns), cells)


def _holds_periods(frame: pd.DataFrame, col: int) -> bool:
    """Return True when most of the first values of a column are periods."""
    sample = [v for v in frame[col].head(30) if not is_blank(v)] if col in frame else []
    return bool(sample) and sum(parse_period(v, allow_serial=True) is not None for v in sample) >= len(sample) / 2


def _body(sheet: Sheet, header_row: int, value_cols: list[int] | None = None) -> pd.DataFrame:
    """Return the rows under a header as a frame indexed by 0-based sheet row, without notes or blanks.

    A note is a row whose only filled cell is text (« Source : … », « * … », a sentence of caveats).
    """
    rows = sheet.rows[header_row + 1:]
    width = max((len(r) for r in sheet.rows[: header_row + 1 + 50]), default=0)
    width = max(width, max((len(r) for r in rows), default=0))
    frame = pd.DataFrame([r + [""] * (width - len(r)) if len(r) < width else r for r in rows],
                         index=range(header_row + 1, header_row + 1 + len(rows)), columns=range(width), dtype=object)
    if frame.empty:
        return frame
    filled = pd.DataFrame({c: ~_blank(frame[c]) for c in frame.columns})
    counts = filled.sum(axis=1)
    keep = counts > 0
    for index in counts.index[counts == 1]:
        cell = frame.loc[index][filled.loc[index]].iloc[0]
        only_text = isinstance(cell, str) and not any(filled.loc[index, c] for c in value_cols or [])
        if isinstance(cell, str) and (_is_note(cell) or (only_text and len(cell.split()) >= 4)):
            keep[index] = False
    return frame[keep]


_EMPTY = np.frompyfunc(lambda v: v is None or (not v.strip() if v.__class__ is str else v != v), 1, 1)


def _blank(column: pd.Series) -> pd.Series:
    """Return which cells are empty: None, NaN, or text of spaces only (one cheap call per cell)."""
    return pd.Series(_EMPTY(column.to_numpy(dtype=object)).astype(bool), index=column.index)


def _is_note(text: str) -> bool:
    return normalize(text).startswith(NOTE_STARTS) or text.strip().startswith(("*", "("))


def find_wide(sheet: Sheet) -> Table | None:
    """Find a wide table: a row of periods above territories in rows."""
    period_row, period_cols = _period_row(sheet.rows)
    if period_row is None:
        return None
    first_period = min(period_cols)
    geo = _geo_columns(sheet.rows, period_row, first_period)
    if geo is None:
        return None
    indicator_row = _indicator_row(sheet, period_row, period_cols)
    stray = _stray_columns(sheet.rows, period_row, period_cols)
    cols = sorted(period_cols)
    body = _body(sheet, period_row, cols)
    geo_cols = [geo[k] for k in ("code", "name") if geo.get(k) is not None]
    body = body[~pd.concat([_blank(body[c]) for c in geo_cols], axis=1).all(axis=1)] if len(body) else body
    width = len(cols)
    letters = np.array([column_letter(c) for c in cols], dtype=object)
    values = body[cols].to_numpy(dtype=object) if len(body) else np.empty((0, width), dtype=object)
    cells = pd.DataFrame({
        "row": np.repeat(body.index.to_numpy() + 1, width), "value": values.ravel(),
        "value_col": np.tile(letters, len(body)), "period@col": np.tile(letters, len(body)),
        "period": np.tile(np.array([period_cols[c] for c in cols], dtype=object), len(body)),
        "header": np.tile(np.array([indicator_row.get(c, "") for c in cols], dtype=object), len(body)),
        "geo@col": column_letter(geo.get("code", geo.get("name")))})
    if geo.get("code") is not None:
        cells[f"code:{geo['level']}"] = np.repeat(body[geo["code"]].to_numpy(dtype=object), width)
    if geo.get("name") is not None:
        cells[f"name:{geo['level'] or '*'}"] = np.repeat(body[geo["name"]].to_numpy(dtype=object), width)
    title = title_text(sheet.rows, period_row)
    return Table(sheet.name, "large", period_row, title, {"period"}, cells, stray_columns=stray)


def _stray_columns(rows, period_row: int, period_cols: dict[int, object]) -> dict[str, object]:
    """Return the columns among the periods whose header is not a period but which hold numbers."""
    header = rows[period_row]
    stray = {}
    for col in range(min(period_cols), len(header)):
        if col in period_cols:
            continue
        body = [r[col] for r in rows[period_row + 1: period_row + 30] if col < len(r)]
        if sum(isinstance(v, int | float) for v in body) >= 2:
            stray[column_letter(col)] = header[col]
    return stray


def _period_row(rows: list[list[object]]) -> tuple[int | None, dict[int, object]]:
    """Return the header row of periods: two or more, or else a single one written as a date or a label."""
    for index, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        periods = {c: cell for c, cell in enumerate(row) if parse_period(cell, allow_serial=True) is not None}
        if len(periods) >= 2:
            return index, periods
    for index, row in enumerate(rows[:HEADER_SCAN_ROWS]):  # a one-month update (not a bare number)
        periods = {c: cell for c, cell in enumerate(row) if c and parse_period(cell) is not None}
        if len(periods) == 1:
            return index, periods
    return None, {}


def _geo_columns(rows, period_row, first_period) -> dict | None:
    """Return the code/name columns left of the periods and the level their header names."""
    header = rows[period_row][:first_period]
    above = rows[period_row - 1][:first_period] if period_row else []
    found = assign_roles([_join(header, above, c) for c in range(first_period)], geo_roles())
    result = {"level": None}
    for role, col in found.items():
        kind, level = role.split(":")
        result[kind] = col
        result["level"] = result["level"] or level
    if "code" not in result and "name" not in result:
        body = rows[period_row + 1: period_row + 30]
        text_cols = [c for c in range(first_period) if sum(isinstance(r[c], str) and not is_blank(r[c])
                                                            for r in body if c < len(r)) >= 2]
        if not text_cols:
            return None
        result["name"] = text_cols[-1]
    if "code" in result and result["level"] is None:
        result["level"] = next(lv.id for lv in LEVELS)
    return result


def _join(header, above, col) -> str:
    parts = [str(x[col]) for x in (above, header) if col < len(x) and not is_blank(x[col])]
    return " ".join(parts)


def _indicator_row(sheet: Sheet, period_row: int, period_cols: dict[int, object]) -> dict[int, str]:
    """Return the text above each period column, merged cells spread over the columns they cover."""
    if period_row == 0:
        return {}
    above = sheet.rows[period_row - 1]
    spread: dict[int, str] = {}
    for (r0, c0), (r1, c1) in sheet.merged:
        if r0 <= period_row - 1 <= r1 and c0 < len(above) and not is_blank(above[c0]):
            for c in range(c0, c1 + 1):
                spread[c] = str(above[c0])
    current = ""
    result = {}
    for col in sorted(period_cols):
        cell = above[col] if col < len(above) else ""
        if not is_blank(cell):
            current = str(cell)
        result[col] = spread.get(col, current)
    return result if any(result.values()) else {}

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

import pandas as pd

from loaders.domain.sources import ADJUSTMENT, SOURCES
from loaders.errors import column_letter
from loaders.intake.reading import Sheet
from loaders.tables.body import PERIOD, body_frame, joined_period, spread_period
from loaders.tables.columns import Role, find_header, is_blank, match_score
from loaders.tables.extract_base import constant_text
from loaders.tables.grid import find_crossed
from loaders.tables.headers import stated_unit, title_text
from loaders.values.geocodes import geo_roles
from loaders.values.periods import parse_period

INDICATOR_COLUMN = Role("indicator", ("indicateur", "code indicateur", "nom de l indicateur"))
VALUE_COLUMN = Role("value", ("valeur", "value", "nombre", "effectif"))


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
    ignored: dict[str, str] = field(default_factory=dict)
    unit: tuple[str, str] | None = None  # what its title says the values are, when not counts (« en % »)


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
    frame = body_frame(sheet, header_row, [c for r, c in columns.items() if r in indicators or r == "value"],
                       as_text=True)
    spread = spread_period(sheet.rows[header_row])
    if spread and len(frame):
        frame[-1] = joined_period(frame, spread)  # one period column made of Année, Trimestre, Mois
        columns["period"] = spread["year"]
    period_col = columns.get("period")
    exact = period_col is not None and match_score(sheet.rows[header_row][period_col], PERIOD) == 100
    if period_col is not None and not exact and not frame.empty and not _holds_periods(frame, period_col):
        return None
    if frame.empty:
        return Table(sheet.name, "long", header_row, title_text(sheet.rows, header_row), set(columns),
                     pd.DataFrame(), unit=stated_unit(sheet.rows[:header_row], sheet.name))
    value_columns = {r: c for r, c in columns.items() if r in indicators}
    if {"indicator", "value"} <= set(columns):
        value_columns = {"?": columns["value"]}
    parts, rows = [], frame.index
    for indicator, col in value_columns.items():
        part = pd.DataFrame({"row": rows + 1, "value": frame[col], "value_col": constant_text(column_letter(col), rows),
                             "indicator": frame[columns["indicator"]] if indicator == "?" else
                             constant_text(indicator, rows),
                             "value_header": constant_text(str(sheet.rows[header_row][col] or ""), rows)})
        for role, source_col in columns.items():
            if role not in indicators and role not in ("indicator", "value"):
                part[role] = frame[-1 if role == "period" and spread else source_col]
                part[role + "@col"] = constant_text(column_letter(source_col), rows)
        parts.append(part)
    cells = pd.concat(parts, ignore_index=True)
    return Table(sheet.name, "long", header_row, title_text(sheet.rows, header_row), set(columns), cells,
                 unit=stated_unit(sheet.rows[:header_row], sheet.name))


def _holds_periods(frame: pd.DataFrame, col: int) -> bool:
    """Return True when most of the first values of a column are periods."""
    sample = [v for v in frame[col].head(30) if not is_blank(v)] if col in frame else []
    return bool(sample) and sum(parse_period(v, allow_serial=True) is not None for v in sample) >= len(sample) / 2


def find_wide(sheet: Sheet) -> Table | None:
    """Find a crossed table: labelled rows, value columns under one to three header rows (see loaders.tables.grid)."""
    found = find_crossed(sheet)
    if found is None:
        return None
    info, cells = found
    layout = "transposée" if info.transposed else "large"
    roles = {"period"} if "period" in cells else set()
    return Table(sheet.name, layout, info.header_row, title_text(sheet.rows, info.top_row), roles, cells,
                 stray_columns=info.stray, ignored=info.ignored,
                 unit=stated_unit(sheet.rows[:info.top_row], sheet.name))

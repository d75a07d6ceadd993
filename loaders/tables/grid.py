"""Reading a crossed table: every body cell is one value, its coordinates read from its row and its column.

The rows are labelled by one or more label columns (a territory, or a period in transposed series); each
value column by a stack of one to three header rows (a group label spread over the columns it covers,
then the column's own label). Each header part is a period, a territory, or text that names an indicator,
a category or a breakdown value; what no part says comes from the table's context (titles, sheet, file
name). The layouts producers publish are cases of it::

    Zone d'emploi | T1 2020 | T2 2020        periods as columns
    EPCI | Catégorie A | Catégorie B         categories as columns, period in the title
         | Homme            | Femme          sex over age band, on two header rows
    EPCI | Moins de 25 ans | … | Moins de 25 ans | …
         | DEFM A                            indicator line over the territories
         | Bretagne | Pays de la Loire       territories as columns, periods in rows (transposed)
    1996T1 | …
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from loaders.domain.sources import SOURCES
from loaders.errors import column_letter
from loaders.intake.reading import Sheet
from loaders.tables.body import PART_SEPARATOR, PERIOD, body_frame, joined_period, spread_period
from loaders.tables.cells import column_part, header_sequence, ignored, is_value
from loaders.tables.columns import HEADER_SCAN_ROWS, assign_roles, is_blank, match_score
from loaders.values.geocodes import geo_roles
from loaders.values.periods import parse_period


@dataclass
class CrossedTable:
    """What the headers of a crossed table say, once read: where they stand (0-based rows), which label column
    gives what, whether the territories stand in the columns, and which columns are values or left out."""

    spread: dict[str, int]  # the columns of a period spread over Année / Mois (or Trimestre), when so
    header_row: int  # the lowest header row, right above the body
    top_row: int  # the highest header row: the title is above it
    labels: list[int]  # the label columns, left of the values
    roles: dict[int, str]  # label column → role (« period », « code:zone_emploi », « name:* »…)
    transposed: bool  # periods in the rows, territories in the header
    value_cols: list[int]
    ignored: dict[str, str] = field(default_factory=dict)  # column letter → header of a breakdown not kept
    stray: dict[str, object] = field(default_factory=dict)  # column letter → header of a column without period

MAX_HEADER_ROWS = 3
COARSER = "coarser:"  # a label column that holds the upper level of a breakdown (its subtotal rows)
BODY_SAMPLE = 300


def _labels_are_headers(row: list[object], upto: int) -> bool:
    roles = [*geo_roles()]
    return any(match_score(c, r) == 100 for c in row[:upto] for r in roles)


def _data_row(row: list[object], labels: frozenset[int] = frozenset()) -> int | None:
    """Return the first value column of a row that has a label then values, else None.

    A label is text, a date, or a cell of a column whose header names a code (« 44 » under « Code
    département » is a label, not a count).
    """
    kinds = [c not in labels and is_value(cell) for c, cell in enumerate(row)]
    filled = [c for c, cell in enumerate(row) if not is_blank(cell) and not kinds[c]]
    values = [c for c, value in enumerate(kinds) if value]
    if not values or not filled or filled[0] > values[-1]:
        return None
    last_label = max(c for c in filled if c < values[-1])  # codes before a name are labels too
    first = next(c for c in values if c > last_label)
    if header_sequence(row[first:]) or _labels_are_headers(row, first):
        return None
    return first


def _code_columns(rows: list[list[object]]) -> frozenset[int]:
    """Return the columns whose header names a code or a year, month or quarter: labels even when numeric."""
    roles = [r for r in geo_roles() if r.name.startswith("code:")]
    spread = {c for row in rows[:HEADER_SCAN_ROWS] for c in spread_period(row).values()}
    return frozenset(spread | {c for row in rows[:HEADER_SCAN_ROWS] for c, cell in enumerate(row[:6])
                               if isinstance(cell, str) and any(match_score(cell, r) for r in roles)})


def _body_start(rows: list[list[object]], labels: frozenset[int]) -> int | None:
    """Return the first row of a run of data rows (two of the three next filled rows are data too)."""
    for index in range(1, min(len(rows), HEADER_SCAN_ROWS + 10)):
        if _data_row(rows[index], labels) is None:
            continue
        following = [r for r in rows[index + 1:index + 8] if any(not is_blank(c) for c in r)][:3]
        if not following or sum(_data_row(r, labels) is not None for r in following) >= min(2, len(following)):
            return index
    return None


def _header_rows(rows: list[list[object]], start: int, first_value: int) -> list[int]:
    """Return the header rows above the body, top first: the row just above, and group rows over it."""
    above = start - 1
    if above < 0 or all(is_blank(c) for c in rows[above][first_value:]):
        return []
    found = [above]
    for index in range(above - 1, max(above - MAX_HEADER_ROWS, -1), -1):
        row = rows[index]
        filled = [c for c, cell in enumerate(row) if not is_blank(cell)]
        if not filled or all(c < first_value for c in filled):
            break
        found.insert(0, index)
    return found


def _spread(sheet: Sheet, index: int, columns: list[int], last: bool) -> dict[int, str]:
    """Return the text over each value column: a group label covers the columns up to the next label."""
    row = sheet.rows[index]
    text = {c: ("" if is_blank(row[c]) else row[c]) if c < len(row) else "" for c in columns}
    if last:
        return text
    merged = {}
    for (r0, c0), (r1, c1) in sheet.merged:
        if r0 <= index <= r1 and c0 < len(row) and not is_blank(row[c0]):
            merged.update({c: row[c0] for c in range(c0, c1 + 1)})
    current, previous = "", None
    for c in columns:
        if previous is not None and c != previous + 1:
            current = ""  # a blank separator column ends a group
        if not is_blank(text[c]):
            current = text[c]
        text[c] = merged.get(c, current)
        previous = c
    return text


def _label_roles(sheet: Sheet, header_rows: list[int], labels: list[int]) -> dict[int, str]:
    """Return the role of each label column: a territory code or name, a period, or a breakdown."""
    heads = [" ".join(str(sheet.rows[r][c]) for r in header_rows if c < len(sheet.rows[r])
                      and not is_blank(sheet.rows[r][c])) for c in labels]
    dimension_roles = [role for s in SOURCES.values() for role in s.roles() if role.name not in
                       {i.code for i in s.indicators}]
    found = assign_roles(heads, [*geo_roles(), PERIOD, *dimension_roles])
    roles = {labels[col]: role for role, col in found.items()}
    for col, head in zip(labels, heads):  # « Grand domaine » beside « Domaine »: the coarser level of a breakdown
        coarser = [r.name for r in dimension_roles if r.name in found and match_score(head, r)]
        if col not in roles and coarser:
            roles[col] = COARSER + coarser[0]
    return roles


def _is_period_column(body: pd.DataFrame, col: int) -> bool:
    sample = [v for v in body[col].head(30) if not is_blank(v)]
    periods = [v for v in sample if not isinstance(v, int | float) and parse_period(v) is not None]
    return bool(sample) and len(periods) >= 0.6 * len(sample)


def _name_breakdowns(stacks: list[dict[int, str]], value_cols: list[int]) -> bool:
    """Return True when most column headers name indicators or breakdown values (CDI, Catégorie A…)."""
    from loaders.tables.context import unknown_parts
    headers = [PART_SEPARATOR.join(str(stack[c]) for stack in stacks if not is_blank(stack[c])) for c in value_cols]
    known = sum(any(not unknown_parts(h, source) for source in SOURCES.values()) for h in headers if h)
    return known >= 0.5 * len(value_cols)


def find_crossed(sheet: Sheet) -> tuple[dict, pd.DataFrame] | None:
    """Return the description and the long cells of the crossed table of a sheet, or None."""
    codes = _code_columns(sheet.rows)
    start = _body_start(sheet.rows, codes)
    if start is None:
        return None
    body_rows = sheet.rows[start:start + BODY_SAMPLE]
    firsts = [f for f in (_data_row(r, codes) for r in body_rows) if f is not None]
    first_value = min(firsts)
    headers = _header_rows(sheet.rows, start, first_value)
    if not headers:
        return None
    body = body_frame(sheet, headers[-1])
    value_cols = [c for c in body.columns if c >= first_value and body[c].head(BODY_SAMPLE).map(is_value).any()]
    labels = [c for c in body.columns if c < first_value and (~body[c].map(is_blank)).any()]
    if not value_cols or not labels:
        return None
    roles = _label_roles(sheet, headers, labels)
    spread = spread_period(sheet.rows[headers[-1]])
    if spread and all(c in labels for c in spread.values()):
        body[-1] = joined_period(body, spread)
        labels = [c for c in labels if c not in spread.values()] + [-1]
        roles = {c: r for c, r in roles.items() if c in labels} | {-1: "period"}
    period_labels = [c for c in labels if roles.get(c) == "period" or (c not in roles and _is_period_column(body, c))]
    stacks = [_spread(sheet, r, value_cols, r == headers[-1]) for r in headers]
    transposed = bool(period_labels) and not any(r.startswith(("code:", "name:")) for r in roles.values()) \
        and not _name_breakdowns(stacks, value_cols)
    info = CrossedTable(spread, headers[-1], headers[0], labels, roles, transposed, value_cols)
    return info, _cells(sheet, body, info, stacks, period_labels)


def _cells(sheet, body: pd.DataFrame, info: CrossedTable, stacks: list[dict[int, str]], period_labels: list[int]):
    """Lay the body out as one row per value cell with its coordinates."""
    keys = {c for c in body.columns if c in info.labels}
    body = body[~pd.concat([body[c].map(is_blank) for c in keys], axis=1).all(axis=1)] if len(body) else body
    columns = []
    for col in info.value_cols:
        parts = [stack[col] for stack in stacks]
        period, texts = None, []
        for part in parts:
            found, rest = column_part(part)
            period = found if found is not None else period
            if rest:
                texts.append(rest)
        joined = " ".join(texts)
        if ignored(joined):
            info.ignored[column_letter(col)] = joined
            continue
        columns.append((col, period, texts))
    if not info.transposed and not period_labels and any(p is not None for _, p, _ in columns):
        info.stray = {column_letter(c): sheet.rows[info.header_row][c] for c, p, _ in columns if p is None}
        columns = [c for c in columns if c[1] is not None]
    letters = np.array([column_letter(c) for c, _, _ in columns], dtype=object)
    width, n = len(columns), len(body)
    values = body[[c for c, _, _ in columns]].to_numpy(dtype=object) if width else np.empty((n, 0), dtype=object)
    cells = pd.DataFrame({"row": np.repeat(body.index.to_numpy() + 1, width), "value": values.ravel(),
                          "value_col": np.tile(letters, n)})
    tile = lambda items: np.tile(np.array(items, dtype=object), n)  # noqa: E731
    if info.transposed:
        places = [_place_part(t) for _, _, t in columns]
        cells["name:*"] = tile([t[i] if t else "" for (_, _, t), i in zip(columns, places)])
        cells["geo@col"] = tile(letters)
        cells["header"] = tile([PART_SEPARATOR.join(t[:i] + t[i + 1:]) for (_, _, t), i in zip(columns, places)])
    else:
        cells["header"] = tile([PART_SEPARATOR.join(t) for _, _, t in columns])
        if any(p is not None for _, p, _ in columns):
            cells["period"] = tile([p for _, p, _ in columns])
            cells["period@col"] = tile(letters)
    levels = [r.split(":")[1] for r in info.roles.values() if r.startswith(("code:", "name:"))]
    for col in reversed(info.labels):  # names stand right of codes: the last free text column is the name
        role = info.roles.get(col) or _free_label(body[col], col in period_labels, levels)
        if role is None or (role in cells and role != "period"):
            continue
        if role.startswith(COARSER):
            continue
        cells[role] = np.repeat(body[col].to_numpy(dtype=object), width)
        cells[role + "@col"] = column_letter(col if col >= 0 else spread_col(info))
        if role.startswith(("code:", "name:")):
            cells["geo@col"] = column_letter(col)
    for col, role in info.roles.items():
        name = role.removeprefix(COARSER)
        if role.startswith(COARSER) and name in cells:
            coarse = pd.Series(np.repeat(body[col].to_numpy(dtype=object), width), index=cells.index)
            fine = cells[name]
            cells[name] = fine.where(~fine.map(is_blank), coarse.where(~coarse.map(is_blank)))
    return cells


def _place_part(texts: list[str]) -> int:
    """Return which header part of a transposed column names its territory: the lowest that names no category,
    indicator or breakdown (« France entière » over « Catégorie A », « Bretagne » under « DEFM A »)."""
    from loaders.tables.context import unknown_parts
    for index in range(len(texts) - 1, -1, -1):
        if all(unknown_parts(texts[index], source) for source in SOURCES.values()):
            return index
    return len(texts) - 1


def spread_col(info: CrossedTable) -> int:
    """Return the column of the year of a period spread over several columns."""
    return info.spread["year"]


def _free_label(values: pd.Series, periods: bool, levels: list[str]) -> str | None:
    """Return the role of a label column whose header names nothing: a period, else the name of the rows.

    Codes under a header that does not say their level are left out when a named column gives the
    territory (« 52 » beside « Pays de la Loire » is not a zone d'emploi).
    """
    if periods:
        return "period"
    sample = [str(v).strip() for v in values.head(30) if not is_blank(v)]
    codes = sum(v.replace(".0", "").isdigit() or v[:2].upper() in ("2A", "2B") for v in sample)
    if sample and codes >= 0.8 * len(sample):
        return None
    return "name:*"

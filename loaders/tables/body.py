"""The body of a table under its header: rows kept, notes and legends left out; the period header role."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from loaders.intake.reading import Sheet
from loaders.tables.columns import Role, is_blank
from loaders.tables.extract_base import TEXT, text_column
from loaders.values.textnorm import normalize

PERIOD = Role("period", ("date", "periode", "mois", "trimestre", "annee", "di mois annee", "mois annee",
                         "date de reference", "periode de reference"))
PART_SEPARATOR = " | "  # between the header parts of a column (group label | own label)
NOTE_STARTS = ("source", "note", "champ", "lecture", "*", "(", "nd ", "n d ", "s ", "secret", "donnees",
               "extraction", "referentiel", "unite", "mise a jour")


def body_frame(sheet: Sheet, header_row: int, value_cols: list[int] | None = None,
               as_text: bool = False) -> pd.DataFrame:
    """Return the rows under a header as a frame indexed by 0-based sheet row, without notes or blanks.

    A note is a row whose only filled cell is text (« Source : … », « * … », a sentence of caveats). With
    `as_text`, a column of text only comes as Arrow text (a missing cell is NaN), read once for the blanks.
    The cells are taken column by column, never as a frame of rows.
    """
    first = header_row + 1
    rows = sheet.rows[first:]
    lengths = list(map(len, rows))
    width = max(max(map(len, sheet.rows[: first + 50]), default=0), max(lengths, default=0))
    index = pd.RangeIndex(first, first + len(rows))
    if not rows or not width:
        return pd.DataFrame(index=index, columns=range(width), dtype=object)
    if min(lengths) != width:
        rows = [r + [""] * (width - len(r)) for r in rows]
    grid = np.empty((len(rows), width), dtype=object)  # each cell stays the value it was read as
    grid[:] = rows
    read = [_read(grid[:, c], index) for c in range(width)]
    filled = ~np.column_stack([empty for _, empty in read])
    keep = filled.any(axis=1)
    values = set(value_cols or [])
    for position in np.flatnonzero(filled.sum(axis=1) == 1):
        column = int(np.flatnonzero(filled[position])[0])
        cell = grid[position, column]
        only_text = isinstance(cell, str) and column not in values
        if isinstance(cell, str) and (is_note(cell) or (only_text and len(cell.split()) >= 4)):
            keep[position] = False
    frame = (pd.DataFrame({c: column for c, (column, _) in enumerate(read)}, index=index) if as_text
             else pd.DataFrame(grid, index=index, columns=range(width), dtype=object))
    return frame if keep.all() else frame[keep]


_EMPTY = np.frompyfunc(lambda v: v is None or (not v.strip() if v.__class__ is str else v != v), 1, 1)


def _read(values: np.ndarray, index: pd.Index) -> tuple[pd.Series, np.ndarray]:
    """Return a column (as Arrow text when it holds text only) and which of its cells are empty.

    A column without text (numbers, dates) is checked in one vectorised call; a mixed one cell by cell.
    """
    text = _text_only(values)
    if text is not None:  # spaces-only cells are blank too
        blank = pc.fill_null(pc.equal(pc.utf8_trim_whitespace(text), ""), True)
        return text_column(text, index), blank.to_numpy(zero_copy_only=False)
    if pd.api.types.infer_dtype(values, skipna=True) in NO_TEXT:
        return pd.Series(values, index=index, dtype=object), pd.isna(values)
    return pd.Series(values, index=index, dtype=object), _EMPTY(values).astype(bool)


def _text_only(values: np.ndarray) -> pa.Array | None:
    """Return a column of text (and missing cells) as Arrow text; None for numbers, dates, a mix, or nothing."""
    try:
        text = pa.array(values, type=TEXT, from_pandas=True)  # refused at the first cell that is not text
    except (pa.ArrowTypeError, pa.ArrowInvalid):
        return None
    return text if text.null_count < len(text) else None


NO_TEXT = ("floating", "integer", "mixed-integer-float", "decimal", "datetime", "date", "boolean", "empty")


def is_note(text: str) -> bool:
    return normalize(text).startswith(NOTE_STARTS) or text.strip().startswith(("*", "("))


SPREAD = {"year": ("annee", "an", "year"), "month": ("mois", "month", "numero du mois"),
          "quarter": ("trimestre", "quarter")}


def spread_period(header: list[object]) -> dict[str, int]:
    """Return the columns of a period spread over Année / Trimestre / Mois, when a year and more are there."""
    found = {}
    for col, cell in enumerate(header):
        norm = normalize(cell) if isinstance(cell, str) else ""
        for part, words in SPREAD.items():
            if norm in words and part not in found:
                found[part] = col
    return found if "year" in found and ({"month", "quarter"} & set(found)) else {}


def joined_period(frame: pd.DataFrame, spread: dict[str, int]) -> pd.Series:
    """Return one period per row from its year and month (or quarter) cells: « 2015-01 », « 2015-T1 »."""
    from loaders.values.periods import MONTHS

    def one(year, month=None, quarter=None) -> str:
        text = f"{year:.0f}" if isinstance(year, float) else str(year).strip()
        if not is_blank(month):
            number = MONTHS.get(normalize(month)) or _whole(month)
            return f"{text}-{number:02d}" if 1 <= number <= 12 else f"{text} {month}"
        q = "" if is_blank(quarter) else normalize(quarter).lstrip("t")
        return f"{text}-T{q}" if q in ("1", "2", "3", "4") else f"{text} {quarter}"

    months = frame[spread["month"]] if "month" in spread else [None] * len(frame)
    quarters = frame[spread["quarter"]] if "quarter" in spread else [None] * len(frame)
    return pd.Series([one(y, m, q) for y, m, q in zip(frame[spread["year"]], months, quarters)], index=frame.index,
                     dtype=object)


def _whole(cell: object) -> int:
    """Return a cell as a whole number (« 1 », 1.0), or 0."""
    try:
        value = float(str(cell).replace(",", "."))
    except ValueError:
        return 0
    return int(value) if value.is_integer() else 0

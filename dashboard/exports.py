"""Downloads of the tables shown: .xlsx and .csv, with text that cannot run as a formula."""

from __future__ import annotations

import io

import pandas as pd

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(frame: pd.DataFrame) -> pd.DataFrame:
    """Prefix with an apostrophe every text cell that a spreadsheet would take for a formula."""
    safe = frame.copy()
    safe.columns = [_defused(c) for c in safe.columns]  # headers can be territory names from a referential
    for column in safe.columns:
        if safe[column].dtype == object or pd.api.types.is_string_dtype(safe[column]):
            safe[column] = safe[column].map(_defused)
    return safe


def _defused(value):
    return "'" + value if isinstance(value, str) and value.startswith(FORMULA_STARTS) else value


def to_xlsx(frame: pd.DataFrame, sheet: str = "Données") -> bytes:
    """Return the table as an .xlsx file (texts never become formulas)."""
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="xlsxwriter",
                        engine_kwargs={"options": {"strings_to_formulas": False, "strings_to_urls": False}}) as xl:
        neutralise(frame).to_excel(xl, sheet_name=sheet[:31], index=False)
    return buffer.getvalue()


def to_csv(frame: pd.DataFrame) -> bytes:
    """Return the table as a semicolon CSV in UTF-8 with BOM, decimal comma, as French spreadsheets expect."""
    return neutralise(frame).to_csv(index=False, sep=";", decimal=",").encode("utf-8-sig")

"""The observations an import would write, checked against the domain catalogue before any commit.

Every rule runs on whole columns and reports every failing row (not the first), with the sheet, row and
column it was read from: a value the catalogue does not declare is a bug of a reader or of the catalogue,
and it must not reach the store where it would be shown under the wrong label, or not at all.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

from loaders.domain.schema import DIMENSIONS, LOWER_BOUND, SECRET, TOTAL
from loaders.domain.sources import ADJUSTMENT, DIMENSION_BY_NAME, SOURCES
from loaders.domain.territory import FRANCE_LEVEL
from loaders.errors import Problem
from loaders.values.codes import KeyCodes
from loaders.values.geocodes import LEVEL_BY_ID

LEVELS = {*LEVEL_BY_ID, FRANCE_LEVEL}
PERIOD_TYPES = ("month", "quarter", "year", "cumul")
FLAGS = (SECRET, LOWER_BOUND)
MAX_LISTED = 20  # rows listed per rule; the count says how many failed


def _rules() -> list[tuple[str, Callable | None, Callable | None]]:
    """Return every rule of the catalogue: its French description, its test of what rows say (source,
    indicator, level, breakdowns…) and its test of each row's own territory, period or value."""
    def undeclared_indicator(frame):
        declared = pd.Series(False, index=frame.index)
        for source in SOURCES.values():
            declared |= frame["source"].eq(source.id) & frame["indicator"].isin([i.code for i in source.indicators])
        return ~declared

    rules = [
        ("source inconnue du catalogue", lambda f: ~f["source"].isin(SOURCES), None),
        ("indicateur que la source ne déclare pas", undeclared_indicator, None),
        ("niveau géographique inconnu", lambda f: ~f["level"].isin(LEVELS), None),
        ("territoire sans code", None, lambda f: f["geo_code"].isna() | f["geo_code"].astype(str).str.strip().eq("")),
        ("période sans code ou de type inconnu", lambda f: ~f["period_type"].isin(PERIOD_TYPES),
         lambda f: f["period"].isna()),
        ("correction autre que brute ou CVS-CJO", lambda f: ~f["adjustment"].isin(ADJUSTMENT.values), None),
        ("valeur négative", None, lambda f: f["value"].lt(0)),
        ("valeur manquante sans marque de secret", None, lambda f: f["value"].isna() & f["flag"].ne(SECRET)),
        ("marque inconnue", lambda f: f["flag"].notna() & ~f["flag"].isin(FLAGS), None),
    ]
    return rules + [(f"{DIMENSION_BY_NAME[name].label.lower()} non déclarée pour cette source",
                     lambda f, d=DIMENSION_BY_NAME[name]: _undeclared_value(f, d), None) for name in DIMENSIONS]


def _undeclared_value(frame: pd.DataFrame, dimension) -> pd.Series:
    column = frame[dimension.name]
    failing = column.isna() if dimension.free else ~column.isin({*dimension.values, dimension.total, TOTAL})
    declared = frame["source"].isin([s.id for s in SOURCES.values() if s.has(dimension.name)])
    return failing | (~declared & column.ne(TOTAL))  # a breakdown the source does not have is never filled


VALUE_COLUMNS = ["source", "indicator", "level", "period_type", "adjustment", "flag", *DIMENSIONS]


def _failing(frame: pd.DataFrame, codes: KeyCodes | None) -> list[tuple[str, np.ndarray]]:
    """Return each rule's failing rows; a test of what rows say runs once per distinct combination of the
    columns it reads (a few dozen in a file of 100 000 rows), then spreads to the rows of that combination."""
    combination = pd.factorize(KeyCodes.of(frame, codes).keys(VALUE_COLUMNS))[0]
    firsts = np.unique(combination, return_index=True)[1]  # combinations run 0, 1, 2…: one row of each
    distinct = frame.iloc[firsts][VALUE_COLUMNS]
    failing = []
    for description, says, own in _rules():
        mask = _flat(says(distinct))[combination] if says else np.zeros(len(frame), dtype=bool)
        failing.append((description, mask | _flat(own(frame)) if own else mask))
    return failing


def _flat(mask: pd.Series) -> np.ndarray:
    return mask.fillna(True).astype(bool).to_numpy()


def check_observations(frame: pd.DataFrame, codes: KeyCodes | None = None) -> list[Problem]:
    """Return a problem for every rule that rows break, listing the first rows with their place in the file.

    `codes` are the key codes of the frame's columns when the checks made them (not made again).
    """
    if frame.empty:
        return []
    problems = []
    for description, failing in _failing(frame, codes):
        if not failing.any():
            continue
        rows = frame[failing]
        count = int(failing.sum())
        for _, row in rows.head(MAX_LISTED).iterrows():
            shown = {k: row[k] for k in ("source", "indicator", "level", "geo_code", "period") if pd.notna(row[k])}
            problems.append(Problem(
                f"Observation refusée par le catalogue ({description}) : {shown}"
                + (f" — {count} ligne(s) en tout" if count > MAX_LISTED else ""),
                sheet=row.get("origin_sheet") if pd.notna(row.get("origin_sheet")) else None,
                row=int(row["origin_row"]) if pd.notna(row.get("origin_row")) else None,
                column=row.get("origin_col") if pd.notna(row.get("origin_col")) else None))
    return problems

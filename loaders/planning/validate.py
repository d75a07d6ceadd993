"""The observations an import would write, checked against the domain catalogue before any commit.

Every rule runs on whole columns and reports every failing row (not the first), with the sheet, row and
column it was read from: a value the catalogue does not declare is a bug of a reader or of the catalogue,
and it must not reach the store where it would be shown under the wrong label, or not at all.
"""

from __future__ import annotations

import pandas as pd

from loaders.domain.schema import DIMENSIONS, LOWER_BOUND, SECRET, TOTAL
from loaders.domain.sources import ADJUSTMENT, DIMENSION_BY_NAME, SOURCES
from loaders.errors import Problem
from loaders.settings import FRANCE_LEVEL
from loaders.values.geocodes import LEVEL_BY_ID

LEVELS = {*LEVEL_BY_ID, FRANCE_LEVEL}
PERIOD_TYPES = ("month", "quarter", "year", "cumul")
FLAGS = (SECRET, LOWER_BOUND)
MAX_LISTED = 20  # rows listed per rule; the count says how many failed


def _rules(frame: pd.DataFrame) -> list[tuple[str, pd.Series]]:
    """Return (French description, mask of failing rows) for every rule of the catalogue."""
    declared = pd.Series(False, index=frame.index)
    for source in SOURCES.values():
        declared |= frame["source"].eq(source.id) & frame["indicator"].isin([i.code for i in source.indicators])
    rules = [
        ("source inconnue du catalogue", ~frame["source"].isin(SOURCES)),
        ("indicateur que la source ne déclare pas", ~declared),
        ("niveau géographique inconnu", ~frame["level"].isin(LEVELS)),
        ("territoire sans code", frame["geo_code"].isna() | frame["geo_code"].astype(str).str.strip().eq("")),
        ("période sans code ou de type inconnu", frame["period"].isna() | ~frame["period_type"].isin(PERIOD_TYPES)),
        ("correction autre que brute ou CVS-CJO", ~frame["adjustment"].isin(ADJUSTMENT.values)),
        ("valeur négative", frame["value"].lt(0)),
        ("valeur manquante sans marque de secret", frame["value"].isna() & frame["flag"].ne(SECRET)),
        ("marque inconnue", frame["flag"].notna() & ~frame["flag"].isin(FLAGS)),
    ]
    for name in DIMENSIONS:
        dimension = DIMENSION_BY_NAME[name]
        column = frame[name]
        failing = column.isna() if dimension.free else ~column.isin({*dimension.values, dimension.total, TOTAL})
        declared = frame["source"].isin([s.id for s in SOURCES.values() if s.has(name)])
        failing |= ~declared & column.ne(TOTAL)  # a breakdown the source does not have is never filled
        rules.append((f"{dimension.label.lower()} non déclarée pour cette source", failing))
    return rules


def check_observations(frame: pd.DataFrame) -> list[Problem]:
    """Return a problem for every rule that rows break, listing the first rows with their place in the file."""
    if frame.empty:
        return []
    problems = []
    for description, failing in _rules(frame):
        failing = failing.fillna(True).astype(bool)
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

"""Checks across the rows of a file: vintages, duplicates, totals, spikes and revisions."""

from __future__ import annotations

import numpy as np
import pandas as pd

from loaders.domain.schema import DIMENSIONS, KEY_COLUMNS, LOWER_BOUND, SECRET, TOTAL
from loaders.domain.sources import FAMILIES, total_of
from loaders.domain.territory import LEVEL
from loaders.errors import WARNING, Problem
from loaders.values.codes import KeyCodes
from loaders.values.numbers import french_count

MAX_LISTED = 20
SERIES = ["source", "indicator", "level", "geo_code", "adjustment", *DIMENSIONS]


def merge_old_communes(frame: pd.DataFrame, problems: list[Problem]) -> pd.DataFrame:
    """Sum rows of old communes merged into one current commune; refuse files mixing both vintages."""
    at_commune = (frame["level"] == LEVEL.commune).to_numpy()
    codes, raw = pd.factorize(frame["geo_raw"].astype(str))  # the same few codes, padded once each
    old = at_commune & (pd.Index(raw).str.zfill(5).to_numpy()[codes] != frame["geo_code"].to_numpy())
    if not old.any():
        return frame
    communes, old = frame[at_commune], pd.Series(old[at_commune], index=frame.index[at_commune])
    merged_codes = set(communes.loc[old, "geo_code"])
    both = communes[communes["geo_code"].isin(merged_codes) & ~old]
    for _, row in both.drop_duplicates("geo_code").head(MAX_LISTED).iterrows():
        problems.append(Problem(
            f"Millésimes de communes mélangés : la commune {row['geo_code']} figure sous son code actuel et sous "
            "un ancien code (commune déléguée ou fusionnée). Utilisez un seul millésime.",
            row["sheet"], int(row["row"]), row.get("geo@col")))
    keys = [c for c in KEY_COLUMNS]
    grouped = communes.groupby(keys, dropna=False, sort=False).agg(
        value=("value", lambda v: v.sum(min_count=1)), secret=("flag", lambda f: (f == SECRET).any()),
        row=("row", "first"), sheet=("sheet", "first"), value_col=("value_col", "first"),
        period_type=("period_type", "first"), period_start=("period_start", "first"),
        geo_raw=("geo_raw", "first")).reset_index()
    grouped["flag"] = grouped["secret"].map(lambda s: LOWER_BOUND if s else None)
    grouped.loc[grouped["value"].isna(), "flag"] = SECRET
    return pd.concat([frame[frame["level"] != LEVEL.commune], grouped.drop(columns="secret")], ignore_index=True)


def drop_repeats(frame: pd.DataFrame, notes: list[str], codes: KeyCodes | None = None) -> pd.DataFrame:
    """Keep once a value that several sheets repeat identically (a total given in every sheet of a workbook).

    A sheet whose every value repeats another sheet is a copy, left to `find_duplicates`.
    """
    keys = pd.Series(KeyCodes.of(frame, codes).keys([*KEY_COLUMNS, "value", "flag"]), index=frame.index)
    repeated = keys.duplicated(keep="first")
    if not repeated.any():
        return frame
    first_sheet = frame.groupby(keys)["sheet"].transform("first")
    across = repeated & (frame["sheet"] != first_sheet)
    copies = across.groupby(frame["sheet"]).all()  # a whole sheet repeated is a copy: a duplicate, said so
    across &= ~frame["sheet"].map(copies).fillna(False).astype(bool)
    if across.any():
        notes.append(f"{int(across.sum())} valeur(s) répétée(s) à l'identique dans plusieurs feuilles (un même "
                     "total donné dans chaque feuille) : gardée(s) une fois.")
    return frame[~across]


def find_duplicates(frame: pd.DataFrame, problems: list[Problem], codes: KeyCodes | None = None) -> int:
    """Report observations given twice for the same key; return how many."""
    twice = pd.Series(KeyCodes.of(frame, codes).keys(KEY_COLUMNS)).duplicated(keep=False).to_numpy()
    if not twice.any():
        return 0
    dup = frame[twice]
    for _, group in list(dup.groupby(list(KEY_COLUMNS), sort=False, dropna=False))[:MAX_LISTED]:
        first, second = group.iloc[0], group.iloc[1]
        problems.append(Problem(
            f"Doublon : {first['geo_code']}, {first['period']}, {first['indicator']} apparaît plusieurs fois "
            f"({_places(group.head(5))}).", second["sheet"], int(second["row"]), second.get("value_col")))
    return int(dup.duplicated(list(KEY_COLUMNS)).sum())


def _places(group: pd.DataFrame) -> str:
    """Return « lignes 8, 25 », or « feuille « A » ligne 2, feuille « B » ligne 2 » across sheets."""
    if group["sheet"].nunique() > 1:
        return ", ".join(f"feuille « {sheet} » ligne {row}" for sheet, row in zip(group["sheet"], group["row"]))
    return "lignes " + ", ".join(str(r) for r in group["row"])


def compare_with_region(frame: pd.DataFrame, level: str, problems: list[Problem]) -> None:
    """Warn when the territories do not add up to the regional total row (beyond rounding)."""
    region = frame[frame["level"] == LEVEL.region]
    parts = frame[frame["level"] == level]
    if region.empty or parts.empty or level == LEVEL.region:
        return
    keys = ["indicator", "period", "adjustment", *DIMENSIONS]
    sums = parts.groupby(keys, dropna=False).agg(total=("value", "sum"), n=("value", "size"),
                                                 secret=("flag", lambda f: f.notna().any()))
    joined = region.set_index(keys).join(sums, how="inner")
    tolerance = joined["n"] * 100 + 0.005 * joined["value"].abs()
    gaps = joined[((joined["total"] - joined["value"]).abs() > tolerance) & ~joined["secret"]]
    for key, row in gaps.head(5).iterrows():
        problems.append(Problem(
            f"La somme des territoires ({french_count(row['total'])}) diffère du total régional "
            f"({french_count(row['value'])}) pour {key[0]} en {key[1]}.", row["sheet"], int(row["row"]),
            row["value_col"], WARNING))


def find_spikes(frame: pd.DataFrame, ratio: float | None, problems: list[Problem],
                codes: KeyCodes | None = None) -> None:
    """Warn about month-to-month jumps beyond `ratio` (doubling or halving) on sizeable values."""
    if ratio is None or frame.empty:
        return
    codes = KeyCodes.of(frame, codes)
    watched = codes.isin("period_type", ["month"]) & frame["value"].notna().to_numpy()
    for dimension in DIMENSIONS:  # watch the headline series only, not every breakdown
        shown = {total_of(dimension), *(f.breakdown.get(dimension) for f in FAMILIES)} - {None}
        watched &= codes.isin(dimension, shown)
    if not watched.any():
        return
    every = codes.keys(SERIES)
    positions = np.flatnonzero(watched)
    months = pd.factorize(frame["period"], sort=True)[0][positions]
    order = positions[np.lexsort((months, every[positions]))]
    series = every[order]
    values = frame["value"].to_numpy(dtype=float)[order]
    same = np.r_[False, series[1:] == series[:-1]]
    previous = np.r_[np.nan, values[:-1]]
    with np.errstate(divide="ignore", invalid="ignore"):
        jump = same & (values >= 50) & (previous >= 50) & ((values / previous > ratio) | (previous / values > ratio))
    for _, row in frame.iloc[order[jump][:5]].iterrows():
        problems.append(Problem(f"Variation inhabituelle d'un mois sur l'autre pour {row['geo_code']} en "
                                f"{row['period']} : à vérifier.", row["sheet"], int(row["row"]), row["value_col"],
                                WARNING))


def find_revisions(frame: pd.DataFrame, stored: pd.DataFrame) -> pd.DataFrame:
    """Return the keys whose value differs from what the store holds: old and new value."""
    if stored.empty or frame.empty:
        return pd.DataFrame(columns=[*KEY_COLUMNS, "old", "new"])
    joined = frame.merge(stored.rename(columns={"value": "old"}), on=list(KEY_COLUMNS), how="inner")
    changed = joined[(joined["value"] - joined["old"]).abs() > 1e-9]
    return changed.rename(columns={"value": "new"})[[*KEY_COLUMNS, "old", "new"]]



def derive_totals(frame: pd.DataFrame, source, codes: KeyCodes | None = None) -> pd.DataFrame:
    """Add the total of a breakdown the file gives only in detail (offer types A/B/C, A17 sectors…).

    The total is flagged as a lower bound when a detail is secret or a declared value is missing.
    """
    codes = KeyCodes.of(frame, codes)
    for dimension in source.dimensions:
        if not dimension.values or dimension.name == "category":
            continue
        total = (frame[dimension.name] == TOTAL).to_numpy()
        if total.all():
            continue
        others = [c for c in KEY_COLUMNS if c != dimension.name]
        keys = codes.keys(others)
        missing = ~total & ~pd.Series(keys).isin(keys[total]).to_numpy()
        if not missing.any():
            continue
        detail = frame[missing]
        groups = detail.assign(flagged=detail["flag"].notna()).groupby(others, dropna=False, sort=False)
        grouped = groups.agg(n=("value", "size"), secret=("flagged", "any"), period_type=("period_type", "first"),
                             period_start=("period_start", "first"), sheet=("sheet", "first"))
        grouped["value"] = groups["value"].sum(min_count=1)  # vectorised: no Python call per group
        grouped = grouped.reset_index()
        grouped[dimension.name] = TOTAL
        incomplete = grouped["secret"] | (grouped["n"] < len(dimension.values))
        grouped["flag"] = np.where(incomplete, LOWER_BOUND, None)
        grouped.loc[grouped["value"].isna(), "flag"] = SECRET  # every detail secret: the total is secret too
        grouped["row"] = None
        grouped["value_col"] = None
        grouped["geo_raw"] = grouped["geo_code"]
        frame = pd.concat([frame, grouped.drop(columns=["n", "secret"])], ignore_index=True)
        codes = KeyCodes(frame)
    return frame

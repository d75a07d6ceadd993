"""Pure computations on series: which period to show, the reference, changes, rankings."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from dashboard.build.indicators import Family, reference_period
from loaders.domain.sources import RAW
from loaders.values.periods import parse_period


@dataclass(frozen=True)
class KeyFigure:
    """One headline number with its comparisons."""

    family: Family
    period: str | None
    value: float | None
    reference: str | None
    reference_value: float | None
    year_before: str | None
    year_value: float | None
    lower_bound: bool = False
    partial: bool = False

    def change_pct(self) -> float | None:
        """Return the change since the reference, in percent."""
        return _pct(self.value, self.reference_value)

    def change_abs(self) -> float | None:
        """Return the change since the reference, in number."""
        return None if self.value is None or self.reference_value is None else self.value - self.reference_value

    def year_pct(self) -> float | None:
        """Return the change over one year, in percent."""
        return _pct(self.value, self.year_value)


def _pct(value: float | None, base: float | None) -> float | None:
    if value is None or base is None or base == 0 or value != value or base != base:
        return None
    return (value / base - 1) * 100


def headline_series(values: pd.DataFrame) -> pd.DataFrame:
    """Keep the finest regular periodicity (months before quarters before years); drop cumulated data."""
    for kind in ("month", "quarter", "year"):
        chosen = values[values["period_type"] == kind]
        if len(chosen):
            return chosen.sort_values("period")
    return values.iloc[0:0]


def display_period(periods: list[str], wanted: str | None) -> str | None:
    """Return the period to show: the wanted month (or its quarter/year) when present, else the latest."""
    if not periods:
        return None
    if wanted:
        month = parse_period(wanted)
        for candidate in (wanted, f"{wanted[:4]}-T{(month.start.month - 1) // 3 + 1}" if month else None,
                          wanted[:4]):
            if candidate in periods:
                return candidate
    return max(periods)


def key_figure(family: Family, series: pd.DataFrame, wanted: str | None, rule: str,
               adjustment: str = RAW) -> KeyFigure:
    """Return a family's figure for one territory's series (columns period, value, secret)."""
    values = series.set_index("period")["value"] if len(series) else pd.Series(dtype=float)
    secret = series.set_index("period")["secret"] if len(series) else pd.Series(dtype=bool)
    period = display_period(list(values.index), wanted)
    if period is None:
        return KeyFigure(family, None, None, None, None, None, None)
    reference = reference_period(period, rule, adjustment)
    year = reference_period(period, "annee_precedente")
    return KeyFigure(family, period, _get(values, period), reference, _get(values, reference), year,
                     _get(values, year), bool(secret.get(period, False)), _partial(series, period))


def _partial(series: pd.DataFrame, period: str) -> bool:
    """Return True when the units summed for a period cover only part of the territory's communes."""
    if "covered" not in series or "communes" not in series:
        return False
    row = series[series["period"] == period]
    return bool(len(row)) and bool((row["covered"] < row["communes"]).any())


def _get(values: pd.Series, period: str | None) -> float | None:
    if period is None or period not in values.index:
        return None
    value = values[period]
    return None if value != value else float(value)


def territory_table(values: pd.DataFrame, period: str, reference: str | None, population: pd.Series) -> pd.DataFrame:
    """Return per territory: value, reference value, changes, rate per 1,000 inhabitants, rank."""
    current = values[values["period"] == period].set_index("territory")
    base = values[values["period"] == reference].set_index("territory")["value"] if reference else None
    table = pd.DataFrame({"value": current["value"], "lower_bound": current["secret"]})
    table["reference"] = base.reindex(table.index) if base is not None else None
    table["change_abs"] = table["value"] - table["reference"]
    table["change_pct"] = (table["value"] / table["reference"] - 1) * 100
    table["rate"] = table["value"] / population.reindex(table.index) * 1000
    table["rank"] = table["value"].rank(ascending=False, method="min").astype("Int64")
    return table.sort_values("rank")

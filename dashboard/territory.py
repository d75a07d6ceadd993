"""Pure assembly of one territory's view: its figures, the region's, its rank and its series."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from dashboard import analysis
from dashboard.analysis import KeyFigure
from dashboard.indicators import Family, period_label


@dataclass(frozen=True)
class FamilyView:
    """One family seen from a territory."""

    family: Family
    figure: KeyFigure
    region: KeyFigure
    rank: tuple[int, int] | None
    series: dict[str, pd.DataFrame]


def family_view(family: Family, maille_values: pd.DataFrame, region_values: pd.DataFrame, territory: str,
                name: str, wanted: str | None, rule: str) -> FamilyView:
    """Return the figures, rank and series of a family for one territory against the region."""
    values = analysis.headline_series(maille_values)
    own = values[values["territory"] == territory]
    region = analysis.headline_series(region_values)
    figure = analysis.key_figure(family, own, wanted, rule)
    regional = analysis.key_figure(family, region, figure.period, rule)
    rank = None
    if figure.period is not None:
        current = values[values["period"] == figure.period].set_index("territory")["value"].dropna()
        if territory in current.index:
            rank = (int(current.rank(ascending=False, method="min")[territory]), len(current))
    series = {name: own[["period", "value"]], "Pays de la Loire": region[["period", "value"]]}
    return FamilyView(family, figure, regional, rank, series)


def chart_table(series: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Return the data a chart draws, as a French table (the chart's text alternative)."""
    frames = [frame.set_index("period")["value"].rename(name) for name, frame in series.items()]
    table = pd.concat(frames, axis=1).sort_index()
    table.index = [period_label(p) for p in table.index]
    table.index.name = "Période"
    return table.reset_index()

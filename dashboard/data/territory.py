"""Pure assembly of one territory's view: its figures, the region's, its rank and its series."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from dashboard.build import analysis
from dashboard.build.analysis import KeyFigure
from dashboard.build.indicators import Family, period_label
from loaders.domain.sources import CATEGORY, FAMILIES, SOURCES
from loaders.domain.territory import FRANCE_CODE, FRANCE_METRO, FRANCE_METRO_NAME, FRANCE_SHORT_NAME, REGION
from loaders.values import geography


@dataclass(frozen=True)
class FamilyView:
    """One family seen from a territory."""

    family: Family
    figure: KeyFigure
    region: KeyFigure
    rank: tuple[int, int] | None
    series: dict[str, pd.DataFrame]
    own: pd.DataFrame | None = None  # the territory's rows, with where each value comes from


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
    series = {name: own[["period", "value"]], REGION.name: region[["period", "value"]]}
    return FamilyView(family, figure, regional, rank, series, own)


def chart_table(series: dict[str, pd.DataFrame], origins: pd.DataFrame | None = None) -> pd.DataFrame:
    """Return the data a chart draws, as a French table (the chart's text alternative).

    With `origins` (period, origin), a last column says where the first series' values come from.
    """
    frames = [frame.set_index("period")["value"].rename(name) for name, frame in series.items()]
    if origins is not None and len(origins):
        frames.append(origins.set_index("period")["origin"].rename(f"Origine ({next(iter(series))})"))
    table = pd.concat(frames, axis=1).sort_index()
    table.index = [period_label(p) for p in table.index]
    table.index.name = "Période"
    return table.reset_index()


BREAKDOWNS = tuple(  # (family, dimension, title, value labels): the breakdowns declared with labels
    panel for family in FAMILIES for dimension in SOURCES[family.source].dimensions for panel in (
        (family.id, dimension.name, "Catégories" if dimension.name == "category" else dimension.label,
         dimension.labels),
        (family.id, dimension.name, dimension.bands_title, dimension.bands)) if panel[3])


def breakdown_shares(own: pd.DataFrame, region: pd.DataFrame, period: str, labels: dict[str, str],
                     name: str) -> pd.DataFrame:
    """Return each detail value's share of the total in the territory and in the region, for the period shown
    (or the quarter or year holding it); nothing when fewer than two detail values are known."""
    period = analysis.display_period(sorted(set(region["period"])), period) if len(region) else period
    rows = []
    for place, frame in ((name, own), (REGION.name, region)):
        current = frame[(frame["period"] == period) & frame["detail"].isin(labels)]
        if current.empty:
            continue
        total = next((v for v in labels if v == CATEGORY.total), None)  # a total among the details shown
        reference = current.loc[current["detail"] == total, "value"].sum() if total in set(current["detail"]) \
            else current["value"].sum()
        current = current.sort_values("detail", key=lambda col: col.map(list(labels).index))  # declared order
        for detail, value in zip(current["detail"], current["value"]):
            rows.append({"Territoire": place, "Détail": labels[detail], "Effectif": value,
                         "Part (%)": round(value / reference * 100, 1) if reference else None})
    frame = pd.DataFrame(rows, columns=["Territoire", "Détail", "Effectif", "Part (%)"])
    frame.attrs["period"] = period
    return frame if frame["Détail"].nunique() >= 2 else frame.iloc[0:0]


def main_departement(territory_communes: list[str]) -> str | None:
    """Return the département holding most of a territory's population."""
    communes = geography.communes().set_index("code_commune")
    inside = communes.loc[communes.index.intersection(territory_communes)]
    if inside.empty:
        return None
    return inside.groupby("code_departement")["population"].sum().idxmax()


DEPARTEMENT_COLORS = ("#D55E00", "#E69F00", "#009E73")  # never the territory's own colour (chartdata)


def add_departement(views: list[FamilyView], colors: dict[str, str], communes: list[str],
                    departements: pd.DataFrame, values: dict[str, pd.DataFrame]) -> str | None:
    """Add the line of the territory's main département to each family's series; return its name."""
    code = main_departement(communes)
    if code is None:
        return None
    name = dict(zip(departements["code"], departements["name"]))[code]
    colors[name] = next(c for c in DEPARTEMENT_COLORS if c not in colors.values())
    for view in views:
        series = analysis.headline_series(values[view.family.id])
        rows = series[series["territory"] == code][["period", "value"]]
        if len(rows):
            view.series[name] = rows
    return name


FRANCE_COLOR = "#1f2a44"  # dark, apart from the region's grey and the départements' colours
FRANCE_NAMES = {FRANCE_CODE: FRANCE_SHORT_NAME, FRANCE_METRO: FRANCE_METRO_NAME}


def add_france(views: list[FamilyView], colors: dict[str, str], values: dict[str, pd.DataFrame]) -> None:
    """Add France's line to each family that has it (a comparison, never the region)."""
    for view in views:
        frame = values.get(view.family.id)
        if frame is None or frame.empty:
            continue
        series = analysis.headline_series(frame)
        if series.empty:
            continue
        name = FRANCE_NAMES.get(series["territory"].iloc[0], FRANCE_SHORT_NAME)
        view.series[name] = series[["period", "value"]]
        colors[name] = FRANCE_COLOR

"""The charts of « Mon territoire » and the map of the Vue régionale, built once for what they show and handed to
every session as they are: a room of viewers asks for the same few territories, and building a plotly figure
costs more than sending it. A chart given out here is never changed by whoever draws it."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from dashboard.build import analysis, cards, chartdata, figures
from dashboard.build.indicators import FAMILY_BY_ID, period_label
from dashboard.data import assembly, queries
from dashboard.data.scope import Scope
from dashboard.data.territory import BREAKDOWNS, breakdown_shares
from loaders.domain.sources import SOURCES
from loaders.domain.territory import REGION_MAILLE
from loaders.store.reads import data_part, maille_part


@dataclass(frozen=True)
class SeriesChart:
    figure: go.Figure
    note: str  # said above the chart when the series has no value at the reference (the base is another period)


@dataclass(frozen=True)
class SharesChart:
    key: str  # the chart's own name on the page
    caption: str
    figure: go.Figure
    table: pd.DataFrame


def series(scope: Scope, indexed: bool) -> dict[str, SeriesChart]:
    """Return the chart of each family with data, by family id: as an index base 100 at the reference, or in its
    unit."""
    return _series(scope.base, scope.rev, scope.maille, scope.territory, scope.period, scope.reference, indexed)


def shares(scope: Scope) -> dict[str, list[SharesChart]]:
    """Return the breakdowns of each family with data (territory against region), by family id."""
    return _shares(scope.base, scope.rev, scope.maille, scope.territory, scope.period, scope.reference)


@queries.depends(assembly.territory_parts, shared=True)
def _series(base: str, rev: str, maille: str, code: str, period: str | None, reference: str,
            indexed: bool) -> dict[str, SeriesChart]:
    found = assembly.territory(Scope(base, rev, maille, code, period, reference))
    charts = {}
    for view in found.views:
        if view.figure.period is None:
            continue
        start = chartdata.index_base(view.series, view.figure.reference) if indexed else None
        note = (f"Indice base 100 en {period_label(start)} : pas de valeur en {period_label(view.figure.reference)}."
                if start and start != view.figure.reference else "")
        charts[view.family.id] = SeriesChart(figures.kept(figures.build_series_chart(
            view.series, found.colors, view.family.unit, start, breaks=SOURCES[view.family.source].breaks)), note)
    return charts


@queries.depends(assembly.territory_parts, shared=True)
def _shares(base: str, rev: str, maille: str, code: str, period: str | None,
            reference: str) -> dict[str, list[SharesChart]]:
    found = assembly.territory(Scope(base, rev, maille, code, period, reference))
    charts: dict[str, list[SharesChart]] = {}
    for view in found.views:
        if view.figure.period is None:
            continue
        for family_id, dimension, title, labels in (b for b in BREAKDOWNS if b[0] == view.family.id):
            own = queries.detail_values(base, rev, maille, family_id, dimension)
            table = breakdown_shares(own[own["territory"] == code],
                                     queries.detail_values(base, rev, REGION_MAILLE.id, family_id, dimension),
                                     view.figure.period, labels, found.name)
            if len(table):
                charts.setdefault(family_id, []).append(SharesChart(
                    f"{dimension}-{title}", f"{title} — {period_label(table.attrs['period'])}",
                    figures.kept(figures.build_share_bars(table, found.colors)), table))
    return charts


@dataclass(frozen=True)
class Ranking:
    period: str  # the period shown, the latest with data unless the scope asks for one
    table: pd.DataFrame  # each territory's value, change, rate and rank


def ranking(scope: Scope, family_id: str) -> Ranking | None:
    """Return the figures of each territory of the scope's maille for a family (None without data)."""
    base, rev = scope.base, scope.rev
    family = FAMILY_BY_ID[family_id]
    region = analysis.key_figure(family, analysis.headline_series(
        queries.family_values(base, rev, REGION_MAILLE.id, family_id)), scope.period, scope.reference)
    values = analysis.headline_series(queries.family_values(base, rev, scope.maille, family_id))
    if region.period is None or values.empty:
        return None
    period = analysis.display_period(sorted(set(values["period"])), scope.period)
    return Ranking(period, analysis.territory_table(values, period, region.reference,
                                                    queries.population(base, rev, scope.maille)))


def regional_map(scope: Scope, family_id: str, measure: str) -> go.Figure:
    """Return the map of one measure of a family over the maille, the scope's territory outlined."""
    return _regional_map(scope.base, scope.rev, scope.maille, scope.territory, scope.period, scope.reference,
                         family_id, measure)


def _map_parts(maille: str, _code, _period, _reference, family_id: str, *_) -> tuple[str, ...]:
    return maille_part(maille), maille_part(REGION_MAILLE.id), data_part(FAMILY_BY_ID[family_id].source)


@queries.depends(_map_parts, shared=True)
def _regional_map(base: str, rev: str, maille: str, code: str | None, period: str | None, reference: str,
                  family_id: str, measure: str) -> go.Figure:
    table = ranking(Scope(base, rev, maille, code, period, reference), family_id).table
    return figures.kept(figures.build_value_map(
        queries.maille_geojson(base, rev, maille), queries.territories(base, rev, maille),
        cards.measure_values(table, measure), cards.measure_text(table, measure), cards.measure_title(measure), code,
        diverging=measure.startswith("change")))

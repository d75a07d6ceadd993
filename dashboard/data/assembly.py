"""What a plenary shows about one territory, assembled once for « Mon territoire » and for the deck.

`territory_views` and `sentences` are pure; `collect` reads the cached queries and returns everything the
deck draws (figures, sentences, series, priorities, measures, partial activity, map), computed by the
same builders as the pages.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date

import pandas as pd

from dashboard.build import analysis, cards, changes, chartdata, highlights, partial, roadmap
from dashboard.build.analysis import KeyFigure
from dashboard.build.indicators import FAMILIES, MEASURES, period_label
from dashboard.data import queries
from dashboard.data.scope import Scope
from dashboard.data.territory import FamilyView, add_departement, add_france, family_view
from loaders.domain.roadmap import THEME_BY_ID
from loaders.domain.territory import DEPARTEMENTS, REGION, REGION_MAILLE, town_named
from loaders.store.reads import PRIORITIES_PART, data_part, maille_part


def territory_views(values: dict[str, pd.DataFrame], region: dict[str, pd.DataFrame], territory: str, name: str,
                    period: str | None, reference: str, record: pd.Series | None) -> list[FamilyView]:
    """Return the families seen from a territory, those informing its priorities first, those without data last."""
    views = [family_view(f, values[f.id], region[f.id], territory, name, period, reference)
             for f in roadmap.ordered(FAMILIES, record)]
    views.sort(key=lambda v: v.figure.period is None)
    return views


def since_last_edition(scope: Scope, name: str, views: list[FamilyView]) -> str | None:
    """Return the line saying how the territory's key figures changed since the last édition (current data only)."""
    base, rev = scope.base, scope.rev
    found = queries.editions(base, rev)
    if not found or queries.edition_of(base, rev) is not None:
        return None
    earlier = replace(scope, rev=queries.snapshot(rev, found[0]))
    if scope.maille not in set(queries.mailles(base, earlier.rev)["id"]):  # a referential imported since
        return None
    then = territory_views(_family_values(earlier, scope.maille), _family_values(earlier, REGION_MAILLE.id),
                           scope.territory, name, scope.period, scope.reference, None)
    return changes.figures_changed(found[0], [v.figure for v in then], [v.figure for v in views])


def sentences(place: highlights.Place, views: list[FamilyView]) -> list[str]:
    """Return the faits saillants of a territory (the same sentences, with the same hedges, everywhere)."""
    return highlights.highlights(place, [v.figure for v in views], {v.family.id: v.region for v in views},
                                 {v.family.id: v.rank for v in views if v.rank})


@dataclass
class Plenary:
    """Everything a plenary deck shows about one territory."""

    maille: str
    maille_label: str
    territory: str
    name: str
    reference: str
    plenary_date: date
    demo: bool
    views: list[FamilyView]
    sentences: list[str]
    colors: dict[str, str]
    record: pd.Series | None
    measures: pd.DataFrame
    partial_rows: pd.DataFrame
    partial_scope: str  # the territory's name, or its département's when data is by département only
    updated: str  # « Dernier import le … », or nothing without data
    geojson: dict = field(default_factory=dict)
    territories: pd.DataFrame = field(default_factory=pd.DataFrame)
    map_values: pd.Series = field(default_factory=lambda: pd.Series(dtype=float))
    map_title: str = ""
    france: dict[str, KeyFigure] = field(default_factory=dict)
    edition: str = ""  # « Édition du 15/11/2026 » when the deck shows an édition

    def figures(self) -> list[KeyFigure]:
        return [v.figure for v in self.views]

    def latest(self) -> str:
        """Return « Demandeurs d'emploi (cat. A) : septembre 2026 ; … »."""
        return cards.periods_caption(self.figures()).removeprefix("Périodes — ").rstrip(".")

    def footer(self) -> str:
        """Return the line under every slide: the producers, the data's latest period, the import date."""
        periods = [v.figure.period for v in self.views if v.figure.period]
        latest = f" Données jusqu'à {period_label(max(periods))}." if periods else ""
        producers = " ; ".join(dict.fromkeys(f.origin for f in FAMILIES))
        edition = f" {self.edition}." if self.edition else ""
        return f"Sources : {producers}.{latest}{self.updated}{edition}"

    def themes(self) -> list[str]:
        return [t for t in (self.record["themes"] if self.record is not None else []) if t in THEME_BY_ID]


@dataclass
class Territory:
    """One territory against the region, as « Mon territoire » and the deck show it: its families (with the lines
    of its main département and of France), their colours, and the priorities it chose."""

    name: str
    views: list[FamilyView]
    colors: dict[str, str]
    record: pd.Series | None
    departement: str | None  # the main département's name, None for a département or the region


def territory(scope: Scope) -> Territory:
    """Assemble one territory of the scope, through the cached queries and the pure builders (kept in the cache:
    a room of viewers asks for the same few territories)."""
    return _territory(scope.base, scope.rev, scope.maille, scope.territory, scope.period, scope.reference)


def territory_parts(maille: str, *_) -> tuple[str, ...]:
    """Return the parts of the data a territory's assembly reads."""
    return (maille_part(maille), maille_part(DEPARTEMENTS.id), maille_part(REGION_MAILLE.id), PRIORITIES_PART,
            *(data_part(f.source) for f in FAMILIES))


@queries.depends(territory_parts)
def _territory(base: str, rev: str, maille: str, code: str, period: str | None, reference: str) -> Territory:
    scope = Scope(base, rev, maille, code, period, reference)
    names = queries.territories(base, rev, maille)
    name = dict(zip(names["code"], names["name"])).get(code, code)
    colors = {name: chartdata.TERRITORY_COLOR, REGION.name: REGION.color}
    record = priorities_in_force(base, rev, maille, code)
    views = territory_views(_family_values(scope, maille), _family_values(scope, REGION_MAILLE.id), code, name,
                            scope.period, scope.reference, record)
    departement = None
    if maille not in (DEPARTEMENTS.id, REGION_MAILLE.id):
        members = queries.membership(base, rev, maille)
        communes = members[members["territory"] == code]["code_commune"].tolist()
        departement = add_departement(views, colors, communes, queries.territories(base, rev, DEPARTEMENTS.id),
                                      _family_values(scope, DEPARTEMENTS.id))
    add_france(views, colors, {f.id: queries.france_values(base, rev, f.id) for f in FAMILIES})
    return Territory(name, views, colors, record, departement)


def _family_values(scope: Scope, maille: str) -> dict[str, pd.DataFrame]:
    return {f.id: queries.family_values(scope.base, scope.rev, maille, f.id) for f in FAMILIES}


def collect(scope: Scope, plenary_date: date) -> Plenary:
    """Read what the deck of one territory needs, through the pages' assembly, cached queries and builders."""
    base, rev, maille, reference = scope.base, scope.rev, scope.maille, scope.reference
    found = territory(scope)
    name, views, record = found.name, found.views, found.record
    place = highlights.Place(name, town_like=town_named(maille))
    rows, partial_scope = _partial(scope, name, found.departement)
    items, _ = queries.catalogue(base, rev)
    themes = [t for t in record["themes"] if t in THEME_BY_ID] if record is not None else []
    measures = pd.concat([roadmap.filter_catalogue(items, theme=t) for t in themes]).drop_duplicates("name") \
        if themes and len(items) else items.iloc[0:0]
    first = next((v for v in views if v.figure.period), None)
    plenary = Plenary(maille, _maille_label(base, rev, maille), scope.territory, name, reference, plenary_date,
                      queries.is_demo(base, rev), views, sentences(place, views), found.colors, record, measures, rows,
                      partial_scope, _updated(queries.imports(base, rev)),
                      queries.maille_geojson(base, rev, maille), queries.territories(base, rev, maille))
    edition = queries.edition_of(base, rev)
    plenary.edition = edition.label() if edition else ""
    for view in views:
        series = analysis.headline_series(queries.france_values(base, rev, view.family.id))
        if len(series) and view.figure.period:
            plenary.france[view.family.id] = analysis.key_figure(view.family, series, view.figure.period, reference)
    if first is not None:
        table = analysis.territory_table(analysis.headline_series(queries.family_values(base, rev, maille,
                                                                                        first.family.id)),
                                         first.figure.period, first.figure.reference,
                                         queries.population(base, rev, maille))
        plenary.map_values = table["change_pct"]
        plenary.map_title = (f"{first.family.short} — {MEASURES['change_pct'].lower()}, "
                             f"{period_label(first.figure.period)} / {period_label(first.figure.reference)}")
    return plenary


def priorities_in_force(base: str, rev: str, maille: str, territory: str) -> pd.Series | None:
    """Return the priorities in force for a territory, or None."""
    history = queries.priorities(base, rev, maille, territory)
    return history.iloc[0] if len(history) else None


def _maille_label(base: str, rev: str, maille: str) -> str:
    mailles = queries.mailles(base, rev)
    return dict(zip(mailles["id"], mailles["label"])).get(maille, maille)


def _partial(scope: Scope, name: str, departement: str | None) -> tuple[pd.DataFrame, str]:
    """Return employees in partial activity by A17 sector (largest first, with the share of the region) for the
    territory, else for its main département (said so); the period shown is in `attrs["period"]`."""
    base, rev, maille, territory, period = scope.base, scope.rev, scope.maille, scope.territory, scope.period
    deps = queries.territories(base, rev, DEPARTEMENTS.id)
    places = [(maille, territory, name)]
    if departement is not None:
        places.append((DEPARTEMENTS.id, dict(zip(deps["name"], deps["code"])).get(departement),
                       f"département : {departement}"))
    region = queries.sector_values(base, rev, REGION_MAILLE.id, SECTOR_INDICATOR)
    for level, code, scope in places:
        detail = queries.sector_values(base, rev, level, SECTOR_INDICATOR)
        own = detail[(detail["territory"] == code) & detail["period_type"].eq("month")]
        if own.empty:
            continue
        shown = analysis.display_period(sorted(set(own["period"])), period)
        table = partial.region_shares(own, region, shown).dropna(subset=["Territoire"])
        table = table.sort_values("Territoire", ascending=False).head(SECTORS_SHOWN)
        table.attrs["period"] = shown
        return table, scope
    return pd.DataFrame(), name


SECTOR_INDICATOR = "di_salaries"  # employees placed in partial activity, the family's headline indicator
SECTORS_SHOWN = 6


def _updated(imports: pd.DataFrame) -> str:
    """Return « Dernier import le 01/12/2026. », or nothing without data."""
    active = imports[(imports["status"] == "active") & imports["source"].notna()]
    return f" Dernier import le {active['imported_at'].max():%d/%m/%Y}." if len(active) else ""

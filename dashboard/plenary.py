"""What a plenary shows about one territory, assembled once for « Mon territoire » and for the deck.

`territory_views` and `sentences` are pure; `collect` reads the cached queries and returns everything the
deck draws (figures, sentences, series, priorities, measures, partial activity, map), computed by the
same builders as the pages.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import pandas as pd

from dashboard import analysis, cards, chartdata, editions, highlights, partial, queries, roadmap_view
from dashboard.analysis import KeyFigure
from dashboard.indicators import FAMILIES, MEASURES, period_label
from dashboard.territory import FamilyView, add_departement, add_france, family_view
from loaders.domain.roadmap import THEME_BY_ID
from loaders.domain.territory import REGION, town_named


def territory_views(values: dict[str, pd.DataFrame], region: dict[str, pd.DataFrame], territory: str, name: str,
                    period: str | None, reference: str, record: pd.Series | None) -> list[FamilyView]:
    """Return the families seen from a territory, those informing its priorities first, those without data last."""
    views = [family_view(f, values[f.id], region[f.id], territory, name, period, reference)
             for f in roadmap_view.ordered(FAMILIES, record)]
    views.sort(key=lambda v: v.figure.period is None)
    return views


def since_last_edition(base: str, rev: str, maille: str, territory: str, name: str, period: str | None,
                       reference: str, views: list[FamilyView]) -> str | None:
    """Return the line saying how the territory's key figures changed since the last édition (current data only)."""
    found = queries.editions(base, rev)
    if not found or queries.edition_of(base, rev) is not None:
        return None
    then_rev = queries.snapshot(rev, found[0])
    if maille not in set(queries.mailles(base, then_rev)["id"]):  # a referential imported since: nothing to compare
        return None
    then = territory_views({f.id: queries.family_values(base, then_rev, maille, f.id) for f in FAMILIES},
                           {f.id: queries.family_values(base, then_rev, "region", f.id) for f in FAMILIES},
                           territory, name, period, reference, None)
    return editions.figures_changed(found[0], [v.figure for v in then], [v.figure for v in views])


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


def collect(base: str, rev: str, maille: str, territory: str, period: str | None, reference: str,
            plenary_date: date) -> Plenary:
    """Read what the deck of one territory needs, through the pages' cached queries and builders."""
    names = queries.territories(base, rev, maille)
    name = dict(zip(names["code"], names["name"])).get(territory, territory)
    colors = {name: chartdata.territory_colors(list(names["code"]))[territory], REGION.name: "#7f7f7f"}
    record = _priorities(base, rev, maille, territory)
    views = territory_views({f.id: queries.family_values(base, rev, maille, f.id) for f in FAMILIES},
                            {f.id: queries.family_values(base, rev, "region", f.id) for f in FAMILIES},
                            territory, name, period, reference, record)
    place = highlights.Place(name, town_like=town_named(maille))
    departement = None
    if maille not in ("departement", "region"):
        members = queries.membership(base, rev, maille)
        communes = members[members["territory"] == territory]["code_commune"].tolist()
        departement = add_departement(views, colors, communes, queries.territories(base, rev, "departement"),
                                      {f.id: queries.family_values(base, rev, "departement", f.id) for f in FAMILIES})
    add_france(views, colors, {f.id: queries.france_values(base, rev, f.id) for f in FAMILIES})
    rows, scope = _partial(base, rev, maille, territory, period, name, departement)
    items, _ = queries.catalogue(base, rev)
    themes = [t for t in record["themes"] if t in THEME_BY_ID] if record is not None else []
    measures = pd.concat([roadmap_view.filter_catalogue(items, theme=t) for t in themes]).drop_duplicates("name") \
        if themes and len(items) else items.iloc[0:0]
    first = next((v for v in views if v.figure.period), None)
    plenary = Plenary(maille, _maille_label(base, rev, maille), territory, name, reference, plenary_date,
                      queries.is_demo(base, rev), views, sentences(place, views), colors, record, measures, rows,
                      scope, _updated(queries.imports(base, rev)),
                      queries.maille_geojson(base, rev, maille), names)
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


def _priorities(base: str, rev: str, maille: str, territory: str) -> pd.Series | None:
    history = queries.priorities(base, rev, maille, territory)
    return history.iloc[0] if len(history) else None


def _maille_label(base: str, rev: str, maille: str) -> str:
    mailles = queries.mailles(base, rev)
    return dict(zip(mailles["id"], mailles["label"])).get(maille, maille)


def _partial(base: str, rev: str, maille: str, territory: str, period: str | None, name: str,
             departement: str | None) -> tuple[pd.DataFrame, str]:
    """Return employees in partial activity by A17 sector (largest first, with the share of the region) for the
    territory, else for its main département (said so); the period shown is in `attrs["period"]`."""
    deps = queries.territories(base, rev, "departement")
    places = [(maille, territory, name)]
    if departement is not None:
        places.append(("departement", dict(zip(deps["name"], deps["code"])).get(departement),
                       f"département : {departement}"))
    region = queries.sector_values(base, rev, "region", SECTOR_INDICATOR)
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

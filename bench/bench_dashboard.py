"""Dashboard speed on a large store: server-side work of a territory switch on each page, map payload, memory.

Usage: python bench/bench_dashboard.py [--months 96]
Fills a throw-away store with about 2 million observations (every commune, monthly 2017–2024, breakdowns),
then times, for several territories, the queries and builders each page runs (without Streamlit's cache,
so every figure is the cold cost), side by side with a bare DuckDB scan of the same observations.
"""

from __future__ import annotations

import argparse
import functools
import json
import resource
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from dashboard.build import analysis, cards, figures, highlights  # noqa: E402
from dashboard.build.indicators import FAMILIES  # noqa: E402
from dashboard.data.territory import family_view  # noqa: E402
from loaders.actions import Workspace  # noqa: E402
from loaders.domain.schema import DIMENSIONS, OBSERVATION_COLUMNS, TOTAL  # noqa: E402
from loaders.store import ImportRecord  # noqa: E402
from loaders.values import geography  # noqa: E402

BREAKDOWNS = [("sex", "ensemble"), ("sex", "F"), ("sex", "H"), ("age", "moins_25"), ("age", "25_49"),
              ("age", "50_plus"), ("seniority", "moins_1an"), ("seniority", "1an_plus")]


def fill(workspace: Workspace, months: int) -> int:
    """Insert commune-level job seekers (categories A and ABC × 8 breakdowns) and offers; return the count."""
    rng = np.random.default_rng(1)
    communes = geography.communes()["code_commune"].to_numpy()
    periods = [f"{2017 + m // 12}-{m % 12 + 1:02d}" for m in range(months)]
    grid = pd.MultiIndex.from_product([communes, periods], names=["geo_code", "period"]).to_frame(index=False)
    frames = []
    for source, indicator, combos in (("demandeurs_emploi", "demandeurs",
                                       [(c, d, v) for c in ("A", "ABC") for d, v in BREAKDOWNS]),
                                      ("offres_emploi", "offres_collectees", [(TOTAL, "offer_type", TOTAL)])):
        for category, dimension, value in combos:
            frame = grid.copy()
            frame["source"], frame["indicator"], frame["level"] = source, indicator, "commune"
            frame["period_type"], frame["adjustment"] = "month", "brut"
            frame["period_start"] = pd.to_datetime(frame["period"] + "-01").dt.date
            for name in DIMENSIONS:
                frame[name] = TOTAL
            frame["category"] = category if source == "demandeurs_emploi" else TOTAL
            frame[dimension] = value
            frame["value"] = rng.integers(0, 900, len(frame)).astype(float)
            frame["flag"] = None
            frame["origin_sheet"], frame["origin_row"], frame["origin_col"] = "bench", None, None
            frames.append(frame[list(OBSERVATION_COLUMNS)])
    observations = pd.concat(frames, ignore_index=True)
    workspace.store.add_import(ImportRecord("donnees", "bench", "0" * 64, "bench"), observations)
    return len(observations)


@functools.lru_cache(maxsize=8)
def parsed_geojson(text: str) -> dict:
    """Parse a maille's GeoJSON once (the app caches it the same way)."""
    return json.loads(text)


def regional_view(workspace: Workspace, maille: str, territory: str) -> dict:
    """Run what « Vue régionale » runs; return the map figure."""
    store = workspace.store
    regional = [analysis.key_figure(f, analysis.headline_series(store.territory_values(
        "region", f.source, f.indicator, "brut", f.breakdown)), None, "auto") for f in FAMILIES]
    family = FAMILIES[0]
    values = analysis.headline_series(store.territory_values(maille, family.source, family.indicator, "brut",
                                                             family.breakdown))
    period = analysis.display_period(sorted(set(values["period"])), None)
    population = geography.communes().groupby("code_ze2020")["population"].sum()
    table = analysis.territory_table(values, period, regional[0].reference, population)
    territories = store.territories(maille)
    fig = figures.build_value_map(parsed_geojson(store.geojson(maille)), territories,
                                  cards.measure_values(table, "change_pct"), cards.measure_text(table, "change_pct"),
                                  "Évolution", territory, diverging=True)
    cards.ranking_styler(cards.ranking_table(table, dict(zip(territories["code"], territories["name"]))),
                         territory).to_html()
    return fig


def territory_page(workspace: Workspace, maille: str, territory: str) -> None:
    """Run what « Mon territoire » runs."""
    store = workspace.store
    views = [family_view(f, store.territory_values(maille, f.source, f.indicator, "brut", f.breakdown),
                         store.territory_values("region", f.source, f.indicator, "brut", f.breakdown),
                         territory, territory, None, "auto") for f in FAMILIES]
    highlights.highlights(highlights.Place(territory), [v.figure for v in views],
                          {v.family.id: v.region for v in views}, {})
    for view in views:
        if view.figure.period:
            figures.build_series_chart(view.series, {}, view.family.unit, view.figure.reference).to_json()


def cache_queries(workspace: Workspace) -> dict:
    """Memoise the store's series query on its arguments, as the app's cached query functions do."""
    memo: dict = {}
    for name in ("territory_values", "geojson", "territories"):
        original = getattr(workspace.store, name)

        def cached(*args, _original=original, _name=name, **kwargs):
            key = repr((_name, args, sorted(kwargs.items())))
            if key not in memo:
                memo[key] = _original(*args, **kwargs)
            return memo[key]

        setattr(workspace.store, name, cached)
    return memo


def edition_ratio(workspace: Workspace, codes: tuple[str, ...]) -> None:
    """Freeze an édition, revise one month, then time the pages read as of the édition against the current data."""
    from loaders.actions import editions
    edition = editions.freeze("bench", pd.Timestamp("2026-11-15").date(), "ze2020", "bench", workspace)
    revised = workspace.store.query("SELECT * EXCLUDE (import_id) FROM observations WHERE period = "
                                    "(SELECT max(period) FROM observations)")
    revised["value"] = revised["value"] + 1
    workspace.store.add_import(ImportRecord("donnees", "bench-revision", "1" * 64, "bench"), revised)
    current = workspace.store
    for name, page in (("Vue régionale", regional_view), ("Mon territoire", territory_page)):
        workspace.store = current.as_of(None)  # a store of its own, as the édition's: both cold, without the memo
        now = min(timed(page, workspace, "ze2020", code) for code in codes)
        workspace.store = current.as_of(edition)
        then = min(timed(page, workspace, "ze2020", code) for code in codes)
        workspace.store = current
        print(f"  {name:15s} sans cache, lu comme à une édition {then * 1000:5.0f} ms / données actuelles "
              f"{now * 1000:5.0f} ms (ratio {then / now:.2f} ; {len(revised):,} valeurs révisées depuis)"
              .replace(",", " "))
    changes = min(timed(current.changes, edition) for _ in range(3))
    print(f"  ce qui a changé depuis l'édition : {changes * 1000:.0f} ms")


def timed(function, *args) -> float:
    """Return the seconds one call takes."""
    start = time.perf_counter()
    function(*args)
    return time.perf_counter() - start


def main() -> None:
    """Fill, measure, print."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--months", type=int, default=96)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        workspace = Workspace(Path(tmp))
        start = time.perf_counter()
        count = fill(workspace, args.months)
        print(f"{count:,} observations insérées en {time.perf_counter() - start:.1f} s".replace(",", " "))
        scan = min(timed(workspace.store.query, "SELECT level, count(*), sum(value) FROM observations GROUP BY 1")
                   for _ in range(3))
        print(f"  référence : lecture brute DuckDB de toutes les observations {scan * 1000:.0f} ms")
        codes = ("5206", "5216", "5211", "5203")
        for name, page in (("Vue régionale", regional_view), ("Mon territoire", territory_page)):
            cold = min(timed(page, workspace, "ze2020", code) for code in codes)
            memo = cache_queries(workspace)  # as st.cache_data does: queries are keyed on maille and family
            page(workspace, "ze2020", "5201")
            warm = [timed(page, workspace, "ze2020", code) for code in codes]
            memo.clear()
            switch = sorted(warm)[len(warm) // 2]
            print(f"  {name:15s} changement de territoire {switch * 1000:5.0f} ms (cible 150 ms → ratio "
                  f"{switch / 0.150:.2f}) ; sans cache {cold * 1000:5.0f} ms (ratio à la lecture brute "
                  f"{cold / scan:.1f})")
        edition_ratio(workspace, codes)
        payload = len(regional_view(workspace, "ze2020", "5206").to_json().encode())
        print(f"  carte : {payload / 1000:.0f} Ko de JSON (cible ≤ 300 Ko)")
        print(f"  mémoire maximale (RSS) : {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} Mo")


if __name__ == "__main__":
    main()

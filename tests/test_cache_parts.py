"""Cached reads are kept by an import that does not change what they read, and only by such an import."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pandas as pd

from dashboard.data import charts, queries
from dashboard.data.scope import Scope
from loaders import actions
from loaders.domain.roadmap import THEMES
from loaders.domain.territory import REGION_MAILLE
from tests.extracts import monthly_update_xlsx, partial_activity_monthly_csv
from tests.generators import efop_csv_with_name

ZONES = "ze2020"


def keys(base: str, rev: str) -> dict[str, str]:
    """Return what each kind of read is cached on, for a revision."""
    return {
        "demandeurs": queries.family_values.key(base, rev, ZONES, "demandeurs"),
        "offres": queries.family_values.key(base, rev, ZONES, "offres"),
        "activite": queries.family_values.key(base, rev, ZONES, "activite_partielle"),
        "secteurs": queries.sector_values.key(base, rev, ZONES, "di_salaries"),
        "france": queries.france_values.key(base, rev, "demandeurs"),
        "mois": queries.months.key(base, rev),
        "territoires": queries.territories.key(base, rev, ZONES),
        "mailles": queries.mailles.key(base, rev),
        "priorites": queries.priorities.key(base, rev, ZONES, "5201"),
        "catalogue": queries.catalogue.key(base, rev),
    }


def changed(before: dict[str, str], after: dict[str, str]) -> set[str]:
    return {name for name in before if before[name] != after[name]}


def test_each_import_and_undo_changes_the_keys_of_the_reads_of_what_it_touched_only(demo_store):
    base = str(demo_store.base)
    start = keys(base, queries.revision(base))
    partial = partial_activity_monthly_csv()
    report = actions.import_data_file(partial.content, partial.name, workspace=demo_store)
    assert report.ok
    after_partial = keys(base, queries.revision(base))
    assert changed(start, after_partial) == {"activite", "secteurs", "mois"}

    update = monthly_update_xlsx([pd.Timestamp(2026, 10, 1).to_pydatetime()])
    assert actions.import_data_file(update.content, update.name, workspace=demo_store).ok
    after_update = keys(base, queries.revision(base))
    assert changed(after_partial, after_update) == {"demandeurs", "france", "mois"}

    partial_id = int(demo_store.store.imports().query("filename == @partial.name")["id"].iloc[0])
    actions.undo_import(partial_id, "analyste", demo_store)
    after_undo = keys(base, queries.revision(base))
    assert changed(after_update, after_undo) == {"activite", "secteurs", "mois"}
    assert after_undo["activite"] not in (start["activite"], after_partial["activite"])

    assert actions.import_referential(efop_csv_with_name("Saumur"), "efop.csv", workspace=demo_store).ok
    after_referential = keys(base, queries.revision(base))
    assert changed(after_undo, after_referential) == {"mailles"}  # the zones d'emploi themselves are unchanged

    actions.record_priorities(ZONES, "5201", [t.id for t in THEMES[:2]], date(2026, 12, 1), who="animatrice",
                              workspace=demo_store)
    assert changed(after_referential, keys(base, queries.revision(base))) == {"priorites"}


def test_a_read_kept_across_an_import_is_the_value_read_afresh(demo_store):
    base = str(demo_store.base)
    kept = queries.family_values(base, queries.revision(base), ZONES, "demandeurs")
    partial = partial_activity_monthly_csv()
    assert actions.import_data_file(partial.content, partial.name, workspace=demo_store).ok
    again = queries.family_values(base, queries.revision(base), ZONES, "demandeurs")
    fresh = demo_store.store.territory_values(ZONES, "demandeurs_emploi", "demandeurs", "brut",
                                              queries.FAMILY_BY_ID["demandeurs"].breakdown)
    pd.testing.assert_frame_equal(again.reset_index(drop=True), fresh.reset_index(drop=True))
    pd.testing.assert_frame_equal(kept, again)
    assert not queries.family_values(base, queries.revision(base), REGION_MAILLE.id, "activite_partielle").empty


def test_reads_as_of_an_edition_are_kept_whatever_is_imported_since(demo_store):
    base = str(demo_store.base)
    edition = actions.editions.freeze("Plénière", date(2026, 11, 30), ZONES, "analyste", demo_store)
    then = queries.snapshot(queries.revision(base), edition)
    key, values = queries.family_values.key(base, then, ZONES, "demandeurs"), queries.family_values(
        base, then, ZONES, "demandeurs")
    update = monthly_update_xlsx([pd.Timestamp(2026, 10, 1).to_pydatetime()])
    assert actions.import_data_file(update.content, update.name, workspace=demo_store).ok
    later = queries.snapshot(queries.revision(base), edition)
    assert later != then
    assert queries.family_values.key(base, later, ZONES, "demandeurs") == key
    now = queries.family_values(base, queries.revision(base), ZONES, "demandeurs")
    assert set(now["period"]) - set(values["period"]) == {"2026-10"}
    pd.testing.assert_frame_equal(queries.family_values(base, later, ZONES, "demandeurs"), values)


def test_a_territory_s_charts_are_built_once_for_everyone_and_again_when_its_data_change(demo_store):
    base = str(demo_store.base)
    scope = Scope(base, queries.revision(base), ZONES, "5201")
    first = charts.series(scope, True)
    assert charts.series(scope, True) is first  # handed to every session as built
    assert charts.series(scope, False)["demandeurs"].figure.layout.yaxis.title.text != "indice base 100"
    read = queries.family_values(base, scope.rev, ZONES, "demandeurs")
    assert queries.family_values(base, scope.rev, ZONES, "demandeurs") is not read  # a read is copied
    shown = list(first["demandeurs"].figure.data[0].x)
    assert "octobre 2026" not in shown
    update = monthly_update_xlsx([pd.Timestamp(2026, 10, 1).to_pydatetime()])
    assert actions.import_data_file(update.content, update.name, workspace=demo_store).ok
    later = charts.series(replace(scope, rev=queries.revision(base)), True)
    assert later is not first
    assert list(later["demandeurs"].figure.data[0].x) == [*shown, "octobre 2026"]
    assert list(first["demandeurs"].figure.data[0].x) == shown  # what was handed out is never changed


def test_the_regional_map_is_built_once_per_choice_and_draws_the_ranking_s_values(demo_store):
    base = str(demo_store.base)
    scope = Scope(base, queries.revision(base), ZONES)
    whole = charts.regional_map(scope, "demandeurs", "change_pct")
    assert charts.regional_map(scope, "demandeurs", "change_pct") is whole
    table = charts.ranking(scope, "demandeurs").table
    assert sorted(float(z) for z in whole.data[0].z) == sorted(table["change_pct"].dropna())
    outlined = charts.regional_map(scope.at("5201"), "demandeurs", "change_pct")
    assert len(outlined.data) == len(whole.data) + 1 and list(outlined.data[-1].locations) == ["5201"]
    assert charts.regional_map(scope, "demandeurs", "level") is not whole

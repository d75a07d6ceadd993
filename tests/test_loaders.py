"""The loaders on generated extracts: every layout × source, the demo data, the template, every refusal."""

import io
import json
from datetime import date, datetime

import openpyxl
import pandas as pd
import pytest

import loaders.samples as demo_set
from loaders import actions
from loaders.planning.ingest import analyse_file
from loaders.samples.template import build_template
from loaders.values import geography
from tests import extracts
from tests.bad_extracts import bad_extracts
from tests.conftest import run_cli
from tests.extracts import all_extracts, at_total, dares_long_csv, offers_wide_dates_xlsx, wide_quarters_xlsx

TODAY = date(2026, 11, 27)


@pytest.mark.parametrize("extract", all_extracts(), ids=lambda e: e.name)
def test_extract_is_read_with_exact_totals(extract):
    data = analyse_file(extract.content, extract.name, today=TODAY).to_dict()
    assert data["errors"] == []
    assert (data["source"], data["layout"], data["level"]) == (extract.source, extract.layout, extract.level)
    assert data["periods"] == extract.periods
    assert len(data["territories"]) == extract.territories
    assert at_total(data["totals"]) == pytest.approx(extract.totals)
    assert data["secret_cells"] == extract.secret_cells


def test_wide_table_reads_names_and_merged_category_headers():
    report = analyse_file(wide_quarters_xlsx().content, "publication.xlsx", today=TODAY)
    frame = report.own_level()
    assert set(frame["category"]) == {"A", "ABC"}
    cholet = frame[(frame["geo_code"] == "5206") & (frame["category"] == "A")]
    assert len(cholet) == 4  # « CHOLET » in capitals still is the zone d'emploi of Cholet
    assert {"5219", "5214", "5204"} <= set(frame["geo_code"])
    secret = frame[frame["flag"] == "secret"]
    assert list(secret[["geo_code", "period", "category"]].itertuples(index=False, name=None)) == [
        ("5201", "2020-T3", "ABC")]
    assert secret["value"].isna().all()


def test_totals_of_detailed_breakdowns_are_derived_and_flagged_when_incomplete():
    report = analyse_file(offers_wide_dates_xlsx().content, "offres.xlsx", today=TODAY)
    frame = report.own_level()
    derived = frame[frame["offer_type"] == "ensemble"]
    assert len(derived) == 5 * 6 and derived["row"].isna().all()
    assert (derived["flag"] == "minorant").all()  # only types A and B are given: the total is a lower bound
    detail = frame[frame["offer_type"] != "ensemble"].groupby(["geo_code", "period"])["value"].sum()
    assert derived.set_index(["geo_code", "period"])["value"].sort_index().equals(detail.sort_index())
    assert report.to_dict()["rows_kept"] == 5


def test_long_table_keeps_breakdowns_and_both_adjustments_without_double_counting():
    report = analyse_file(dares_long_csv().content, "de.csv", today=TODAY)
    frame = report.own_level()
    assert set(frame["sex"]) == {"ensemble", "F", "H"}
    assert set(frame["adjustment"]) == {"brut", "cvs"}
    region = report.observations[report.observations["level"] == "region"]
    assert len(region) == 4 * 2 * 2  # regional rows kept apart, as totals for checking
    assert "16 ligne(s) d'autres régions ignorées (hors Pays de la Loire)." in report.notes


@pytest.mark.parametrize("bad", bad_extracts(), ids=lambda b: b.name)
def test_every_refusal_is_french_located_and_changes_nothing(workspace, bad):
    before = workspace.store.imports()
    report = actions.import_data_file(bad.content, bad.name, source=bad.source, workspace=workspace)
    assert not report.ok
    errors = report.to_dict()["errors"]
    match = [e for e in errors if bad.message in e["message"]]
    assert match, errors
    assert (match[0]["row"], match[0]["column"]) == (bad.row, bad.column)
    assert workspace.store.imports().equals(before)
    assert workspace.store.observation_count() == 0
    assert workspace.archive.events() == []


def test_demo_extracts_have_the_published_magnitudes():
    files = demo_set.demo_files(TODAY)
    monthly = analyse_file(files["demandeurs_emploi_cat_A_mensuel.xlsx"], "m.xlsx", today=TODAY)
    region = monthly.observations[monthly.observations["level"] == "region"].set_index("period")["value"]
    assert region["2020-04"] == pytest.approx(234_410, rel=0.01)
    assert region["2020-04"] / region["2020-03"] - 1 == pytest.approx(0.32, abs=0.02)
    annex = analyse_file(files["activite_partielle_DAP_cumul_21-07-2020.xlsx"], "a.xlsx", today=TODAY).to_dict()
    assert annex["totals"]["dap_salaries"] == pytest.approx(881_895, abs=5 * 85)
    assert annex["totals"]["dap_heures"] == pytest.approx(406_500_000, rel=0.001)
    offers = analyse_file(files["offres_emploi_collectees.xlsx"], "o.xlsx", today=TODAY).observations
    by_month = offers.groupby("period")["value"].sum()
    assert by_month["2020-04"] / by_month["2019-04"] - 1 == pytest.approx(-0.60, abs=0.03)
    for name, content in files.items():
        data = analyse_file(content, name, today=TODAY).to_dict()
        assert data["status"] == "ok", (name, data["errors"])
        assert data["periods"][-1] in {"2026-T3", "2026-09", "cumul-2020-07-21"}


def test_filled_template_is_read_back():
    territories = geography.builtin_territories().query("maille == 'ze2020'").rename(columns={"nom": "name"})
    workbook = openpyxl.load_workbook(io.BytesIO(build_template("ze2020", territories)))
    workbook["Demandeurs d'emploi"].append(["2020-04", "5206", "Cholet", "Brutes", "A", "Ensemble", "Ensemble",
                                             "Ensemble", "demandeurs", 5230])
    workbook["Activité partielle"].append(["avril 2020", None, "Laval", "Brutes", "C1", "di_salaries", "1 250"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    report = analyse_file(buffer.getvalue(), "modele.xlsx", today=TODAY)
    assert report.ok, report.problems
    rows = report.observations.set_index("indicator")
    assert rows.loc["demandeurs", ["geo_code", "period", "value"]].tolist() == ["5206", "2020-04", 5230.0]
    assert rows.loc["di_salaries", ["geo_code", "sector", "value"]].tolist() == ["5211", "C1", 1250.0]
    assert "Feuille masquée « Listes » ignorée." in report.notes


def test_reimport_reports_revisions_and_rebuild_replays_data_imports(workspace):
    extract = wide_quarters_xlsx()
    actions.import_data_file(extract.content, extract.name, workspace=workspace)
    revised = openpyxl.load_workbook(io.BytesIO(extract.content))
    revised.active["B5"] = revised.active["B5"].value + 7
    buffer = io.BytesIO()
    revised.save(buffer)
    check = actions.import_data_file(buffer.getvalue(), "revise.xlsx", dry_run=True, workspace=workspace)
    assert check.to_dict()["revisions"] == 1 and workspace.store.imports().shape[0] == 1
    actions.import_data_file(buffer.getvalue(), "revise.xlsx", workspace=workspace)
    before = workspace.store.export().drop(columns="import_id")
    workspace.store.path.unlink()
    assert actions.rebuild(workspace) == 2
    after = workspace.store.export().drop(columns="import_id")
    pd.testing.assert_frame_equal(before, after)




def test_command_line_import_contract(tmp_path):
    data_dir = tmp_path / "data"
    good = tmp_path / "de.csv"
    good.write_bytes(dares_long_csv().content)
    bad = tmp_path / "texte.csv"
    bad.write_bytes(bad_extracts()[0].content)
    dry = run_cli(["import", str(good), str(bad), "--dry-run", "--json"], data_dir)
    assert dry.returncode == 1
    first, second = (json.loads(line) for line in dry.stdout.splitlines())
    assert first["status"] == "ok" and second["status"] == "error"
    assert {"status", "source", "layout", "level", "rows_read", "rows_kept", "periods", "territories", "totals",
            "errors", "warnings"} <= set(first)
    assert first["rows_read"] == 4 * 2 * 2 * (23 * 3 + 2) and first["rows_kept"] == 4 * 2 * 2 * (23 * 3 + 1)
    assert first["rows_rejected"] == 4 * 2 * 2  # the other region's rows
    assert second["errors"][0] == {"message": "« beaucoup » n'est pas un nombre.", "sheet": "texte.csv",
                                   "row": 6, "column": "E"}
    assert not (data_dir / "clefop.duckdb").exists() or "de.csv" not in run_cli(["history"], data_dir).stdout
    done = run_cli(["import", str(good), "--source", "demandeurs_emploi"], data_dir)
    assert done.returncode == 0 and "importé" in done.stdout
    exported = pd.read_csv(io.StringIO(run_cli(["export"], data_dir).stdout), dtype={"geo_code": str})
    assert len(exported) == 4 * 2 * 2 * (23 * 3 + 1)
    assert set(exported["geo_code"]) >= {"5206", "0051", "52"}


def test_one_month_update_in_wide_layout_is_read():
    update = extracts.monthly_update_xlsx([datetime(2026, 10, 1)])
    data = analyse_file(update.content, update.name, today=TODAY).to_dict()
    assert (data["status"], data["layout"], data["level"], data["periods"]) == ("ok", "large", "zone_emploi",
                                                                              ["2026-10"])
    assert at_total(data["totals"])["demandeurs"] == update.totals["demandeurs"]
    assert len(data["territories"]) == 23


def test_month_to_month_jumps_are_warned_at_their_own_month_whatever_the_row_order():
    rows = {"5201": [400, 410, 900, 905], "5202": [400, 420, 430, 440], "5203": [30, 90, 20, 95]}  # 5203: too small
    months = ["2020-01", "2020-02", "2020-03", "2020-04"]
    lines = ["Mois;Code zone d'emploi;Catégorie;Sexe;Nombre de demandeurs d'emploi (données brutes)"]
    for index in (3, 1, 0, 2):  # months out of order, as some extractions give them
        for code, values in rows.items():
            lines += [f"{months[index]};{code};A;Ensemble;{values[index]}", f"{months[index]};{code};A;Femmes;50"]
    report = analyse_file(("\n".join(lines) + "\n").encode(), "de.csv", today=TODAY)
    assert report.ok, report.problems
    spikes = [p.message for p in report.problems if "Variation inhabituelle" in p.message]
    assert spikes == ["Variation inhabituelle d'un mois sur l'autre pour 5201 en 2020-03 : à vérifier."]
    where = next(p for p in report.problems if "Variation inhabituelle" in p.message)
    assert (where.row, where.column) == (2 + 3 * 6, "E")  # 2020-03 is the fourth block of six rows, 5201 first


def test_a_problem_located_by_missing_cells_has_no_place_rather_than_nan():
    from loaders.errors import Problem
    problem = Problem("Valeur refusée.", float("nan"), float("nan"), float("nan"))
    assert (problem.sheet, problem.row, problem.column, problem.where()) == (None, None, None, "")
    assert Problem("Valeur refusée.", "Données", 12, "C").where() == "feuille « Données », ligne 12, colonne C"

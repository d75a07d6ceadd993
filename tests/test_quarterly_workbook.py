"""The 13-sheet quarterly CVS-CJO workbook of job seekers: each sheet stands on its own, France entière and France
métropolitaine are two levels, breakdowns the dashboard does not keep are set aside by name."""

from __future__ import annotations

import pytest

from loaders import actions
from loaders.domain.sources import SENIORITY, SOURCES
from loaders.tables.headers import read_text
from tests.conftest import run_cli
from tests.quarterly_workbook import QUARTERS, quarterly_workbook

NAME = "demandeurs_emploi_trimestriels_cvs.xlsx"
FRANCE_SHEETS = [f"Tab{n}" for n in range(1, 10)]


@pytest.fixture(scope="module")
def made():
    return quarterly_workbook()


def _at_totals(frame, **fixed):
    rows = frame
    for dimension in ("sex", "age", "seniority"):
        rows = rows[rows[dimension] == fixed.get(dimension, "ensemble")]
    return rows


def test_every_sheet_lands_on_its_own_level_category_and_breakdown(workspace, made):
    report = actions.import_data_file(made.content, NAME, workspace=workspace)
    assert report.ok, [p.message for p in report.problems][:5]
    data = report.to_dict()
    assert len(data["periods"]) == len(QUARTERS) == 118 and data["territories"] == ["52"]
    assert data["totals"]["demandeurs"] == made.region
    assert data["france_totals"]["demandeurs"] == made.france  # France entière only, never summed with métropole
    assert data["france_metro_totals"]["demandeurs"] == made.metro
    stored = workspace.store.export()
    assert set(stored["adjustment"]) == {"cvs"}  # « données CVS-CJO » in every title
    for code, expected in (("52", made.region), ("FR", made.france), ("FRM", made.metro)):
        rows = _at_totals(stored[stored["geo_code"] == code])
        assert rows.groupby("category")["value"].sum().to_dict() == expected, code
    bands = _at_totals(stored[(stored["geo_code"] == "FR") & (stored["origin_sheet"] == "Tab3")])
    assert bands.empty  # the bands are detail rows, never a total
    france_bands = stored[(stored["geo_code"] == "FR") & (stored["seniority"] != "ensemble")]
    by_band = france_bands.groupby("seniority")["value"].sum()
    for written, expected in made.seniority.items():
        code = read_text(written, SOURCES["demandeurs_emploi"])[1]["seniority"]
        assert code in SENIORITY.bands and by_band[code] == expected, written
    assert set(stored["geo_code"]) == {"52", "FR", "FRM"}


def test_breakdowns_the_dashboard_does_not_keep_are_set_aside_by_name(workspace, made):
    report = actions.import_data_file(made.content, NAME, dry_run=True, workspace=workspace)
    notes = report.to_dict()["notes"]
    reasons = {"Tab4": "nombre d'heures travaillées", "Tab5": "motif d'inscription", "Tab6": "motif de sortie",
               "Tab7": "niveau de diplôme"}
    for sheet, reason in reasons.items():
        said = [n for n in notes if n.startswith(f"Feuille « {sheet} » laissée de côté")]
        assert said and f"— {reason} : B « " in said[0], sheet
    assert not set(report.observations["origin_sheet"]) & set(reasons)
    assert not [p for p in report.problems if "Territoire" in p.message]  # no band or motive read as a place


def test_the_france_sheets_can_be_left_out_and_the_regional_ones_stay_exact(workspace, made, tmp_path):
    path = tmp_path / NAME
    path.write_bytes(made.content)
    skips = [arg for sheet in FRANCE_SHEETS for arg in ("--skip-sheet", sheet)]
    done = run_cli(["import", str(path), *skips], workspace.base)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Feuille « Tab9 » laissée de côté à la demande de l'analyste" in done.stdout
    stored = workspace.store.export()
    assert set(stored["origin_sheet"]) == {"Tab10", "Tab11"}
    regional = stored[stored["geo_code"] == "52"]
    assert regional.groupby("category")["value"].sum().to_dict() == made.region


def test_seniority_bands_written_over_two_lines_are_the_published_bands():
    source = SOURCES["demandeurs_emploi"]
    assert read_text("De 6 mois\nà moins d'un an", source)[1] == {"seniority": "6_11mois"}
    assert read_text("Moins d'un an", source)[1] == {"seniority": "moins_1an"}
    assert read_text("De 2 ans\nà moins de 3 ans", source)[1] == {"seniority": "24_35mois"}

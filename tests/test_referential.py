"""Import of the official EFOP referential, through the pipeline and through the command line."""

import json

import pytest
import shapely

from loaders import actions
from loaders.values import geography
from tests import generators
from tests.conftest import run_cli


def efop_shapes(workspace) -> dict[str, shapely.Geometry]:
    collection = json.loads(workspace.store.geojson("efop"))
    return {f["properties"]["code"]: shapely.geometry.shape(f["geometry"]) for f in collection["features"]}


def test_odd_headers_workbook_becomes_the_default_maille(workspace):
    report = actions.import_referential(generators.odd_headers_workbook(), "Territoires EFOP.xlsx",
                                         workspace=workspace)
    assert report.ok, report.problems
    assert workspace.store.default_maille() == "efop"
    territories = workspace.store.territories("efop")
    assert len(territories) == 18
    assert "Cholet" in set(territories["name"])
    expected = generators.efop_assignment().set_index("code_commune")["code_territoire"].to_dict()
    membership = workspace.store.membership("efop")
    assert dict(zip(membership["code_commune"], membership["territory"])) == expected


def test_efop_polygons_are_dissolved_from_communes_without_gaps_or_overlaps(workspace):
    actions.import_referential(generators.odd_headers_workbook(), "efop.xlsx", workspace=workspace)
    shapes = efop_shapes(workspace)
    assert set(shapes) == set(workspace.store.territories("efop")["code"])
    ze = json.loads(geography.builtin_geojson("ze2020"))
    region_area = shapely.union_all([shapely.geometry.shape(f["geometry"]) for f in ze["features"]]).area
    union = shapely.union_all(list(shapes.values()))
    assert sum(s.area for s in shapes.values()) - union.area < 1e-6 * region_area
    assert abs(union.area - region_area) < 0.01 * region_area
    names = dict(zip(workspace.store.territories("efop")["name"], workspace.store.territories("efop")["code"]))
    cholet = shapes[names["Cholet"]]
    assert cholet.contains(shapely.Point(-0.879, 47.060))  # Cholet town hall
    assert len(workspace.store.geojson("efop").encode()) <= 300_000


def test_epci_referential_in_cp1252_csv_covers_all_communes(workspace):
    report = actions.import_referential(generators.epci_csv(), "efop-epci.csv", workspace=workspace)
    assert report.ok, report.problems
    data = report.to_dict()
    assert data["communes"] == 1228 and data["missing"] == []
    assert "fontenay-le-comte" in data["territories"]


def test_broken_referential_is_refused_with_located_french_errors_and_changes_nothing(workspace):
    before = workspace.store.mailles()
    report = actions.import_referential(generators.broken_referential(), "efop.csv", workspace=workspace)
    data = report.to_dict()
    assert data["status"] == "error"
    assert data["unknown"] == ["44999"]
    assert data["duplicates"] == ["44001"]
    assert len(data["missing"]) == 28
    unknown = next(e for e in data["errors"] if "44999" in e["message"])
    assert unknown == {"message": "Code « 44999 » inconnu : ni commune ni EPCI de la région.",
                       "sheet": "efop.csv", "row": 1202, "column": "A"}
    assert any("rattachée à deux territoires" in e["message"] and e["row"] == 1203 for e in data["errors"])
    assert any(e["message"].startswith("28 commune(s) de la région sans territoire") for e in data["errors"])
    assert workspace.store.mailles().equals(before)
    assert workspace.store.imports().empty
    assert workspace.archive.events() == []


def test_file_without_referential_table_is_refused(workspace):
    report = actions.import_referential(b"a;b\n1;2\n", "vide.csv", workspace=workspace)
    assert not report.ok
    assert "Aucune table de référentiel" in report.to_dict()["errors"][0]["message"]




def test_command_line_contract(tmp_path):
    data_dir = tmp_path / "data"
    good = tmp_path / "efop.xlsx"
    good.write_bytes(generators.odd_headers_workbook())
    bad = tmp_path / "efop-casse.csv"
    bad.write_bytes(generators.broken_referential())

    dry = run_cli(["referential", "import", str(good), "--dry-run", "--json"], data_dir)
    assert dry.returncode == 0, dry.stderr
    payload = json.loads(dry.stdout)
    assert payload["status"] == "ok" and len(payload["territories"]) == 18 and payload["communes"] == 1228
    assert {"missing", "unknown", "duplicates", "errors"} <= set(payload)

    refused = run_cli(["referential", "import", str(bad), "--json"], data_dir)
    assert refused.returncode == 1
    assert json.loads(refused.stdout)["status"] == "error"

    done = run_cli(["referential", "import", str(good), "--name", "EFOP 2026"], data_dir)
    assert done.returncode == 0 and "importé" in done.stdout
    history = run_cli(["history"], data_dir)
    assert "efop.xlsx" in history.stdout and "efop-casse.csv" not in history.stdout
    workspace = actions.Workspace(data_dir)
    assert workspace.store.mailles().set_index("id").loc["efop", "label"] == "EFOP 2026"


@pytest.mark.parametrize("odd, why", [
    ("Saumur", "est déjà le nom d'un autre territoire (code"),
    ("toute la Région", "est réservé au choix de toute la région"),
    ("Bassin " * 40, "a 279 caractères : 80 au plus"),
    ("=HYPERLINK(\"http://exemple.org\")", "commence comme une formule"),
    ("http://exemple.org", "commence comme une formule, un lien"),
    ("<script>alert(1)</script>", "une balise"),
])
def test_a_territory_name_the_pages_could_not_show_is_refused_with_its_cell(workspace, odd, why):
    communes = generators.efop_assignment()
    communes["territoire"] = communes["territoire"].replace({"Cholet": odd})
    rows = ["code_commune;code territoire;territoire",
            *[f"{r.code_commune};{r.code_territoire};{r.territoire}" for r in communes.itertuples()]]
    content = ("\n".join(rows) + "\n").encode("utf-8")
    report = actions.import_referential(content, "efop.csv", workspace=workspace)
    refused = [e for e in report.to_dict()["errors"] if e["message"].startswith("Nom de territoire")]
    assert len(refused) == 1 and why in refused[0]["message"], report.to_dict()["errors"]
    assert refused[0]["sheet"] == "efop.csv" and refused[0]["column"] == "C" and refused[0]["row"] > 1
    assert len(refused[0]["message"]) < 300  # a long name is cut in the message, with its length
    assert workspace.store.imports().empty


def test_a_grid_of_one_territory_per_commune_is_imported_and_its_map_stays_within_its_stated_bound(workspace,
                                                                                                     tmp_path):
    from loaders.planning.referential import MAILLE_BUDGET, PER_TERRITORY
    grid = tmp_path / "communes.csv"
    grid.write_bytes(generators.one_territory_per_commune_csv())
    checked = run_cli(["referential", "import", "--dry-run", str(grid)], workspace.base)
    assert checked.returncode == 0 and "1228 territoire(s)" in checked.stdout, checked.stderr
    report = actions.import_referential(generators.one_territory_per_commune_csv(), "communes.csv",
                                        workspace=workspace)
    assert report.ok, report.to_dict()["errors"][:3]
    assert len(report.to_dict()["territories"]) == 1228 and not report.to_dict()["missing"]
    drawn = workspace.store.geojson("efop")
    assert len(json.loads(drawn)["features"]) == 1226  # two communes are drawn with their host commune
    assert len(drawn.encode()) <= MAILLE_BUDGET + PER_TERRITORY * (1226 - 100)

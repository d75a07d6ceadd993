"""Real published extracts (../shared/real-extracts) and national files: nothing is put in the wrong place.

A territory is attributed only on evidence: a code or a name read at one level, a title that names the
region, or the analyst's explicit choice. Rows of other départements and régions, France and R's NA are
set aside and counted, never errors and never the region.
"""

from __future__ import annotations

import pytest

from loaders import actions
from loaders.planning.ingest import analyse_file
from loaders.settings import PROJECT_DIR
from loaders.tables.extract_base import STATED
from tests.conftest import run_cli
from tests.national_extracts import dares_regional_quarters, partial_activity_annex

REAL = PROJECT_DIR.parent / "shared" / "real-extracts"


def real(name: str) -> bytes:
    path = REAL / name
    if not path.is_file():
        pytest.fail(f"fichier réel absent : {path} (le dossier shared/ doit être à côté du projet)")
    return path.read_bytes()


def test_national_departement_series_keeps_the_five_departements_and_not_haute_marne(workspace):
    silent = actions.import_data_file(real("table_defm_departement_categorie.csv"),
                                       "table_defm_departement_categorie.csv", workspace=workspace)
    assert not silent.ok and workspace.store.export().empty  # nothing in the file says raw or adjusted
    assert [p.message for p in silent.problems if p.severity == "erreur"] == [STATED["adjustment"]]
    report = actions.import_data_file(real("table_defm_departement_categorie.csv"),
                                       "table_defm_departement_categorie.csv", overrides={"adjustment": "brut"},
                                       workspace=workspace)
    assert report.ok, [p.message for p in report.problems][:5]
    data = report.to_dict()
    assert data["territories"] == ["44", "49", "53", "72", "85"] and data["level"] == "departement"
    assert len(data["periods"]) == 246 and data["periods"][0] == "1996-01" and data["periods"][-1] == "2016-06"
    assert any("d'autres régions ignorées (hors Pays de la Loire)" in note for note in data["notes"])
    stored = workspace.store.export()
    assert set(stored["geo_code"]) == {"44", "49", "53", "72", "85"}  # no région row: 52 is Haute-Marne
    by_category = stored.groupby("category")["value"].sum()
    assert set(by_category.index) == {"A", "B", "C", "D", "E"}
    assert by_category["A"] == 33_067_900
    assert data["totals"]["demandeurs"]["A"] == 33_067_900 and set(data["totals"]["demandeurs"]) == set("ABCDE")
    june = stored[(stored["category"] == "A") & (stored["period"] == "2016-06")]
    assert june["value"].sum() == 158_300
    august = stored[(stored["period"] == "1996-08") & (stored["geo_code"] == "44") & (stored["category"] == "A")]
    assert august["value"].tolist() == [65_400]  # written 65400.00000000001 by R: a count, read as a whole number


def test_national_offers_series_naming_no_territory_is_refused_not_stored_as_the_region(workspace):
    report = actions.import_data_file(real("series_offres_difusees_T32025.xlsx"),
                                       "series_offres_difusees_T32025.xlsx", workspace=workspace)
    assert not report.ok
    messages = [p.message for p in report.problems]
    assert any("n'indique pas le territoire qu'il couvre" in m and "--territory" in m for m in messages)
    assert workspace.store.export().empty


def _france_series(title: str) -> bytes:
    lines = [title, "Données brutes", "", "date;categorie;defm"]
    lines += [f"2016-0{m};A;{3_300_000 + m * 1000}" for m in range(1, 7)]
    return ("\n".join(lines) + "\n").encode()


def test_a_series_without_territory_column_is_the_region_only_when_its_title_or_the_analyst_says_so(workspace):
    france = actions.import_data_file(_france_series("Demandeurs d'emploi - Champ : France entière"), "fr.csv",
                                       dry_run=True, workspace=workspace)
    data = france.to_dict()
    assert france.ok and data["france"] and data["territories"] == [] and data["totals"] == {}
    assert data["france_totals"] == {"demandeurs": {"A": sum(3_300_000 + m * 1000 for m in range(1, 7))}}
    assert set(france.observations["geo_code"]) == {"FR"} and set(france.observations["level"]) == {"france"}
    silent = actions.import_data_file(_france_series("Demandeurs d'emploi en fin de mois"), "x.csv",
                                       workspace=workspace)
    assert not silent.ok
    titled = actions.import_data_file(_france_series("Demandeurs d'emploi - Pays de la Loire"), "pdl.csv",
                                       dry_run=True, workspace=workspace)
    assert titled.ok and titled.to_dict()["territories"] == ["52"]
    chosen = actions.import_data_file(_france_series("Demandeurs d'emploi en fin de mois"), "x.csv",
                                       overrides={"territory": "region"}, workspace=workspace)
    assert chosen.ok
    assert set(workspace.store.export()["geo_code"]) == {"52"}


NATIONAL = """code_region;code_departement;libelle_departement;categorie;date;defm
52;44;Loire-Atlantique;A;2020-04;52000
52;49;Maine-et-Loire;A;2020-04;36000
52;53;Mayenne;A;2020-04;8000
52;72;Sarthe;A;2020-04;24000
52;85;Vendée;A;2020-04;25000
44;52;Haute-Marne;A;2020-04;6100
94;2A;Corse-du-Sud;A;2020-04;7000
94;2B;Haute-Corse;A;2020-04;8000
01;971;Guadeloupe;A;2020-04;50000
84;26  -Drôme;Drôme;A;2020-04;20000
NA;NA;Non ventilé;A;2020-04;300
;;TOTAL;A;2020-04;3600000
"""


def test_national_departement_file_sets_other_regions_france_and_na_aside_and_counts_them(workspace):
    report = actions.import_data_file(NATIONAL.encode(), "national.csv", overrides={"adjustment": "brut"},
                                       workspace=workspace)
    assert report.ok, [p.message for p in report.problems]
    data = report.to_dict()
    assert data["territories"] == ["44", "49", "53", "72", "85"]
    assert data["totals"]["demandeurs"] == {"A": 145_000}  # the region's own five, never Haute-Marne nor France
    notes = " ".join(data["notes"])
    assert "5 ligne(s) d'autres régions ignorées" in notes
    assert "gardée comme niveau France" in notes and "1 ligne(s) sans territoire (NA)" in notes
    assert data["france"] and data["france_totals"] == {"demandeurs": {"A": 3_600_000}}
    assert data["set_aside"] == {"outside": 5, "none": 1}
    assert not [p for p in report.problems if "diffère du total régional" in p.message]


def test_command_line_takes_the_analysts_territory(workspace, tmp_path):
    path = tmp_path / "serie.csv"
    path.write_bytes(_france_series("Demandeurs d'emploi en fin de mois"))
    refused = run_cli(["import", str(path), "--dry-run"], workspace.base)
    assert refused.returncode == 1 and "n'indique pas le territoire" in refused.stdout
    chosen = run_cli(["import", str(path), "--territory", "region"], workspace.base)
    assert chosen.returncode == 0, chosen.stdout + chosen.stderr
    assert set(workspace.store.export()["geo_code"]) == {"52"}


def test_national_epci_workbook_keeps_the_regions_epci_by_name_each_category_and_breakdown(workspace):
    report = actions.import_data_file(real("defm_par_epci_en_decembre_2016.xlsx"),
                                       "defm_par_epci_en_decembre_2016.xlsx", workspace=workspace)
    assert report.ok, [p.message for p in report.problems][:5]
    data = report.to_dict()
    title = ("Nombre de demandeurs d'emploi inscrits à Pôle emploi en décembre 2016 par EPCI et selon différentes "
             "caractéristiques")
    assert data["sheets"][0] == {"sheet": "Description", "status": "métadonnées", "metadata": {
        "source": "données brutes de la STMT, Pôle emploi", "referentiel": "janvier 2017, INSEE", "titre": title}}
    assert [s["rows_kept"] for s in data["sheets"][1:]] == [60, 60, 60, 60]  # 59 EPCI and the France total
    assert data["periods"] == ["2016-12"] and data["level"] == "epci" and len(data["territories"]) == 59
    assert data["totals"]["demandeurs"] == {"A": 149_298, "B": 39_236, "C": 81_044, "ABC": 269_578, "D": 17_948,
                                            "E": 20_467, "ABCDE": 307_993}
    assert data["france"] and data["france_totals"]["demandeurs"]["A"] == 3_782_194  # the TOTAL row, as France
    assert data["set_aside"]["outside"] == 4 * 1020 and data["set_aside"]["hors"] == 4
    assert {"CA Agglomération du Choletais", "CA de Laval", "CC de Sablé-Sur-Sarthe"} <= set(data["old_names"])
    assert "200071678" in data["missing_territories"]  # CA Cholet Agglomération, the 2017 name is listed instead
    left_out = [n for n in data["notes"] if n.startswith("Feuille « Apar_age_sexe_diplome » : colonne(s) non reprise")]
    assert left_out and "K « Niveau de diplôme NIV. I/II »" in left_out[0]
    stored = workspace.store.export()
    nantes = stored[stored["geo_code"] == "244400404"].set_index(["category", "sex", "age", "seniority"])["value"]
    assert nantes[("A", "ensemble", "ensemble", "ensemble")] == 33_985
    assert nantes[("A", "H", "moins_25", "ensemble")] == 2_585  # sex over age band, two header rows
    assert nantes[("ABC", "ensemble", "ensemble", "moins_3mois")] == 12_887  # « Catégorie ABC » merged above
    fontenay = stored[(stored["geo_code"] == "200071934") & (stored["category"] == "A")]  # « CC Pays de … » (2017)
    assert len(fontenay) and not (stored["geo_code"] == "52").any()


def test_national_offers_series_is_kept_as_france_when_the_analyst_says_so(workspace, tmp_path):
    path = tmp_path / "series_offres_difusees_T32025.xlsx"
    path.write_bytes(real("series_offres_difusees_T32025.xlsx"))
    result = run_cli(["import", str(path), "--territory", "france", "--json"], workspace.base)
    assert result.returncode == 1 and "--adjustment brut" in result.stdout  # France said, raw or adjusted not
    result = run_cli(["import", str(path), "--territory", "france", "--adjustment", "brut", "--json"], workspace.base)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    stored = workspace.store.export()
    assert set(stored["level"]) == {"france"} and set(stored["geo_code"]) == {"FR"}
    monthly = stored[(stored["offer_type"] == "ensemble") & (stored["period_type"] == "month")]
    monthly = monthly.set_index("period")["value"]
    assert len(monthly) == 129 and monthly["2015-01"] == 350_700 and monthly["2025-09"] == 738_100  # Année+Mois
    assert set(stored["indicator"]) == {"offres_diffusees"}  # the other sheets only say « offres »
    cdi = stored[(stored["offer_type"] == "cdi")].set_index("period")["value"]
    assert cdi["2015-01"] == 164_800


def test_transposed_regional_series_keeps_the_region_and_france_only():
    national = dares_regional_quarters()
    data = analyse_file(national.content, "defm_regions_trimestrielles.xlsx").to_dict()
    assert data["status"] == "ok", data["errors"][:3]
    assert data["layout"] == "transposée" and data["level"] == "region" and data["territories"] == ["52"]
    assert data["periods"] == national.periods
    assert data["totals"] == {"demandeurs": national.region}
    assert data["france_totals"] == {"demandeurs": national.france}
    assert data["set_aside"] == {"outside": national.outside_rows}  # the other régions' columns, counted once
    assert f"{national.outside_rows} colonne(s) d'autres régions ignorées (hors Pays de la Loire)." in data["notes"]


def test_partial_activity_annex_by_departement_with_notes_and_secret_cells():
    annex = partial_activity_annex()
    report = analyse_file(annex.content, "annexe_activite_partielle.xlsx")
    data = report.to_dict()
    assert data["status"] == "ok", data["errors"][:3]
    assert data["territories"] == ["44", "49", "53", "72", "85"] and data["periods"] == annex.periods
    assert data["totals"] == annex.region and data["france_totals"] == annex.france
    assert data["set_aside"] == {"outside": annex.outside_rows}


@pytest.mark.parametrize("name", ["France entière (hors Mayotte)", "Total France", "France métropolitaine", "FR"])
def test_france_rows_are_france_whatever_their_wording(name):
    from loaders.values.geocodes import FRANCE_TOTAL, GeoIndex
    assert GeoIndex().by_name(None, name).status == FRANCE_TOTAL


@pytest.mark.parametrize("name, status", [("Bretagne", "outside"), ("Haute-Marne", "outside"),
                                          ("CC des Quatre Rivières", "outside"), ("Mayenne", "ok"),
                                          ("Nulle-Part-sur-Loire", "unknown")])
def test_names_of_other_regions_are_set_aside_and_names_found_nowhere_are_errors(name, status):
    from loaders.values.geocodes import GeoIndex
    assert GeoIndex().by_name(None, name).status == status

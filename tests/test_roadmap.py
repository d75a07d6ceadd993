"""The roadmap: the service-offer catalogue (default, import, refusals, history) and territory priorities."""

from __future__ import annotations

import io
from datetime import date

import openpyxl
import pytest

from loaders import actions
from loaders.domain.roadmap import THEMES
from loaders.errors import UserError
from loaders.planning import roadmap
from loaders.samples.workbooks import workbook_bytes
from tests.conftest import run_cli

STATE_TOOLBOX = ["Activité partielle", "Activité partielle de longue durée (APLD)",
                 "Prestation de conseil en ressources humaines (PCRH)", "FNE-Formation",
                 "Plan de sauvegarde de l'emploi (PSE)", "Contrat de sécurisation professionnelle (CSP)",
                 "Revitalisation des territoires", "Prêt de main-d'œuvre"]


def catalogue_xlsx(rows: list[list], title: bool = True) -> bytes:
    """A catalogue as an analyst would edit it in Excel: a title, the header, then one measure per row."""
    wb = openpyxl.Workbook()
    if title:
        wb.active.append(["Offre de services des partenaires — CLEFOP de Cholet"])
    wb.active.append(["Nom de la mesure", "Porté par", "Public cible", "Thèmes", "En bref", "Lien"])
    for row in rows:
        wb.active.append(row)
    return workbook_bytes(wb)


GOOD = [["Forum de l'emploi du Choletais", "EPCI", "demandeurs d'emploi; jeunes", "recrutement, Jeunes",
         "Rencontre annuelle entre recruteurs et candidats.", "https://www.exemple.fr/forum"],
        ["Club RH des PME", "OPCO", "entreprises", "Traitement des impacts RH", "Échanges de pratiques.", ""]]


def test_default_catalogue_covers_the_state_toolbox_and_every_theme():
    items = roadmap.default_catalogue()
    assert set(STATE_TOOLBOX) <= set(items["name"])
    themes = {t for value in items["themes"] for t in value.split(" | ")}
    assert themes == {t.id for t in THEMES}
    assert items["link"].str.startswith("https://").all()
    assert {"Région", "France Travail", "Carif-Oref", "OPCO", "Transitions Pro"} <= {
        c.strip() for value in items["carrier"] for c in value.split(",")}


def test_catalogue_from_excel_is_read_with_synonyms_and_multi_values():
    report = roadmap.parse_catalogue(catalogue_xlsx(GOOD), "offre.xlsx")
    assert report.ok, report.problems
    first = report.items.iloc[0]
    assert (first["publics"], first["themes"]) == ("demandeurs d'emploi | jeunes", "recrutement | jeunes")
    assert report.items.iloc[1]["link"] == ""


@pytest.mark.parametrize(("row", "message", "column"), [
    (["", "Région", "jeunes", "jeunes", "x", ""], "Nom de la mesure manquant.", "A"),
    (["Mesure", "Région", "jeunes", "Tourisme", "x", ""], "Thème « Tourisme » inconnu", "D"),
    (["Mesure", "Région", "retraités", "jeunes", "x", ""], "Public « retraités » inconnu", "C"),
    (["Mesure", "Région", "jeunes", "jeunes", "x", "www exemple"], "Lien « www exemple » invalide", "F"),
    (["Mesure", "Région", "jeunes", "jeunes", "x", "javascript:alert(1)"], "invalide", "F"),
])
def test_catalogue_refusals_are_french_and_located(workspace, row, message, column):
    report = actions.import_catalogue(catalogue_xlsx([*GOOD, row]), "offre.xlsx", workspace=workspace)
    assert not report.ok
    errors = report.to_dict()["errors"]
    assert [(e["row"], e["column"]) for e in errors if message in e["message"]] == [(5, column)]
    assert workspace.store.imports().empty and workspace.store.catalogue()[1] is None


def test_catalogue_import_history_and_undo(workspace):
    assert workspace.store.catalogue()[1] is None
    first = actions.import_catalogue(catalogue_xlsx(GOOD), "offre_v1.xlsx", who="analyste", workspace=workspace)
    second = actions.import_catalogue(catalogue_xlsx(GOOD[:1]), "offre_v2.xlsx", who="analyste",
                                       workspace=workspace)
    assert first.ok and second.ok
    items, import_id = workspace.store.catalogue()
    assert (import_id, list(items["name"])) == (2, ["Forum de l'emploi du Choletais"])
    actions.undo_import(2, "analyste", workspace)
    items, import_id = workspace.store.catalogue()
    assert (import_id, len(items)) == (1, 2)
    imports = workspace.store.imports()
    assert list(imports["kind"]) == ["catalogue", "catalogue"] and list(imports["status"]) == ["undone", "active"]
    actions.rebuild(workspace)
    assert workspace.store.catalogue()[1] == 1


def test_priorities_are_set_changed_kept_and_rebuilt(workspace):
    actions.record_priorities("ze2020", "5206", ["rh", "jeunes"], date(2020, 10, 6), "Plénière d'octobre",
                               who="animatrice", workspace=workspace)
    actions.record_priorities("ze2020", "5206", ["rh", "recrutement", "jeunes"], date(2021, 10, 5),
                               who="animatrice", workspace=workspace)
    history = workspace.store.priorities("ze2020", "5206")
    assert [t for t in history["themes"]] == [["rh", "recrutement", "jeunes"], ["rh", "jeunes"]]
    assert history.iloc[1]["note"] == "Plénière d'octobre"
    assert workspace.store.priorities("ze2020", "5216").empty
    actions.rebuild(workspace)
    assert len(workspace.store.priorities("ze2020", "5206")) == 2
    assert actions.recover(workspace) == 0


@pytest.mark.parametrize("themes", [["rh"], ["rh", "jeunes", "crise", "relance"], ["rh", "tourisme"]])
def test_priorities_outside_the_roadmap_are_refused(workspace, themes):
    with pytest.raises(UserError, match="priorités|inconnu"):
        actions.record_priorities("ze2020", "5206", themes, None, workspace=workspace)
    assert workspace.store.priorities("ze2020", "5206").empty


def test_catalogue_template_round_trip_through_excel():
    items = roadmap.default_catalogue()
    buffer = io.BytesIO()
    items.rename(columns={"name": "Nom", "carrier": "Porteur", "publics": "Publics", "themes": "Thèmes",
                          "description": "Description", "link": "En savoir plus"}).to_excel(buffer, index=False)
    report = roadmap.parse_catalogue(buffer.getvalue(), "catalogue.xlsx")
    assert report.ok and report.items.equals(items)


def test_command_line_catalogue_import_reports_the_place_of_each_problem(workspace, tmp_path):
    bad = tmp_path / "offre.xlsx"
    bad.write_bytes(catalogue_xlsx([*GOOD, ["Mesure", "Région", "jeunes", "Tourisme", "x", ""]]))
    result = run_cli(["catalogue", str(bad)], workspace.base)
    assert result.returncode == 1
    assert "Thème « Tourisme » inconnu" in result.stdout and "ligne 5, colonne D" in result.stdout
    good = tmp_path / "offre_ok.xlsx"
    good.write_bytes(catalogue_xlsx(GOOD))
    assert run_cli(["catalogue", str(good)], workspace.base).returncode == 0
    assert workspace.store.catalogue()[1] == 1

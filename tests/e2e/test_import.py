"""Analyst journeys in Chromium: who may import, an upload confirmed then undone, a broken upload."""

import io
import re
from datetime import datetime
from urllib.parse import quote

import pandas as pd
import pytest
from playwright.sync_api import expect

from loaders.values.geography import EFOP_LABEL
from tests import generators
from tests.bad_extracts import bad_extracts
from tests.conftest import run_cli
from tests.e2e.conftest import ARTIFACTS, after_rerun, sidebar_choices, upload, wait_for_app
from tests.extracts import monthly_update_xlsx
from tests.test_never_guess import workbook_with_a_blocking_sheet

pytestmark = pytest.mark.xdist_group("import")  # one server per module, on one worker

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def open_import_page(page, server):
    page.goto(f"{server.url}/importer")
    page.get_by_role("heading", name="Importer des données").wait_for(timeout=90_000)
    page.get_by_text("réservés aux analystes").wait_for(timeout=60_000)  # drawn with the login form
    wait_for_app(page)


def log_in(page, server):
    page.get_by_label("Votre nom (inscrit dans l'historique des imports)").fill("Camille Analyste")
    page.get_by_label("Mot de passe analyste").fill(server.printed_password())
    page.get_by_role("button", name="Se connecter").click()
    page.get_by_role("tab", name="Extraits de données").wait_for(timeout=30_000)
    wait_for_app(page)  # the tabs belong to the run after the login: let it finish before uploading


def upload_data(page, name: str, content: bytes, mime: str = XLSX):
    upload(page, [{"name": name, "mimeType": mime, "buffer": content}])


HEADINGS = {"Vue régionale": "Vue régionale — Pays de la Loire", "Importer des données": "Importer des données",
            "Éditions": "Éditions"}


def go_to(page, label: str):
    """Follow a menu link (the session, hence the login, is kept) and wait for the new page's title."""
    page.get_by_test_id("stSidebar").get_by_role("link", name=label).click()
    page.get_by_role("heading", name=HEADINGS[label], exact=True).wait_for(timeout=60_000)
    wait_for_app(page)


def key_figures_text(page) -> str:
    """Return the regional page's text once it is complete (its last heading is drawn after the figures)."""
    page.get_by_role("heading", name="Classement des territoires").wait_for(timeout=60_000)
    wait_for_app(page)
    return page.get_by_test_id("stMain").inner_text()


def test_viewer_without_the_secret_cannot_reach_the_import_actions(server, page):
    open_import_page(page, server)
    expect(page.get_by_text("réservés aux analystes")).to_be_visible(timeout=60_000)
    expect(page.get_by_label("Mot de passe analyste")).to_be_visible(timeout=60_000)
    assert page.get_by_test_id("stFileUploader").count() == 0
    assert page.get_by_role("tab").count() == 0
    assert page.get_by_role("button", name=re.compile("Confirmer|Annuler")).count() == 0
    page.get_by_label("Votre nom (inscrit dans l'historique des imports)").fill("Quelqu'un")
    page.get_by_label("Mot de passe analyste").fill("au hasard")
    page.get_by_role("button", name="Se connecter").click()
    page.get_by_text("Mot de passe incorrect.").wait_for(timeout=30_000)
    assert page.get_by_test_id("stFileUploader").count() == 0


def test_analyst_imports_a_new_month_sees_it_then_undoes_it(server, page):
    go_to_home = f"{server.url}/"
    page.goto(go_to_home)
    wait_for_app(page)
    assert "octobre 2026" not in key_figures_text(page)
    go_to(page, "Importer des données")
    log_in(page, server)
    update = monthly_update_xlsx([datetime(2026, 10, 1)])
    upload_data(page, update.name, update.content)
    page.get_by_text("prêt à importer").wait_for(timeout=90_000)
    expect(page.get_by_text("En confirmant : 1 nouvelle(s) période(s) (octobre 2026)")).to_be_visible(timeout=60_000)
    page.get_by_role("button", name="Confirmer l'import (1 fichier(s))").click()
    page.get_by_text("1 fichier(s) importé(s), tels que vérifiés.").wait_for(timeout=60_000)

    go_to(page, "Vue régionale")
    assert "octobre 2026" in key_figures_text(page)

    go_to(page, "Importer des données")
    after_rerun(page, page.get_by_role("tab", name="Historique des imports").click)
    page.get_by_role("button", name="Annuler cet import").click()
    page.get_by_role("button", name="Oui, annuler l'import").click()
    page.get_by_text("annulé : les valeurs précédentes sont de nouveau affichées").wait_for(timeout=60_000)
    wait_for_app(page)
    assert page.get_by_role("tab", name="Historique des imports").get_attribute("aria-selected") == "true"
    history = run_cli(["history"], server.data_dir).stdout
    assert re.search(r"defm_cat_A_mise_a_jour\.xlsx .*Camille Analyste \(mot de passe analyste\) +undone", history)

    go_to(page, "Vue régionale")
    assert "octobre 2026" not in key_figures_text(page)


def test_broken_upload_shows_the_french_error_with_its_place_and_changes_nothing(server, page):
    bad = next(b for b in bad_extracts() if b.name == "texte.csv")
    hostile_name = "<img src=x onerror=alert(1)> [lien](http://exemple.org).csv"
    open_import_page(page, server)  # the first visit of a new server imports the demo data
    log_in(page, server)
    before = run_cli(["history"], server.data_dir).stdout
    upload_data(page, hostile_name, bad.content, "text/csv")
    page.get_by_text("refusé").first.wait_for(timeout=60_000)
    table = page.get_by_test_id("stTable").first
    table.wait_for()
    expect(page.get_by_text("ne peut pas être importé").first).to_be_visible(timeout=60_000)
    assert page.get_by_role("button", name="Confirmer l'import (0 fichier(s))").is_disabled()
    rows = [[c.strip() for c in row.locator("td, th").all_inner_texts()] for row in table.locator("tr").all()]
    assert rows[0] == ["Gravité", "Feuille", "Ligne", "Colonne", "Problème"]
    located = [r for r in rows if any("« beaucoup » n'est pas un nombre" in c for c in r)]
    assert located and located[0][2:4] == ["6", "E"]
    assert page.locator("img[src='x']").count() == 0
    links = page.locator("a[href='http://exemple.org']")
    assert links.count() == 0, [links.nth(i).evaluate("e => e.parentElement.parentElement.outerHTML")
                                for i in range(links.count())]
    assert page.get_by_text("<img src=x onerror=alert(1)>", exact=False).count() >= 1
    assert run_cli(["history"], server.data_dir).stdout == before


def test_analyst_imports_the_efop_referential_and_names_are_shown_literally(server, page):
    hostile = "Mauges <img src=x onerror=alert(1)> **Cholet**"
    open_import_page(page, server)
    log_in(page, server)
    after_rerun(page, page.get_by_role("tab", name="Référentiel des territoires").click)
    upload(page, [{"name": "efop.csv", "mimeType": "text/csv", "buffer": generators.efop_csv_with_name(hostile)}],
           nth=1)
    page.get_by_text("18 territoire(s), 1228 commune(s) rattachée(s)").wait_for(timeout=60_000)
    page.get_by_role("button", name="Confirmer le référentiel").click()
    page.get_by_text("c'est maintenant la maille par défaut").wait_for(timeout=60_000)

    page.goto(f"{server.url}/mon_territoire?territoire={quote(hostile)}")
    wait_for_app(page)
    assert sidebar_choices(page)[:2] == [EFOP_LABEL, hostile]
    page.get_by_role("heading", name=hostile, exact=True).wait_for(timeout=60_000)
    assert page.locator("img[src='x']").count() == 0


def test_upload_over_the_cap_gets_the_french_refusal(server, page, tmp_path):
    big = tmp_path / "extraction_complete.csv"
    big.write_bytes(b"Mois;Code commune;Nombre\n" + b"2020-04;44109;1\n" * 3_900_000)  # 62 MB
    open_import_page(page, server)
    log_in(page, server)
    upload(page, str(big))
    page.get_by_text("au-delà de la limite de 50 Mo : il n'a pas été lu").first.wait_for(timeout=90_000)
    assert page.get_by_role("button", name="Confirmer l'import (0 fichier(s))").is_disabled()


def test_confirmer_after_another_import_is_refused_then_the_file_checked_again_is_imported(server, page, tmp_path):
    open_import_page(page, server)
    log_in(page, server)
    update = monthly_update_xlsx([datetime(2026, 11, 1)])
    upload_data(page, update.name, update.content)
    page.get_by_text("prêt à importer").wait_for(timeout=90_000)
    wait_for_app(page)
    meanwhile = tmp_path / "defm_decembre.xlsx"  # another analyst imports while this one reads the report
    meanwhile.write_bytes(monthly_update_xlsx([datetime(2026, 12, 1)]).content)
    assert run_cli(["import", str(meanwhile)], server.data_dir).returncode == 0
    before = run_cli(["history"], server.data_dir).stdout

    page.get_by_role("button", name="Confirmer l'import (1 fichier(s))").click()
    page.get_by_text("La base a changé depuis la vérification du fichier").wait_for(timeout=60_000)
    expect(page.get_by_text("vient d'être refait sur l'état actuel de la base")).to_be_visible(timeout=60_000)
    assert run_cli(["history"], server.data_dir).stdout == before  # nothing written
    wait_for_app(page)
    page.screenshot(path=str(ARTIFACTS / "stale_plan.png"), full_page=True)
    page.get_by_role("button", name="Confirmer l'import (1 fichier(s))").click()  # the report now on screen
    page.get_by_text("1 fichier(s) importé(s), tels que vérifiés.").wait_for(timeout=60_000)
    assert update.name in run_cli(["history"], server.data_dir).stdout


def test_analyst_freezes_an_edition_a_revision_lands_and_the_edition_link_shows_the_old_figure(server, page, tmp_path):
    december = tmp_path / "defm_decembre.xlsx"  # the month as published first (already there: nothing changes)
    december.write_bytes(monthly_update_xlsx([datetime(2026, 12, 1)]).content)
    assert run_cli(["import", str(december)], server.data_dir).returncode == 0
    page.goto(f"{server.url}/")
    key_figures_text(page)
    shown_that_day = page.get_by_test_id("stMetricValue").first.inner_text()
    go_to(page, "Importer des données")
    log_in(page, server)
    go_to(page, "Éditions")
    page.get_by_label("Nom de l'édition").fill("Plénière CLEFOP de décembre")
    page.get_by_role("button", name="Figer l'édition").click()
    frozen = page.get_by_text(re.compile(r"Édition n° \d+ figée"))
    frozen.wait_for(timeout=60_000)
    number = re.search(r"n° (\d+)", frozen.inner_text()).group(1)
    revision = tmp_path / "defm_decembre_revise.xlsx"  # December published again, revised
    revision.write_bytes(monthly_update_xlsx([datetime(2026, 12, 1)], seed=31).content)
    assert run_cli(["import", str(revision)], server.data_dir).returncode == 0

    page.goto(f"{server.url}/")
    key_figures_text(page)
    revised = page.get_by_test_id("stMetricValue").first.inner_text()
    assert revised != shown_that_day
    page.goto(f"{server.url}/?edition={number}")
    text = key_figures_text(page)
    assert "données telles que présentées ce jour-là" in text
    assert page.get_by_test_id("stMetricValue").first.inner_text() == shown_that_day
    assert sidebar_choices(page)[0].startswith("Édition du ")
    page.screenshot(path=str(ARTIFACTS / "edition_view.png"), full_page=True)
    go_to(page, "Éditions")  # the menu's links keep the édition
    assert f"edition={number}" in page.url
    summary = page.get_by_text("Depuis cette édition :")
    expect(summary).to_be_visible(timeout=60_000)
    assert "24 valeurs révisées ou retirées" in summary.inner_text()  # 23 zones d'emploi and the region


def test_analyst_leaves_a_sheet_out_and_imports_the_rest(server, page):
    content, total = workbook_with_a_blocking_sheet()
    open_import_page(page, server)
    log_in(page, server)
    before = len(run_cli(["history"], server.data_dir).stdout.splitlines())
    upload_data(page, "deux_feuilles.xlsx", content)
    page.get_by_text("deux_feuilles.xlsx — refusé").wait_for(timeout=60_000)
    expect(page.get_by_text('--skip-sheet "Bassins"', exact=False).first).to_be_visible(timeout=30_000)
    choice = page.get_by_test_id("stMultiSelect").filter(has_text="Feuilles laissées de côté").locator("input")
    choice.click()
    after_rerun(page, page.get_by_role("option", name="Bassins").click)
    page.get_by_text("deux_feuilles.xlsx — prêt à importer").wait_for(timeout=60_000)
    expect(page.get_by_text("laissée de côté à la demande de l'analyste", exact=False).first).to_be_visible()
    page.keyboard.press("Escape")  # the list of sheets, still open, covers the buttons
    page.screenshot(path=str(ARTIFACTS / "sheet_left_out.png"), full_page=True)
    page.get_by_role("button", name="Confirmer l'import (1 fichier(s))").click()
    page.get_by_text("1 fichier(s) importé(s), tels que vérifiés.").wait_for(timeout=60_000)
    history = run_cli(["history"], server.data_dir).stdout.splitlines()
    assert len(history) == before + 1 and "deux_feuilles.xlsx" in history[1]
    export = run_cli(["export"], server.data_dir).stdout
    exported = pd.read_csv(io.StringIO(export), dtype={"geo_code": str, "flag": str})
    ours = exported[exported["origin_sheet"] == "Pays de la Loire"]
    assert ours["value"].sum() == total and set(ours["period"]) == {"2020-T1", "2020-T2", "2020-T3", "2020-T4"}

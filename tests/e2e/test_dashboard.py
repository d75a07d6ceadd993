"""Journeys through the dashboard pages in Chromium: map click, presentation mode, downloads."""

import io
import re
import zipfile
from datetime import date

import openpyxl
import pytest
from playwright.sync_api import expect
from pptx import Presentation

from loaders import actions
from loaders.actions import Workspace
from tests.e2e.conftest import after_rerun, download, errors_of, sidebar_choices, wait_for_app

pytestmark = pytest.mark.xdist_group("dashboard")  # one server per module, on one worker


def test_clicking_a_territory_on_the_map_selects_it(server, page):
    page.goto(f"{server.url}/")
    wait_for_app(page)
    page.wait_for_selector("path.choroplethlocation", timeout=30_000)
    shape = page.locator("path.choroplethlocation").nth(10)
    box = shape.bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.wait_for_url(re.compile(r"territoire="), timeout=30_000)
    wait_for_app(page)
    chosen = sidebar_choices(page)[1]
    assert chosen != "Toute la région"
    highlighted = page.locator("[data-testid='stDataFrame']").first
    expect(highlighted).to_be_visible(timeout=60_000)


def test_downloaded_ranking_is_a_real_workbook_with_the_shown_values(server, page):
    page.goto(f"{server.url}/")
    wait_for_app(page)
    button = page.get_by_role("button", name="Télécharger (.xlsx)")
    button.wait_for(timeout=60_000)
    content = download(page, button)
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("Code", "Rang", "Territoire")
    assert len(rows) == 1 + 20 and rows[1][1] == 1


def test_toolbox_filters_and_exports_and_priorities_lead_the_presentation(server, page):
    actions.record_priorities("cle", "CLPE49002", ["recrutement", "jeunes"], date(2021, 10, 5), who="Camille",
                               workspace=Workspace(server.data_dir))
    page.goto(f"{server.url}/boite_a_outils")
    wait_for_app(page)
    page.get_by_role("heading", name="Boîte à outils : l'offre de services des partenaires").wait_for()
    theme = page.get_by_test_id("stMain").get_by_test_id("stSelectbox").first.locator("input")
    theme.click()
    theme.fill("Accompagnement")
    after_rerun(page, page.get_by_role("option", name="Accompagnement des jeunes").click)
    page.get_by_text(re.compile(r"^5 mesure\(s\) sur 27")).wait_for(timeout=30_000)
    wait_for_app(page)
    cards = page.get_by_test_id("stMain").get_by_test_id("stLinkButton")  # one « En savoir plus » per card
    expect(cards).to_have_count(5, timeout=30_000)  # the cards of the previous run fade out first
    assert "Garantie jeunes" in page.get_by_test_id("stMain").inner_text()
    page.get_by_text("Vue tableau et téléchargement").click()
    button = page.get_by_role("button", name="Télécharger (.xlsx)")
    expect(button).to_be_visible(timeout=30_000)
    wait_for_app(page)  # the file behind the button belongs to the finished run
    table = page.get_by_test_id("stExpander").get_by_test_id("stDataFrame")
    assert button.bounding_box()["y"] < table.bounding_box()["y"]  # the table, drawn late, cannot move the button
    rows = list(openpyxl.load_workbook(io.BytesIO(download(page, button))).active.iter_rows(values_only=True))
    assert rows[0] == ("Mesure ou service", "Porteur", "Publics", "Thèmes", "En bref", "En savoir plus")
    assert len(rows) == 1 + 5 and all("Accompagnement des jeunes" in row[3] for row in rows[1:])

    page.goto(f"{server.url}/mon_territoire?territoire=Cholet&mode=presentation")
    page.get_by_role("heading", name="Priorités du CLEFOP — choisies en plénière le 05/10/2021").wait_for(
        timeout=90_000)
    items = page.locator("[data-testid='stMarkdownContainer'] li").all_inner_texts()
    assert items[0].startswith("1. Besoins de recrutement des entreprises")
    assert page.locator("[data-testid='stMetricLabel']").first.inner_text().startswith("Offres d'emploi")


def test_plenary_page_prepares_the_deck_of_a_territory_and_of_every_territory(server, page):
    actions.record_priorities("cle", "CLPE44001", ["jeunes", "recrutement"], date(2026, 11, 2), who="Camille",
                               workspace=Workspace(server.data_dir))
    errors = errors_of(page)
    page.goto(f"{server.url}/pleniere?territoire=Loire-Atlantique+Centre")
    wait_for_app(page)
    page.get_by_role("heading", name="Préparer la plénière").wait_for(timeout=90_000)
    after_rerun(page, page.get_by_role("button", name="Préparer le diaporama de Loire-Atlantique Centre").click)
    name = re.compile(r"Télécharger pleniere_CLEFOP_Loire-Atlantique_Centre_.*\.pptx")
    button = page.get_by_role("button", name=name)
    expect(button).to_be_visible(timeout=60_000)
    deck = Presentation(io.BytesIO(download(page, button)))
    titles = [shape.text_frame.text for slide in deck.slides for shape in slide.shapes if shape.name == "titre"]
    assert titles[0].startswith("CLEFOP Loire-Atlantique Centre — plénière du ") and "Sources et méthode" in titles
    priorities = next(s for s in deck.slides if any(sh.name == "priorites" for sh in s.shapes))
    assert "Accompagnement des jeunes" in next(sh for sh in priorities.shapes if sh.name == "priorites").text_frame.text

    page.goto(f"{server.url}/pleniere?maille=D%C3%A9partements")  # five decks: the zip path, quickly
    wait_for_app(page)
    after_rerun(page, page.get_by_test_id("stButtonGroup").get_by_text(re.compile("^Tous les territoires")).click)
    page.get_by_text("réservé aux analystes connectés").wait_for(timeout=30_000)
    assert page.get_by_role("button", name="Préparer les diaporamas").count() == 0  # not for every viewer
    panel = page.get_by_test_id("stExpander").filter(has_text="Accès analyste").locator("details")
    panel.get_by_text("Accès analyste").click()  # the panel grows for half a second: let it finish before typing
    page.wait_for_function("d => d.open && d.getAnimations().length === 0", arg=panel.element_handle())
    page.get_by_label("Votre nom (inscrit dans l'historique des imports)").fill("Camille Analyste")
    password = page.get_by_label("Mot de passe analyste")
    password.fill(server.printed_password())
    after_rerun(page, lambda: password.press("Enter"))  # the form's own « Press Enter to submit »
    after_rerun(page, page.get_by_role("button", name="Préparer les diaporamas").click)
    button = page.get_by_role("button", name="Télécharger les diaporamas (.zip)")
    expect(button).to_be_visible(timeout=120_000)
    names = zipfile.ZipFile(io.BytesIO(download(page, button))).namelist()
    assert len(names) == 5 and "pleniere_CLEFOP_Sarthe_" in " ".join(names)
    assert not errors

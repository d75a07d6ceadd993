"""What the plenary audience sees, in Chromium: presentation mode entered from the menu, several people
switching territories at once, accessibility (axe-core) and the pages at a projector's and a laptop's size."""

from __future__ import annotations

import json
import re
from urllib.parse import quote_plus

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from loaders import access
from tests.e2e.conftest import ARTIFACTS, choose_in_sidebar, sidebar_choices, wait_for_app

pytestmark = pytest.mark.xdist_group("plenary")  # one server per module, on one worker

PAGES = {"vue_regionale": "/", "mon_territoire": "/mon_territoire?territoire=Cholet",
         "territoires": "/territoires?territoire=Cholet", "activite_partielle": "/activite_partielle",
         "comparer": "/comparer?territoire=Cholet", "feuille_de_route": "/feuille_de_route?territoire=Cholet",
         "boite_a_outils": "/boite_a_outils", "sources": "/sources", "importer": "/importer",
         "presentation": "/mon_territoire?territoire=Cholet&mode=presentation"}
PASSWORD = "mot-de-passe-de-la-pleniere"


# Streamlit's front end, opened on a page's own address, first looks for its server under that address
# (streamlit/streamlit#7074): those two 404s are its own probing, not an error of the dashboard.
PROBING = re.compile(r"404 .*/[a-z_]+/_stcore/(health|host-config)$")


def _errors_of(tab) -> list[str]:
    errors = []

    def console(message) -> None:
        text = f"{message.text} {message.location.get('url', '')}"
        if message.type == "error" and not PROBING.search(text):
            errors.append(text)
    tab.on("console", console)
    tab.on("pageerror", lambda error: errors.append(str(error)))
    return errors


def _heading(tab, name: str):
    return tab.get_by_role("heading", name=name, exact=True)


def test_presentation_from_the_menu_without_a_territory_walks_with_the_arrow_keys(server, page):
    errors = _errors_of(page)
    page.goto(f"{server.url}/")
    wait_for_app(page)
    assert sidebar_choices(page)[1] == "Toute la région"
    page.get_by_test_id("stSidebar").get_by_role("link", name="Mode présentation").click()
    first = _heading(page, "Alençon (partie régionale)")
    first.wait_for(timeout=90_000)
    wait_for_app(page, sidebar=False)
    assert page.get_by_test_id("stException").count() == 0
    assert not page.get_by_test_id("stSidebar").is_visible()
    page.wait_for_function("() => document.clefopKeys === true", timeout=30_000)
    page.keyboard.press("ArrowRight")
    _heading(page, "Ancenis").wait_for(timeout=30_000)
    wait_for_app(page, sidebar=False)
    page.keyboard.press("ArrowLeft")
    first.wait_for(timeout=30_000)
    wait_for_app(page, sidebar=False)
    page.keyboard.press("ArrowLeft")
    _heading(page, "Segré-en-Anjou Bleu").wait_for(timeout=30_000)
    wait_for_app(page, sidebar=False)
    page.get_by_role("link", name="Quitter le mode présentation").click()
    wait_for_app(page)
    assert sidebar_choices(page)[1] == "Segré-en-Anjou Bleu"
    assert page.get_by_test_id("stException").count() == 0
    assert errors == []


def test_several_people_switching_territories_at_once_each_end_on_their_own_choice(server, browser):
    names = ["Cholet", "Laval", "Le Mans", "Saumur", "Pornic", "Mayenne", "Nantes", "Angers", "Challans",
             "Saint-Nazaire", "Ancenis", "La Flèche"]
    contexts = [browser.new_context(viewport={"width": 1280, "height": 900}, locale="fr-FR") for _ in range(6)]
    tabs = [context.new_page() for context in contexts]
    errors = [_errors_of(tab) for tab in tabs]
    for tab in tabs:
        tab.goto(f"{server.url}/mon_territoire")
    for tab in tabs:
        wait_for_app(tab)
    for step in range(4):
        wanted = {}
        for index, tab in enumerate(tabs):
            passing, final = names[(index + step) % len(names)], names[(index + step + 5) % len(names)]
            choose_in_sidebar(tab, "Territoire", passing)  # a first choice, then another before it is drawn
            choose_in_sidebar(tab, "Territoire", final)
            wanted[index] = final
        for index, tab in enumerate(tabs):
            final = wanted[index]
            _heading(tab, final).wait_for(timeout=90_000)
            wait_for_app(tab)
            assert sidebar_choices(tab)[1] == final, (step, index)
            expect(tab).to_have_url(re.compile("territoire=" + re.escape(quote_plus(final)) + "(&|$)"))
            assert tab.locator("h1").first.inner_text() == final
    ARTIFACTS.mkdir(exist_ok=True)
    tabs[0].screenshot(path=str(ARTIFACTS / "concurrent_switch.png"))
    for context in contexts:
        context.close()
    assert all(found == [] for found in errors), errors


@pytest.fixture(scope="module")
def analyst(server):
    access.set_password(PASSWORD, server.data_dir)
    return PASSWORD


@pytest.mark.parametrize("size", [(1920, 1080), (1366, 768)], ids=["projecteur", "portable"])
def test_every_page_is_accessible_and_laid_out_for_the_room(server, browser, analyst, size):
    context = browser.new_context(viewport={"width": size[0], "height": size[1]}, locale="en-US")
    tab = context.new_page()
    errors = _errors_of(tab)
    found, jumps = {}, {}
    for name, path in PAGES.items():
        tab.goto(server.url + path)
        wait_for_app(tab, sidebar="presentation" not in name)
        if name == "importer":
            tab.get_by_label("Votre nom (inscrit dans l'historique des imports)").fill("Camille")
            tab.get_by_label("Mot de passe analyste").fill(analyst)
            tab.get_by_role("button", name="Se connecter").click()
            tab.get_by_role("tab", name="Extraits de données").wait_for(timeout=60_000)
            wait_for_app(tab)
        tab.screenshot(path=str(ARTIFACTS / f"{name}-{size[0]}x{size[1]}.png"), full_page=True)
        found[name] = _serious_violations(tab)
        jumps[name] = _heading_jumps(tab)
        if name == "importer":
            for other in ("Référentiel des territoires", "Offre de services", "Historique des imports"):
                tab.get_by_role("tab", name=other).click()
                wait_for_app(tab)
                found[f"{name} — {other}"] = _serious_violations(tab)
        assert tab.get_by_test_id("stException").count() == 0, name
    context.close()
    (ARTIFACTS / f"axe-{size[0]}x{size[1]}.json").write_text(json.dumps(found, ensure_ascii=False, indent=1))
    assert all(not v for v in found.values()), found
    assert all(not v for v in jumps.values()), jumps
    assert errors == [], errors


def _serious_violations(tab) -> list:
    results = Axe().run(tab, options={"resultTypes": ["violations"]})
    return [(v["id"], len(v["nodes"]), v["nodes"][0]["target"], v["nodes"][0].get("failureSummary", "")[:300])
            for v in results.response["violations"] if v["impact"] in ("serious", "critical")]


def _heading_jumps(tab) -> list[str]:
    """Return the headings of the main area that skip a level (an h3 right after the h1)."""
    headings = tab.get_by_test_id("stMain").locator("h1, h2, h3, h4, h5, h6").evaluate_all(
        "nodes => nodes.filter(n => n.offsetParent !== null).map(n => [Number(n.tagName[1]), n.innerText])")
    jumps, previous = [], 0
    for level, text in headings:
        if level > previous + 1:
            jumps.append(f"h{level} « {text} » après h{previous}")
        previous = level
    return jumps

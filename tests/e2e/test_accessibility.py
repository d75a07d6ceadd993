"""Accessibility (axe-core) and layout of every page, in Chromium, at a projector's and a laptop's size."""

from __future__ import annotations

import json
from datetime import date

import pytest
from axe_playwright_python.sync_playwright import Axe

from loaders.actions import Workspace, access, editions
from tests.e2e.conftest import ARTIFACTS, errors_of, open_context, wait_for_app

# Not pinned to one worker: the two halves of the audit may run side by side, each with its own server.

PAGES = {"vue_regionale": "/", "mon_territoire": "/mon_territoire?territoire=Cholet",
         "territoires": "/territoires?territoire=Cholet", "activite_partielle": "/activite_partielle",
         "comparer": "/comparer?territoire=Cholet", "feuille_de_route": "/feuille_de_route?territoire=Cholet",
         "boite_a_outils": "/boite_a_outils", "sources": "/sources", "pleniere": "/pleniere?territoire=Cholet",
         "editions": "/editions", "edition_ouverte": "/mon_territoire?territoire=Cholet&edition=1",
         "importer": "/importer",
         "presentation": "/mon_territoire?territoire=Cholet&mode=presentation"}
PASSWORD = "mot-de-passe-de-la-pleniere"


@pytest.fixture(scope="module")
def analyst(server):
    """The analyst's password, and an édition of the demo data (its banner is audited too)."""
    access.set_password(PASSWORD, server.data_dir)
    editions.freeze("Plénière CLEFOP du 15/11/2026", date(2026, 11, 15), "ze2020", "Camille",
                    Workspace(server.data_dir))
    return PASSWORD


LAPTOP, PROJECTOR = (1366, 768), (1920, 1080)


HALVES = {"vues": list(PAGES)[:7], "outils": list(PAGES)[7:]}


@pytest.mark.parametrize("half", list(HALVES))
def test_every_page_is_accessible_and_laid_out_for_the_room(server, browser, analyst, half):
    """The axe audit of every page on a laptop's screen; screenshots at both sizes in tests/e2e/artifacts."""
    ARTIFACTS.mkdir(exist_ok=True)
    context = open_context(browser, viewport={"width": LAPTOP[0], "height": LAPTOP[1]}, locale="en-US")
    tab = context.new_page()
    errors = errors_of(tab)
    found, jumps = {}, {}
    for name in HALVES[half]:
        tab.goto(server.url + PAGES[name])
        wait_for_app(tab, sidebar="presentation" not in name)
        if name == "importer":
            tab.get_by_label("Votre nom (inscrit dans l'historique des imports)").fill("Camille")
            tab.get_by_label("Mot de passe analyste").fill(analyst)
            tab.get_by_role("button", name="Se connecter").click()
            tab.get_by_role("tab", name="Extraits de données").wait_for(timeout=60_000)
            wait_for_app(tab)
        for size in _sizes_in_order(tab, name):
            _screenshot(tab, name, size)
            if size == LAPTOP:
                found.update(_audit(tab, name))
                jumps[name] = _heading_jumps(tab)
        assert tab.get_by_test_id("stException").count() == 0, name
    context.close()
    (ARTIFACTS / f"axe-{half}.json").write_text(json.dumps(found, ensure_ascii=False, indent=1))
    assert all(not v for v in found.values()), found
    assert all(not v for v in jumps.values()), jumps
    assert errors == [], errors


def _sizes_in_order(tab, name: str) -> tuple:
    """Return both sizes, the one the page opened at first: each page is resized once, not twice. The import
    page is audited last, as its audit walks its tabs."""
    opened = (tab.viewport_size["width"], tab.viewport_size["height"])
    return (PROJECTOR, LAPTOP) if opened == PROJECTOR or name == "importer" else (LAPTOP, PROJECTOR)


def _screenshot(tab, name: str, size: tuple[int, int]) -> None:
    width, height = size
    if (tab.viewport_size["width"], tab.viewport_size["height"]) != size:
        tab.set_viewport_size({"width": width, "height": height})
        wait_for_app(tab, sidebar="presentation" not in name)
    tab.screenshot(path=str(ARTIFACTS / f"{name}-{width}x{height}.png"), full_page=True)


def _audit(tab, name: str) -> dict[str, list]:
    """Return the serious violations of the page, and of each tab of the import page."""
    found = {name: _serious_violations(tab)}
    if name == "importer":
        for other in ("Référentiel des territoires", "Offre de services", "Historique des imports"):
            tab.get_by_role("tab", name=other).click()
            wait_for_app(tab)
            found[f"{name} — {other}"] = _serious_violations(tab)
    return found


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

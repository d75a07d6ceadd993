"""What the plenary audience sees, in Chromium: presentation mode entered from the menu, several people
switching territories at once, a browser console without errors."""

from __future__ import annotations

import re
from urllib.parse import quote_plus

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import ARTIFACTS, choose_in_sidebar, errors_of, open_context, sidebar_choices, wait_for_app

pytestmark = pytest.mark.xdist_group("plenary")  # one server per module, on one worker


def _heading(tab, name: str):
    return tab.get_by_role("heading", name=name, exact=True)


def test_presentation_from_the_menu_without_a_territory_walks_with_the_arrow_keys(server, page):
    errors = errors_of(page)
    page.goto(f"{server.url}/")
    wait_for_app(page)
    assert sidebar_choices(page)[1] == "Toute la région"
    page.get_by_test_id("stSidebar").get_by_role("link", name="Mode présentation").click()
    first = _heading(page, "Angers")
    first.wait_for(timeout=90_000)
    wait_for_app(page, sidebar=False)
    assert page.get_by_test_id("stException").count() == 0
    assert not page.get_by_test_id("stSidebar").is_visible()
    value = page.locator("[data-testid='stMetricValue'] p").first
    assert float(value.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")) >= 48  # readable from afar
    page.get_by_role("button", name=re.compile("Suivant")).click()
    _heading(page, "Cholet").wait_for(timeout=30_000)
    wait_for_app(page, sidebar=False)  # a key pressed while the page is still drawn would press the old button
    page.wait_for_function("() => document.clefopKeys === true", timeout=30_000)  # the key listener is ready
    page.keyboard.press("ArrowLeft")
    first.wait_for(timeout=30_000)
    wait_for_app(page, sidebar=False)
    page.keyboard.press("ArrowLeft")
    _heading(page, "Vendée Sud").wait_for(timeout=30_000)
    wait_for_app(page, sidebar=False)
    page.get_by_role("link", name="Quitter le mode présentation").click()
    wait_for_app(page)
    assert sidebar_choices(page)[1] == "Vendée Sud"
    assert page.get_by_test_id("stException").count() == 0
    assert errors == []


def test_several_people_switching_territories_at_once_each_end_on_their_own_choice(server, browser):
    names = ["Cholet", "Mayenne Nord", "Sarthe Centre", "Saumur", "Loire-Atlantique Ouest", "Mayenne Sud",
             "Loire-Atlantique Centre", "Angers", "Vendée Ouest", "Loire-Atlantique Sud", "Segré", "Sarthe Sud"]
    contexts = [open_context(browser, viewport={"width": 1280, "height": 900}, locale="fr-FR") for _ in range(5)]
    tabs = [context.new_page() for context in contexts]
    errors = [errors_of(tab) for tab in tabs]
    for tab in tabs:  # a light page whose heading names the territory: the race is in the shared sidebar
        tab.goto(f"{server.url}/feuille_de_route")
    for tab in tabs:
        wait_for_app(tab)
    for step in range(2):
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
            assert tab.locator("h2").first.inner_text() == final
    ARTIFACTS.mkdir(exist_ok=True)
    tabs[0].screenshot(path=str(ARTIFACTS / "concurrent_switch.png"))
    for context in contexts:
        context.close()
    assert all(found == [] for found in errors), errors

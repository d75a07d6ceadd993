"""From a cold server start: deep links, shared filters in the URL, the offline map."""

import re
from urllib.parse import quote

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import after_rerun, sidebar_choices, wait_for_app

pytestmark = pytest.mark.xdist_group("foundation")  # one server per module, on one worker


def test_first_deep_link_after_start_shows_the_page_with_its_filters(server, page):
    page.goto(f"{server.url}/territoires?maille={quote('Départements')}&territoire=Maine-et-Loire")
    wait_for_app(page)
    page.get_by_text("176 communes").wait_for()
    sidebar = page.get_by_test_id("stSidebar")
    assert sidebar_choices(page)[:2] == ["Départements", "Maine-et-Loire"]
    assert page.get_by_test_id("stSidebarNav").count() == 0  # only our French menu
    expect(sidebar.get_by_role("link", name="Vue régionale")).to_be_visible(timeout=60_000)
    assert page.get_by_test_id("stException").count() == 0


def test_map_is_drawn_offline_and_the_link_keeps_the_selection(server, page):
    blocked = []
    page.route(re.compile(r"^https?://(?!127\.0\.0\.1).*"), lambda route: (blocked.append(route.request.url),
                                                                          route.abort()))
    page.goto(f"{server.url}/?territoire=Cholet")
    wait_for_app(page)
    page.wait_for_selector("path.choroplethlocation", timeout=20_000)
    widths = page.locator("path.choroplethlocation").evaluate_all(
        "paths => paths.map(p => parseFloat(getComputedStyle(p).strokeWidth))")
    assert len(widths) == 20 + 1  # one shape per comité local pour l'emploi, plus the selection's outline
    assert sorted(widths)[-1] == 4 and sorted(widths)[-2] == 1
    assert sidebar_choices(page)[1] == "Cholet"
    assert "Données de démonstration" in page.inner_text("body")
    assert page.get_by_test_id("stMetric").count() == 3  # the regional key figures
    assert page.get_by_test_id("stException").count() == 0 and page.get_by_test_id("stAlertContentError").count() == 0
    assert blocked == []  # nothing fetched from outside the machine
    page.get_by_test_id("stSidebar").get_by_role("link", name="Composition des territoires").click()
    page.wait_for_url(re.compile(r"/territoires\?territoire=Cholet"))
    wait_for_app(page)
    page.get_by_text("Cholet :").wait_for()
    page.reload()
    wait_for_app(page)
    assert sidebar_choices(page)[1] == "Cholet"


def test_choosing_a_territory_writes_it_in_the_link(server, page):
    page.goto(server.url)
    wait_for_app(page)
    box = page.locator("[data-testid='stSidebar'] [data-testid='stSelectbox'] input").nth(1)
    box.click()
    box.fill("Loire-Atlantique Centre")
    page.get_by_role("option", name="Loire-Atlantique Centre", exact=True).click()
    page.wait_for_url(re.compile(r"territoire=Loire-Atlantique\+Centre"))
    wait_for_app(page)
    page.goto(page.url)  # the copied link reproduces the view
    wait_for_app(page)
    assert sidebar_choices(page)[1] == "Loire-Atlantique Centre"
    page.get_by_test_id("stSidebar").get_by_role("link", name="Mon territoire", exact=True).click()
    page.wait_for_url(re.compile(r"/mon_territoire\?.*territoire=Loire-Atlantique\+Centre"))
    page.get_by_role("heading", name="Loire-Atlantique Centre", exact=True).wait_for(timeout=60_000)
    wait_for_app(page)
    assert page.get_by_test_id("stMetric").count() == 3
    page.get_by_role("heading", name="Faits saillants").wait_for()
    facts = page.locator("[data-testid='stMarkdownContainer'] li").all_inner_texts()
    assert len(facts) >= 2 and any("Loire-Atlantique Centre" in fact for fact in facts)
    page.reload()
    page.get_by_role("heading", name="Loire-Atlantique Centre", exact=True).wait_for(timeout=60_000)
    wait_for_app(page)
    chart_data = page.get_by_test_id("stExpander").filter(has_text="Données du graphique").first
    assert chart_data.get_by_test_id("stDataFrame").count() == 0  # not drawn while closed
    after_rerun(page, lambda: chart_data.get_by_text("Données du graphique").click())
    expect(chart_data.get_by_test_id("stDataFrame")).to_be_visible(timeout=60_000)  # filled once opened
    expect(chart_data.get_by_role("button", name=re.compile("Télécharger"))).to_have_count(2)

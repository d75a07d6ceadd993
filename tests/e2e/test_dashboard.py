"""Journeys through the dashboard pages in Chromium: map click, presentation mode, downloads."""

import io
import re

import openpyxl

from tests.e2e.conftest import sidebar_choices, wait_for_app


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
    assert highlighted.is_visible()


def test_presentation_mode_hides_the_chrome_and_moves_with_the_arrow_keys(server, page):
    page.goto(f"{server.url}/mon_territoire?territoire=Cholet&mode=presentation")
    page.get_by_role("heading", name="Cholet", exact=True).wait_for(timeout=90_000)
    assert not page.get_by_test_id("stSidebar").is_visible()
    value = page.locator("[data-testid='stMetricValue'] p").first
    assert float(value.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")) >= 48  # readable from afar
    page.get_by_role("button", name=re.compile("Suivant")).click()
    page.wait_for_url(re.compile(r"territoire=(?!Cholet)"), timeout=30_000)
    page.wait_for_function("() => document.querySelector('h1') && document.querySelector('h1').innerText "
                           "!== 'Cholet'", timeout=30_000)
    page.wait_for_function("() => document.clefopKeys === true", timeout=30_000)  # the key listener is ready
    page.keyboard.press("ArrowLeft")
    page.get_by_role("heading", name="Cholet", exact=True).wait_for(timeout=30_000)


def test_downloaded_ranking_is_a_real_workbook_with_the_shown_values(server, page):
    page.goto(f"{server.url}/")
    wait_for_app(page)
    button = page.get_by_role("button", name="Télécharger (.xlsx)")
    button.wait_for(timeout=60_000)
    with page.expect_download() as download:
        button.click()
    content = download.value.path().read_bytes()
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("Code", "Rang", "Territoire")
    assert len(rows) == 1 + 23 and rows[1][1] == 1

"""A damaged database seen from a viewer's browser: a short notice, no server path, no repair button."""

import pytest

from tests.e2e.conftest import wait_for_app

pytestmark = pytest.mark.xdist_group("unavailable")  # one server per module, on one worker


def test_a_viewer_of_a_damaged_database_sees_no_path_and_no_repair_button(server, page):
    page.goto(f"{server.url}/")
    wait_for_app(page)  # the first visit imports the demo data
    database = server.data_dir / "clefop.duckdb"
    database.write_bytes(b"\x00 pas une base DuckDB " * 4000)
    page.goto(f"{server.url}/mon_territoire")
    page.get_by_text("momentanément indisponible").wait_for(timeout=90_000)
    wait_for_app(page, sidebar=False)
    body = page.inner_text("body")
    assert str(server.data_dir) not in body and "clefop.duckdb" not in body
    assert page.get_by_role("button", name="Reconstruire la base à partir de l'archive").count() == 0
    assert page.get_by_test_id("stException").count() == 0

"""The pages, run by Streamlit's AppTest on a throw-away store."""

import json

import pytest
from streamlit.testing.v1 import AppTest

from loaders import pipeline
from loaders.settings import PROJECT_DIR
from tests import generators

PAGES = ["app.py", "pages/1_territoires.py"]


def run_page(path: str, **params) -> AppTest:
    app = AppTest.from_file(str(PROJECT_DIR / "app.py"), default_timeout=60)
    for key, value in params.items():
        app.query_params[key] = value
    if path != "app.py":
        app.switch_page(path)
    return app.run()


@pytest.mark.parametrize("path", PAGES)
def test_every_page_renders_without_exception(workspace, path):
    app = run_page(path)
    assert not app.exception
    assert app.sidebar.selectbox(key="maille").value == "ze2020"
    assert app.sidebar.selectbox(key="territoire").value == "__region__"


def test_map_draws_one_shape_per_zone_and_outlines_the_selection(workspace):
    app = run_page("app.py", territoire="Cholet")
    spec = json.loads(app.get("plotly_chart")[0].proto.spec)
    shapes, outline = spec["data"][0], spec["data"][1]
    assert len(shapes["locations"]) == 23 and "0051" in shapes["locations"]
    assert len(spec["data"][0]["geojson"]["features"]) == 23
    assert outline["locations"] == ["5206"] and outline["marker"]["line"]["width"] == 4
    assert "Sélection : Cholet." in app.caption[0].value


def test_malformed_query_string_falls_back_to_defaults_with_a_notice(workspace):
    app = run_page("app.py", maille="nimporte", territoire="<b>Atlantide</b>")
    assert not app.exception
    assert app.sidebar.selectbox(key="maille").value == "ze2020"
    assert app.sidebar.selectbox(key="territoire").value == "__region__"
    warnings = " ".join(w.value for w in app.warning)
    assert "« nimporte »" in warnings and "« <b>Atlantide</b> »" in warnings


def test_imported_efop_maille_is_offered_first_and_lists_its_communes(workspace):
    pipeline.import_referential(generators.odd_headers_workbook(), "efop.xlsx", workspace=workspace)
    app = run_page("pages/1_territoires.py", territoire="Cholet")
    assert app.sidebar.selectbox(key="maille").value == "efop"
    table = app.dataframe[0].value
    assert set(table["Territoire"]) == {"Cholet"}
    expected = generators.efop_assignment()
    assert len(table) == (expected["territoire"] == "Cholet").sum()
    assert "communes" in app.caption[0].value

"""The pages, run by Streamlit's AppTest, on known fixture stores (every page on demo data and on an empty store:
tests/test_exploration.py)."""

import json

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.ui.frame import DATA_KEY
from loaders import actions
from loaders.actions import Workspace
from loaders.settings import PROJECT_DIR
from tests import generators
from tests.conftest import finished, private_copy
from tests.extracts import ZE_NAMES

PAGES = ["app.py", "pages/1_mon_territoire.py", "pages/2_territoires.py", "pages/3_sources.py",
         "pages/4_activite_partielle.py", "pages/5_comparer.py", "pages/7_feuille_de_route.py",
         "pages/8_boite_a_outils.py", "pages/9_pleniere.py", "pages/10_editions.py"]


def run_page(path: str, **params) -> AppTest:
    app = AppTest.from_file(str(PROJECT_DIR / "app.py"), default_timeout=90)
    for key, value in params.items():
        app.query_params[key] = value
    if path != "app.py":
        app.switch_page(path)
    return app.run()


@pytest.fixture(scope="module")
def known_template(tmp_path_factory):
    """Job seekers cat. A by zone d'emploi for T4 2019 and T2 2020, with regional rows; Cholet ranks 4th."""
    workspace = Workspace(tmp_path_factory.mktemp("known") / "data")
    values = {code: (1000 + i * 10, 1100 + i * 10) for i, code in enumerate(ZE_NAMES)}
    values.update({"5206": (4417, 5230), "5216": (35000, 40000), "5202": (14000, 15000), "5212": (13000, 14000)})
    lines = ["Date;Code zone d'emploi;Zone d'emploi;Catégorie;Nombre de demandeurs d'emploi (données brutes)"]
    for code, (before, after) in values.items():
        lines += [f"2019-T4;{code};{ZE_NAMES[code]};A;{before}", f"2020-T2;{code};{ZE_NAMES[code]};A;{after}"]
    lines += ["2019-T4;;Pays de la Loire;A;169492", "2020-T2;;Pays de la Loire;A;190000"]
    report = actions.import_data_file(("\n".join(lines) + "\n").encode(), "de.csv", who="analyste",
                                       workspace=workspace)
    assert report.ok, report.problems
    return finished(workspace)


@pytest.fixture
def known_store(known_template, workspace):
    return private_copy(known_template, workspace)


ZE = "Zones d'emploi 2020 (INSEE)"
# the label the zones had in links made before the committees became the default grid
FORMER_ZE = "Zones d'emploi 2020 (découpage par défaut, en attendant le référentiel EFOP officiel)"


def test_regional_view_shows_the_known_figures(known_store):
    app = run_page("app.py", maille=FORMER_ZE, territoire="Cholet")
    assert not app.warning and app.sidebar.selectbox(key="maille").value == "ze2020"
    metric = app.metric[0]
    assert metric.value == "190\u202f000"
    assert metric.delta == "+12,1\u00a0% par rapport à T4 2019"
    assert app.metric[1].value == "n.d." and "Pas de données" in app.metric[1].help
    spec = json.loads(app.get("plotly_chart")[0].proto.spec)
    assert len(spec["data"][0]["locations"]) == 23 and spec["data"][-1]["locations"] == ["5206"]
    ranking = app.dataframe[0].value
    assert ranking.loc[ranking["Code"] == "5206", "Rang"].iloc[0] == 4


def test_territory_page_shows_the_known_sentence(known_store):
    app = run_page("pages/1_mon_territoire.py", maille=ZE, territoire="Cholet")
    assert app.title[0].value == "Cholet"
    bullets = app.markdown[0].value if "Cholet" in app.markdown[0].value else app.markdown[1].value
    assert ("À Cholet, le nombre de demandeurs d'emploi de catégorie A atteint 5\u202f230 en T2 2020, "
            "+18,4\u00a0% par rapport au T4 2019 (région : +12,1\u00a0%) ; le territoire se classe 4e sur 23 "
            "(données brutes).") in bullets
    assert app.metric[0].value == "5\u202f230"


def test_malformed_query_string_falls_back_to_defaults_with_a_notice(workspace):
    app = run_page("app.py", maille="nimporte", territoire="<b>Atlantide</b>", periode="13e mois")
    assert not app.exception
    assert app.sidebar.selectbox(key="maille").value == "cle"
    assert app.sidebar.selectbox(key="territoire").value == "__region__"
    warnings = " ".join(w.value for w in app.warning)
    assert "« nimporte »" in warnings and "« \\<b\\>Atlantide\\</b\\> »" in warnings and "« 13e mois »" in warnings


def test_imported_efop_maille_is_offered_first_and_lists_its_communes(workspace):
    actions.import_referential(generators.odd_headers_workbook(), "efop.xlsx", workspace=workspace)
    app = run_page("pages/2_territoires.py", territoire="Cholet")
    assert app.sidebar.selectbox(key="maille").value == "efop"
    table = app.dataframe[0].value
    assert set(table["Territoire"]) == {"Cholet"}
    expected = generators.efop_assignment()
    assert len(table) == (expected["territoire"] == "Cholet").sum()


def test_sources_page_lists_indicators_and_imports(known_store):
    app = run_page("pages/3_sources.py", maille="ze2020")
    indicators = app.dataframe[0].value
    assert list(indicators["Indicateur"])[0] == "Demandeurs d'emploi de catégorie A"
    assert "de.csv" in indicators["Fichiers importés"].iloc[0] and "analyste" in indicators["Fichiers importés"].iloc[0]
    assert indicators["Couverture"].iloc[0] == "23 territoires, T4 2019 à T2 2020"
    history = app.dataframe[1].value
    assert list(history["Statut"]) == ["en vigueur"]


def test_presentation_mode_steps_through_territories(known_store):
    app = run_page("pages/1_mon_territoire.py", maille=ZE, territoire="Cholet", mode="presentation")
    assert not app.exception and app.title[0].value == "Cholet"
    assert any("stSidebar" in h.proto.body for h in app.get("html"))  # the chrome is hidden
    names = list(known_store.store.territories("ze2020")["name"])  # the order of the territory list
    following = next(b for b in app.button if "Suivant" in b.label)
    following.click().run()
    assert app.title[0].value == names[names.index("Cholet") + 1]
    previous = next(b for b in app.button if "Précédent" in b.label)
    previous.click().run()
    previous = next(b for b in app.button if "Précédent" in b.label)
    previous.click().run()
    assert app.title[0].value == names[names.index("Cholet") - 1]


def test_territory_page_summarises_partial_activity_where_the_data_reaches(demo_store):
    app = run_page("pages/1_mon_territoire.py", maille="Départements", territoire="Sarthe", periode="avril 2020")
    assert not app.exception
    summary = next(d.value for d in app.dataframe if "Indicateur" in d.value.columns)
    rows = summary.set_index("Indicateur")
    assert rows.loc["Salariés placés en activité partielle (indemnisation)", "Période"] == "avril 2020"
    # the monthly commune extract gives DAP by month too: the month asked for wins over the cumulated annex
    assert rows.loc["Salariés concernés par une demande d'autorisation (DAP)", "Période"] == "avril 2020"


def test_comparison_page_shows_the_known_changes(known_store):
    app = run_page("pages/5_comparer.py", maille=ZE, territoire="Cholet")
    assert not app.exception
    spec = json.loads(app.get("plotly_chart")[0].proto.spec)
    assert len(spec["data"]) == 3  # Cholet and two more territories, one small chart each
    table = next(d.value for d in app.dataframe if "Territoire" in d.value.columns).set_index("Territoire")
    assert table.loc["Cholet", "Demandeurs d'emploi (cat. A) — évolution (%)"] == 18.4
    assert table.loc["Nantes", "Demandeurs d'emploi (cat. A)"] == 40000


def test_partial_activity_page_shows_the_known_sector_table(workspace):
    lines = ["reg;dep;DI_MOIS_ANNEE;a17;Effectif en DI"]
    for dep, (industry, trade) in {"44": (1200, 3400), "49": (800, 2100), "53": (300, 900), "72": (500, 1500),
                                   "85": (700, 1800)}.items():
        lines += [f"52;{dep};042020;C5;{industry}", f"52;{dep};042020;GZ;{trade}"]
    report = actions.import_data_file(("\n".join(lines) + "\n").encode(), "di.csv", workspace=workspace)
    assert report.ok, report.problems
    app = run_page("pages/4_activite_partielle.py", maille="Départements", territoire="Sarthe")
    assert not app.exception
    heat = app.dataframe[0].value
    assert heat.loc["GZ – Commerce ; réparation d'automobiles et de motocycles", "Loire-Atlantique"] == 3400
    shares = app.dataframe[1].value.set_index("Secteur (A17)")
    row = shares.loc["C5 – Fabrication d'autres produits industriels"]
    assert (row["Territoire"], row["Région"]) == (500, 3500)
    assert round(row["Part de la région"], 1) == 14.3


def test_first_visit_of_a_new_data_folder_shows_the_dashboard_on_demo_data(workspace, monkeypatch):
    monkeypatch.setenv("CLEFOP_DEMO", "1")
    app = run_page("app.py")
    assert not app.exception
    assert len(app.metric) == 3 and all(m.value != "n.d." for m in app.metric)
    assert "Données de démonstration" in app.info[0].value
    assert not app.get("progress")  # the bar shown while importing is gone once the page is drawn


def test_manage_run_prepares_the_demo_before_the_server_only_once(workspace):
    from tests.conftest import run_cli
    env_demo = {"CLEFOP_DEMO": "1"}
    first = run_cli(["demo", "--first-start"], workspace.base, env_demo)
    assert first.returncode == 0 and "Données de démonstration importées" in first.stdout
    count = len(workspace.store.imports())
    again = run_cli(["demo", "--first-start"], workspace.base, env_demo)
    assert again.returncode == 0 and again.stdout == ""
    assert len(workspace.store.imports()) == count > 0


def test_france_is_shown_beside_the_region_never_as_it(known_store):
    lines = ["Demandeurs d'emploi de catégorie A - Champ : France entière", "Données brutes", "", "date;categorie;defm",
             "2019-T4;A;3300000", "2020-T2;A;3560000"]
    report = actions.import_data_file(("\n".join(lines) + "\n").encode(), "france.csv", who="analyste",
                                       workspace=known_store)
    assert report.ok and report.to_dict()["france"], report.problems
    regional = run_page("app.py")
    assert not regional.exception
    sentence = " ".join(m.value for m in regional.markdown if "Comparaison avec la France" in m.value)
    assert "France : +7,9\u00a0% depuis T4 2019 (Pays de la Loire : +12,1\u00a0%)" in sentence
    assert regional.metric[0].value == "190 000".replace(" ", "\u202f")  # the region's own figure, not France's
    page = run_page("pages/1_mon_territoire.py", maille=ZE, territoire="Cholet")
    assert not page.exception
    traces = [trace["name"] for chart in page.get("plotly_chart")
              for trace in json.loads(chart.proto.spec)["data"]]
    assert "France" in traces and "Pays de la Loire" in traces


def test_the_data_under_a_chart_says_where_each_value_comes_from(known_store):
    page = run_page("pages/1_mon_territoire.py", maille=ZE, territoire="Cholet")
    assert not page.exception and not page.dataframe  # the chart's data is drawn once its expander is opened
    page.session_state[DATA_KEY + "demandeurs"] = True
    page.run()
    table = page.dataframe[0].value
    origin = dict(zip(table["Période"], table["Origine (Cholet)"]))
    row = 3 + 2 * list(ZE_NAMES).index("5206")  # the header, then two lines per zone d'emploi
    assert origin["T2 2020"] == f"Import n° 1 (de.csv), feuille « de.csv », cellule E{row}"

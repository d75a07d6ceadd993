"""The roadmap pages run by AppTest: the toolbox filters, priorities recorded by an analyst and shown first."""

from __future__ import annotations

import re
from datetime import date

from streamlit.testing.v1 import AppTest

from loaders import actions
from loaders.domain.roadmap import THEMES
from loaders.planning import roadmap
from loaders.settings import PROJECT_DIR
from tests.extracts import dares_long_csv
from tests.test_roadmap import GOOD, catalogue_xlsx


def page(path: str, analyst: str | None = None, **params) -> AppTest:
    app = AppTest.from_file(str(PROJECT_DIR / "app.py"), default_timeout=90)
    for key, value in params.items():
        app.query_params[key] = value
    if analyst:
        app.session_state["analyst"] = analyst
    app.switch_page(path)
    return app.run()


def test_toolbox_lists_the_default_catalogue_and_filters_it(workspace):
    app = page("pages/8_boite_a_outils.py")
    assert not app.exception
    total = len(roadmap.default_catalogue())
    assert len(app.dataframe[0].value) == total
    assert app.caption[0].value.startswith(f"{total} mesure(s) sur {total} — catalogue par défaut")
    app.selectbox(key="toolbox-theme").select("jeunes")
    app.selectbox(key="toolbox-public").select("entreprises")
    app = app.run()
    shown = app.dataframe[0].value
    assert set(shown["Mesure ou service"]) == {"Plan « 1 jeune, 1 solution »", "Aide exceptionnelle à l'apprentissage"}
    assert all("Accompagnement des jeunes" in themes for themes in shown["Thèmes"])
    app.selectbox(key="toolbox-theme").select(None)
    app.selectbox(key="toolbox-public").select(None)
    app.selectbox(key="toolbox-partner").select("Transitions Pro")
    app = app.run()
    assert set(app.dataframe[0].value["Mesure ou service"]) == {"Transitions collectives (Transco)",
                                                                "Projet de transition professionnelle (PTP)"}


def test_toolbox_shows_the_imported_catalogue(workspace):
    assert actions.import_catalogue(catalogue_xlsx(GOOD), "offre.xlsx", who="Camille", workspace=workspace).ok
    app = page("pages/8_boite_a_outils.py")
    assert list(app.dataframe[0].value["Mesure ou service"]) == ["Forum de l'emploi du Choletais", "Club RH des PME"]
    assert "catalogue importé le" in app.caption[0].value and "par Camille" in app.caption[0].value


def test_viewer_sees_priorities_but_cannot_record_them(workspace):
    actions.record_priorities("ze2020", "5206", ["rh", "jeunes"], date(2020, 10, 6), who="x", workspace=workspace)
    app = page("pages/7_feuille_de_route.py", maille="ze2020", territoire="Cholet")
    assert not app.exception
    assert "Priorités du CLEFOP — choisies en plénière le 06/10/2020" in [h.value for h in app.header]
    assert "**1. Traitement des impacts RH**" in app.markdown[1].value
    assert not app.multiselect
    assert len(app.table[-1].value) == len(THEMES)


def test_analyst_records_then_changes_priorities_and_the_history_keeps_both(workspace):
    app = page("pages/7_feuille_de_route.py", analyst="Camille", territoire="Cholet")
    assert "Priorités du CLEFOP : pas encore renseignées" in [h.value for h in app.header]
    app.multiselect[0].set_value(["jeunes"])
    app.button[0].click()
    app = app.run()
    assert "Choisissez de 2 à 3 priorités" in app.error[0].value
    app.multiselect[0].set_value(["jeunes", "recrutement"])
    app.date_input[0].set_value(date(2021, 10, 5))
    app.text_area[0].input("Plénière du 5 octobre")
    app.button[0].click()
    app = app.run()
    assert "Priorités du CLEFOP — choisies en plénière le 05/10/2021" in [h.value for h in app.header]
    app.multiselect[0].set_value(["crise", "relance", "rh"])
    app.button[0].click()
    app = app.run()
    history = app.dataframe[0].value
    assert list(history["Priorités"]) == [
        "Gestion de crise, Soutien à la relance économique, Traitement des impacts RH",
        "Accompagnement des jeunes, Besoins de recrutement des entreprises"]
    assert list(history["Saisi par"]) == ["Camille", "Camille"]


def test_territory_page_shows_the_priorities_first_with_their_indicators(workspace):
    actions.record_priorities("ze2020", "5206", ["recrutement", "jeunes"], date(2020, 10, 6), who="x",
                               workspace=workspace)
    app = page("pages/1_mon_territoire.py", maille="ze2020", territoire="Cholet")
    assert not app.exception
    assert app.header[0].value.startswith("Priorités du CLEFOP")
    lines = app.markdown[0].value
    assert lines.index("Besoins de recrutement") < lines.index("Accompagnement des jeunes")
    assert "offres collectées par type de contrat" in lines
    presenting = page("pages/1_mon_territoire.py", maille="ze2020", territoire="Cholet", mode="presentation")
    assert presenting.header[0].value.startswith("Priorités du CLEFOP")


def test_region_view_lists_the_priorities_of_every_territory(workspace):
    actions.record_priorities("ze2020", "5206", ["rh", "jeunes"], date(2020, 10, 6), who="x", workspace=workspace)
    actions.record_priorities("ze2020", "5206", ["crise", "jeunes"], date(2021, 10, 5), who="x", workspace=workspace)
    app = page("pages/7_feuille_de_route.py", maille="ze2020")
    overview = app.dataframe[0].value.set_index("Territoire")
    assert len(overview) == 23
    assert overview.loc["Cholet", "Priorités"] == "Gestion de crise, Accompagnement des jeunes"
    assert overview.loc["Nantes", "Priorités"] == "à renseigner"


def test_priority_indicators_without_data_do_not_take_the_presentation_chart(workspace):
    dares = dares_long_csv()
    assert actions.import_data_file(dares.content, dares.name, workspace=workspace).ok  # job seekers only
    actions.record_priorities("ze2020", "5206", ["crise", "rh"], None, who="x", workspace=workspace)
    app = page("pages/1_mon_territoire.py", maille="ze2020", territoire="Cholet", mode="presentation")
    assert not app.exception
    assert [m.label for m in app.metric][0] == "Demandeurs d'emploi (cat. A)"
    assert "Demandeurs d'emploi de catégorie A" in [s.value for s in app.header]


def test_the_analysts_name_under_the_toolbox_is_shown_literally(workspace):
    hostile = "![x](https://exemple.invalid/x.png) <b>Camille</b>"
    assert actions.import_catalogue(catalogue_xlsx(GOOD), "offre.xlsx", who=hostile, workspace=workspace).ok
    app = page("pages/8_boite_a_outils.py")
    caption = app.caption[0].value
    assert "par \\!\\[x\\]" in caption and "\\<b\\>Camille\\</b\\>" in caption
    assert not re.search(r"(?<!\\)\]\(", caption)  # no link or image syntax left unescaped

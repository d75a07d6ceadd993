"""Pure builders of the dashboard: figures, tables, sentences and exports, without Streamlit."""

import io
import json

import openpyxl
import pandas as pd
import pytest

from dashboard.build import analysis, cards, figures, highlights, import_report, tables
from dashboard.build.analysis import KeyFigure
from dashboard.build.fmt import number, percent
from dashboard.build.indicators import FAMILY_BY_ID, period_label, reference_period
from loaders.store.plans import ImportReport
from loaders.values import geography

DE = FAMILY_BY_ID["demandeurs"]
AP = FAMILY_BY_ID["activite_partielle"]


def series(values: dict[str, float], secret: tuple[str, ...] = ()) -> pd.DataFrame:
    return pd.DataFrame({"period": list(values), "value": list(values.values()),
                         "period_type": ["quarter" if "T" in p else "month" for p in values],
                         "secret": [p in secret for p in values]})


def test_french_formats():
    assert number(12345) == "12\u202f345"
    assert number(3.456, 1) == "3,5"
    assert percent(12.34) == "+12,3\u00a0%" and percent(-4) == "\u22124,0\u00a0%"
    assert period_label("2020-04") == "avril 2020" and period_label("2020-T2") == "T2 2020"
    assert period_label("cumul-2020-07-21") == "cumul au 21/07/2020"


@pytest.mark.parametrize(("period", "rule", "adjustment", "expected"), [
    ("2020-04", "auto", "brut", "2019-04"), ("2020-04", "auto", "cvs", "2020-02"),
    ("2020-T2", "auto", "brut", "2019-T4"), ("2021-04", "annee_precedente", "brut", "2020-04"),
    ("2020-04", "fevrier_2020", "brut", "2020-02"), ("2020", "auto", "brut", "2019")])
def test_reference_periods(period, rule, adjustment, expected):
    assert reference_period(period, rule, adjustment) == expected


def test_key_figure_changes_and_display_period():
    data = series({"2019-04": 4000, "2020-02": 4100, "2020-03": 4300, "2020-04": 5230})
    figure = analysis.key_figure(DE, data, None, "auto")
    assert (figure.period, figure.reference, figure.value) == ("2020-04", "2019-04", 5230)
    assert figure.change_pct() == pytest.approx(30.75) and figure.change_abs() == 1230
    assert figure.year_pct() == pytest.approx(30.75)
    assert analysis.key_figure(DE, data, "2020-03", "fevrier_2020").change_pct() == pytest.approx(4.878, abs=1e-3)
    quarterly = series({"2019-T4": 100, "2020-T2": 130})
    assert analysis.display_period(list(quarterly["period"]), "2020-05") == "2020-T2"


def test_faits_saillants_exact_sentence_with_region_and_rank():
    figure = KeyFigure(DE, "2020-T2", 5230, "2019-T4", 4417, "2019-T2", 4500)
    region = KeyFigure(DE, "2020-T2", 190_000, "2019-T4", 169_492, None, None)
    text = highlights.sentence(highlights.Place("Cholet"), figure, region, (4, 23))
    assert text == ("À Cholet, le nombre de demandeurs d'emploi de catégorie A atteint 5\u202f230 en T2 2020, "
                    "+18,4\u00a0% par rapport au T4 2019 (région : +12,1\u00a0%) ; le territoire se classe 4e "
                    "sur 23 (données brutes).")


@pytest.mark.parametrize(("figure", "hedge"), [
    (KeyFigure(DE, "2020-04", 60, "2019-04", 40, None, None), "base inférieure à 50"),
    (KeyFigure(DE, "2020-04", 600, "2019-04", 400, None, None, lower_bound=True), "valeur minorée"),
    (KeyFigure(AP, "2020-04", 6000, None, None, None, None), "données arrondies à 5"),
    (KeyFigure(DE, "2025-03", 6000, "2022-03", 5000, None, None), "rupture de série en janvier 2025, loi plein"),
    (KeyFigure(DE, "2025-03", 6000, "2019-03", 5000, None, None),
     "ruptures de série en janvier 2022 et janvier 2025, signalées sur la courbe"),
])
def test_each_hedge_appears_when_needed(figure, hedge):
    assert hedge in highlights.sentence(highlights.Place("Le Mans"), figure, None, None)


def test_cvs_hedge_and_place_prepositions():
    figure = KeyFigure(DE, "2020-04", 6000, "2020-02", 5000, None, None)
    assert "(données CVS-CJO)" in highlights.sentence(highlights.Place("Laval"), figure, None, None, "cvs")
    assert highlights.Place("Le Mans").at() == "Au Mans"
    assert highlights.Place("Les Sables-d'Olonne").at() == "Aux Sables-d'Olonne"
    assert highlights.Place("CC de Nozay", town_like=False).at() == "Pour le territoire « CC de Nozay »"


def test_highlights_lists_three_to_six_sentences_with_the_strongest_change():
    figures = [KeyFigure(DE, "2020-04", 6000, "2019-04", 5000, None, None),
               KeyFigure(FAMILY_BY_ID["offres"], "2020-04", 400, "2019-04", 1000, None, None)]
    sentences = highlights.highlights(highlights.Place("Cholet"), figures, {}, {})
    assert 3 <= len(sentences) <= 6
    assert sentences[-1] == ("La plus forte évolution concerne les offres d'emploi collectées : "
                             "\u221260,0\u00a0% par rapport à avril 2019.")


def test_value_map_colours_each_territory_and_outlines_the_selection():
    geojson = json.loads(geography.builtin_geojson("ze2020"))
    territories = geography.builtin_territories().query("maille == 'ze2020'").rename(columns={"nom": "name"})
    values = pd.Series({code: i for i, code in enumerate(territories["code"]) if code != "5201"})
    fig = figures.build_value_map(geojson, territories, values, values.map(str), "Niveau", "5206")
    data, missing, outline = fig.data
    assert len(data.locations) == 22 and list(missing.locations) == ["5201"]
    assert list(outline.locations) == ["5206"] and outline.marker.line.width == 4
    assert fig.layout.separators == ",\u202f"


def test_series_chart_indexes_at_the_reference_and_marks_lockdowns_and_breaks():
    months = [f"{y}-{m:02d}" for y in (2019, 2020, 2021, 2022) for m in range(1, 13)]
    place = pd.DataFrame({"period": months, "value": [100.0 + i for i in range(len(months))]})
    fig = figures.build_series_chart({"Cholet": place}, {"Cholet": "#0072B2"}, "demandeurs", "2020-02", breaks=True)
    line = fig.data[0]
    assert line.x[0] == "janvier 2019" and line.y[months.index("2020-02")] == pytest.approx(100)
    assert len([s for s in fig.layout.shapes if s.type == "rect"]) == 3
    assert any("actualisation" in (a.text or "") for a in fig.layout.annotations)
    assert not any("plein emploi" in (a.text or "") for a in fig.layout.annotations)  # the data stops before 2025
    again = figures.kept(figures.build_series_chart({"Cholet": place}, {"Cholet": "#0072B2"}, "demandeurs",
                                                    "2020-02", breaks=True))
    assert again.to_dict() == fig.to_dict() and again.to_dict() is again.to_dict()  # made once, then handed over


def test_ranking_and_metric_cards_in_french():
    table = analysis.territory_table(
        pd.DataFrame({"territory": ["5206", "5216", "5206", "5216"], "period": ["2020-04", "2020-04", "2019-04",
                                                                                "2019-04"],
                      "value": [5230.0, 40000.0, 4000.0, 30000.0], "secret": [False] * 4}),
        "2020-04", "2019-04", pd.Series({"5206": 100_000, "5216": 900_000}))
    ranking = cards.ranking_table(table, {"5206": "Cholet", "5216": "Nantes"})
    assert list(ranking["Territoire"]) == ["Nantes", "Cholet"] and list(ranking["Rang"]) == [1, 2]
    assert ranking.loc[1, "Évolution (%)"] == 30.8 and ranking.loc[1, "Pour 1 000 habitants"] == 52.3
    html = cards.ranking_styler(ranking, "5206").to_html()
    assert "5\u202f230" in html and "+30,8\u00a0%" in html and "#fff3b0" in html
    card = cards.metric_card(KeyFigure(DE, "2020-04", 5230, "2019-04", 4000, None, None))
    assert card["value"] == "5\u202f230" and card["delta"] == "+30,8\u00a0% par rapport à avril 2019"
    assert card["delta_color"] == "inverse"


def test_exports_neutralise_formulas_and_keep_values():
    frame = pd.DataFrame({"Territoire": ["=HYPERLINK(\"http://x\")", "+33", "@SUM(A1)", "Cholet"],
                          "Valeur": [1.5, 2, 3, 4]})
    book = openpyxl.load_workbook(io.BytesIO(tables.to_xlsx(frame)))
    cells = [row for row in book.active.iter_rows(min_row=2, values_only=True)]
    assert [c[0] for c in cells] == ["'=HYPERLINK(\"http://x\")", "'+33", "'@SUM(A1)", "Cholet"]
    assert [c[1] for c in cells] == [1.5, 2, 3, 4]
    assert book.active["A2"].data_type == "s"
    text = tables.to_csv(frame).decode("utf-8-sig")
    assert text.splitlines()[1] == "\"'=HYPERLINK(\"\"http://x\"\")\";1,5"
    headed = pd.DataFrame({"Secteur": ["C5"], "=HYPERLINK(\"http://x\")": [3]})  # a territory name as a header
    assert tables.to_csv(headed).decode("utf-8-sig").splitlines()[0] == "Secteur;\"'=HYPERLINK(\"\"http://x\"\")\""
    header = openpyxl.load_workbook(io.BytesIO(tables.to_xlsx(headed))).active["B1"]
    assert header.value == "'=HYPERLINK(\"http://x\")" and header.data_type == "s"


def test_presentation_neighbours_wrap_around():
    from dashboard.ui.presentation import neighbour
    codes = ["a", "b", "c"]
    assert neighbour(codes, "b", 1) == "c" and neighbour(codes, "c", 1) == "a"
    assert neighbour(codes, "a", -1) == "c" and neighbour(codes, None, 1) == "a" and neighbour(codes, None, -1) == "c"


def test_breakdown_shares_use_the_quarter_of_a_month_and_need_two_details():
    from dashboard.data.territory import breakdown_shares
    labels = {"F": "Femmes", "H": "Hommes"}
    own = pd.DataFrame({"period": ["2020-T2", "2020-T2"], "detail": ["F", "H"], "value": [60.0, 40.0]})
    region = pd.DataFrame({"period": ["2020-T2", "2020-T2"], "detail": ["F", "H"], "value": [500.0, 500.0]})
    shares = breakdown_shares(own, region, "2020-04", labels, "Cholet")
    assert shares.attrs["period"] == "2020-T2"
    assert shares.set_index(["Territoire", "Détail"])["Part (%)"].to_dict() == {
        ("Cholet", "Femmes"): 60.0, ("Cholet", "Hommes"): 40.0, ("Pays de la Loire", "Femmes"): 50.0,
        ("Pays de la Loire", "Hommes"): 50.0}
    assert breakdown_shares(own.iloc[:1], region.iloc[:1], "2020-T2", labels, "Cholet").empty


def test_the_main_departement_line_is_added_to_a_territory_view():
    from dashboard.data.territory import add_departement, family_view
    cholet_communes = geography.communes().query("code_ze2020 == '5206'")["code_commune"].tolist()
    own = pd.DataFrame({"territory": ["5206"], "period": ["2020-04"], "period_type": ["month"], "value": [5230.0],
                        "secret": [False]})
    region = own.assign(territory="52", value=190_000.0)
    views = [family_view(DE, own, region, "5206", "Cholet", None, "auto")]
    departements = pd.DataFrame({"code": ["49", "85"], "name": ["Maine-et-Loire", "Vendée"]})
    dep_values = {"demandeurs": own.assign(territory=["49"], value=[30_000.0])}
    colors = {"Cholet": "#E69F00", "Pays de la Loire": "#7f7f7f"}  # the territory has the département's usual colour
    assert add_departement(views, colors, cholet_communes, departements, dep_values) == "Maine-et-Loire"
    assert list(views[0].series) == ["Cholet", "Pays de la Loire", "Maine-et-Loire"]
    assert views[0].series["Maine-et-Loire"]["value"].tolist() == [30_000.0]
    assert colors["Maine-et-Loire"] not in (colors["Cholet"], colors["Pays de la Loire"])


def test_partial_coverage_is_said_on_cards_and_in_sentences():
    data = series({"2019-04": 4000, "2020-04": 5230}).assign(covered=[80, 80], communes=[100, 100])
    figure = analysis.key_figure(DE, data, None, "auto")
    assert figure.partial
    assert cards.metric_card(figure)["value"] == "5\u202f230 (minimum)"
    assert "couverture partielle" in highlights.sentence(highlights.Place("Cholet"), figure, None, None)
    assert not analysis.key_figure(DE, data.assign(covered=100), None, "auto").partial


def test_import_report_is_summarised_in_french_with_the_changes_it_would_make():
    from dashboard.build import import_report
    data = ImportReport.of({"kind": "donnees", "source": "demandeurs_emploi", "layout": "large", "level": "zone_emploi",
            "periods": ["2020-T1", "2020-T2", "2020-T3"], "territories": ["5206", "5216"], "rows_read": 1234,
            "rows_kept": 1230, "rows_rejected": 4, "secret_cells": 2, "revisions": 12,
            "sheets": [{"sheet": "Tab [1]", "status": "lue"}], "errors": [],
            "warnings": [{"message": "Pic", "sheet": "Tab", "row": 7, "column": "C"}]})
    lines = import_report.summary_lines(data)
    assert lines[0] == ("**Source** : Demandeurs d'emploi ; **disposition** : tableau croisé (périodes, catégories "
                        "ou ventilations en colonnes) ; **niveau** : zones d'emploi.")
    assert "T1 2020 à T3 2020 (3 périodes)" in lines[1]
    assert "1\u202f234 lues" in lines[2]
    assert "« Tab \\[1\\] » (lue)" in lines[3]
    sentence = import_report.change_sentence(data, {"2020-T1"})
    assert sentence == ("En confirmant : 2 nouvelle(s) période(s) (T2 2020 à T3 2020 (2 périodes)), "
                        "12 valeur(s) déjà en base révisée(s), 2 territoire(s) concerné(s).")
    table = import_report.problems_table(data)
    assert table.iloc[0].tolist() == ["avertissement", "Tab", 7, "C", "Pic"]


def test_user_text_is_defused_for_markdown_and_plotly():
    from dashboard.build import fmt
    assert fmt.plain("![x](http://a) <b>") == "\\!\\[x\\](http\\:/\u200b/a) \\<b\\>"
    assert fmt.plain("www.exemple.org, contact@exemple.org") == "www\u200b.exemple.org, contact\u200b@exemple.org"
    assert fmt.plain("Les Sables-d'Olonne (partie)") == "Les Sables-d'Olonne (partie)"
    assert fmt.plotly_text("<a href='x'>A & B</a>") == "&lt;a href='x'&gt;A &amp; B&lt;/a&gt;"


def test_toolbox_filters_combine_theme_public_and_partner():
    import pandas as pd

    from dashboard.build import roadmap
    items = pd.DataFrame({"name": ["A", "B", "C"], "carrier": ["Région", "OPCO, Région", "État"],
                          "publics": ["jeunes", "entreprises | salariés", "jeunes | entreprises"],
                          "themes": ["jeunes", "rh", "rh | jeunes"], "description": "", "link": ""})
    assert list(roadmap.filter_catalogue(items, "jeunes")["name"]) == ["A", "C"]
    assert list(roadmap.filter_catalogue(items, "rh", "entreprises")["name"]) == ["B", "C"]
    assert list(roadmap.filter_catalogue(items, partner="Région")["name"]) == ["A", "B"]
    assert list(roadmap.filter_catalogue(items, "rh", partner="Région")["name"]) == ["B"]
    assert roadmap.partners(items) == ["État", "OPCO", "Région"]
    table = roadmap.catalogue_table(items.iloc[[2]])
    assert table.iloc[0]["Thèmes"] == "Traitement des impacts RH, Accompagnement des jeunes"
    assert table.iloc[0]["Publics"] == "jeunes, entreprises"


def test_failed_logins_wait_longer_per_client_and_per_name_and_a_success_clears_only_its_own():
    from loaders.actions import access
    stored = access.hash_password("le-bon-mot-de-passe", iterations=1000)  # clients and names of this test only:
    # the counts are kept per process, and other tests of the same worker log in wrongly too
    waits, now = [], [1_000.0]

    def attempt(password: str, client: str, name: str) -> bool:
        return access.check_with_delay(password, stored, client, name, sleep=waits.append, clock=lambda: now[0])
    for _ in range(5):
        assert not attempt("mauvais", "198.51.100.9", "att-t1")
    assert waits == [1, 2, 4, 8, 8]
    assert not attempt("mauvais", "198.51.100.2", "cam-t1")
    assert waits[-1] == 1  # another client and another name start afresh
    assert attempt("le-bon-mot-de-passe", "198.51.100.2", "cam-t1")
    assert not attempt("mauvais", "198.51.100.9", "att-t1")
    assert waits[-1] == 8  # Camille's success did not clear the attacker's count
    assert not attempt("mauvais", "198.51.100.7", "att-t1")
    assert waits[-1] == 8  # the name keeps its count from another address
    now[0] += access.WINDOW + 1
    assert not attempt("mauvais", "198.51.100.9", "aut-t1")
    assert waits[-1] == 1  # a quarter of an hour later, old failures are forgotten


def test_parallel_guesses_from_one_client_wait_for_each_other():
    import threading

    from loaders.actions import access
    stored = access.hash_password("le-bon-mot-de-passe", iterations=1000)
    waits, held = [], []

    def sleep(delay):  # each wait happens while the client's turn is held: the next guess waits behind it
        held.append(access._client_locks["client:c-t2"].locked())
        waits.append(delay)
    threads = [threading.Thread(target=access.check_with_delay, args=("mauvais", stored, "c-t2", f"par-{i}", sleep))
               for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(waits) == [1, 2, 4, 8, 8, 8, 8, 8] and all(held)
    assert not access.verify_password("x", "pas une empreinte") and not access.verify_password("x", "md5$1$00$00")


def test_comparison_table_lists_territories_in_french_alphabetical_order():
    from dashboard.build import compare
    table = pd.DataFrame({"value": [1.0, 2.0, 3.0], "change_pct": [0.1, 0.2, 0.3]}, index=["5206", "5204", "5205"])
    names = {"5206": "Cholet", "5204": "Château-Gontier-sur-Mayenne", "5205": "Châteaubriant"}
    frame = compare.comparison_table({"demandeurs": table}, {"demandeurs": "DE"}, names)
    assert list(frame["Territoire"]) == ["Château-Gontier-sur-Mayenne", "Châteaubriant", "Cholet"]


def test_share_bar_hovers_show_a_hostile_territory_name_literally():
    from dashboard.build import figures
    hostile = "<b>Cholet</b> %{customdata}"
    shares = pd.DataFrame({"Territoire": [hostile, hostile], "Détail": ["Femmes", "Hommes"],
                           "Effectif": [10, 12], "Part (%)": [45.5, 54.5]})
    trace = figures.build_share_bars(shares, {}).data[0]
    assert "<b>" not in trace.hovertemplate and "%{customdata}" not in trace.hovertemplate
    assert trace.name == "&lt;b&gt;Cholet&lt;/b&gt; %\u200b{customdata}"


def test_origin_of_a_value_names_the_import_file_sheet_and_cells():
    files = {3: "defm_epci.xlsx", 5: "revision.xlsx"}
    one = {"imports": "3", "cells": 1, "read_cells": 1, "sheets": 1, "origin_sheet": "par catégorie",
           "first_row": 28, "last_row": 28, "origin_col": "B"}
    assert tables.origin_text(one, files) == "Import n° 3 (defm_epci.xlsx), feuille « par catégorie », cellule B28"
    summed = {**one, "imports": "5,3", "cells": 4, "read_cells": 4, "sheets": 2, "last_row": 90}
    assert tables.origin_text(summed, files) == ("Imports n° 3 (defm_epci.xlsx), n° 5 (revision.xlsx), somme de "
                                                     "4 valeurs, 2 feuilles, lignes 28 à 90")
    derived = {**one, "read_cells": 0}
    assert tables.origin_text(derived, files).endswith("calculé à l'import (somme des détails du fichier)")


def test_import_report_says_per_sheet_what_was_kept_set_aside_and_left_out():
    data = ImportReport.of({"kind": "donnees", "sheets": [
                       {"sheet": "Description", "status": "métadonnées", "metadata": {"source": "STMT"}},
                       {"sheet": "par_catégorie", "status": "lue", "layout": "large", "rows": 1263, "rows_kept": 60,
                        "set_aside": {"outside": 1020, "old": 182}, "ignored_columns": {"K": "Niveau de diplôme"}}],
            "totals": {"demandeurs": {"A": 149_298, "ABC": 269_578}}, "france_totals": {}})
    table = import_report.sheets_table(data)
    assert list(table["Lue comme"]) == ["métadonnées : source = STMT", "lue"]
    assert table.loc[1, "Feuille"] == "par_catégorie"  # a table cell, not Markdown: nothing escaped
    assert table.loc[1, "Écartées"] == "1\u202f020 autres régions, 182 EPCI d'un ancien périmètre"
    assert table.loc[1, "Colonnes non reprises"] == "K « Niveau de diplôme »"
    assert import_report.totals_lines(data) == [
        "**Totaux des territoires de la région** — demandeurs : cat. A 149\u202f298, cat. ABC 269\u202f578."]


def test_one_verdict_sentence_for_the_three_kinds_of_report():
    from dashboard.build.import_report import verdict_sentence
    data = ImportReport.of({"kind": "donnees", "periods": ["2020-03", "2020-04"], "revisions": 1200,
                            "territories": ["5201"]})
    assert verdict_sentence(data, {"2020-03"}) == ("En confirmant : 1 nouvelle(s) période(s) (avril 2020), "
                                                   "1\u202f200 valeur(s) déjà en base révisée(s), 1 territoire(s) "
                                                   "concerné(s).")
    referential = ImportReport.of({"kind": "referentiel", "territories": ["a", "b"], "communes": 1228,
                                   "name": "Territoires *EFOP*"})
    assert verdict_sentence(referential) == (
        "2 territoire(s), 1228 commune(s) rattachée(s). En confirmant, « Territoires \\*EFOP\\* » devient la maille "
        "par défaut du tableau de bord.")
    assert verdict_sentence(ImportReport.of({"kind": "catalogue", "items": 3}), replaced="catalogue fourni") == (
        "3 mesure(s) lue(s). En confirmant, ce catalogue remplace le catalogue fourni.")


def test_a_chart_is_indexed_on_the_reference_or_on_the_first_value_when_the_reference_has_none():
    import pandas as pd

    from dashboard.build.chartdata import chart_frame, index_base
    seekers = {"Cholet": pd.DataFrame({"period": ["2019-09", "2020-04"], "value": [100.0, 150.0]})}
    assert index_base(seekers, "2019-09") == "2019-09"
    partial = {"Cholet": pd.DataFrame({"period": ["2019-09", "2020-03", "2020-04"], "value": [None, 40.0, 80.0]}),
               "Pays de la Loire": pd.DataFrame({"period": ["2020-03", "2020-04"], "value": [1000.0, 3000.0]})}
    assert index_base(partial, "2019-09") == "2020-03"
    table = chart_frame(partial, "2020-03")
    assert table.loc["2020-04"].tolist() == [200.0, 300.0]
    assert index_base({"Cholet": pd.DataFrame({"period": ["2020-03"], "value": [None]})}, "2019-09") is None


def test_the_throttle_key_is_never_chosen_by_the_client_and_its_records_stay_bounded(monkeypatch):
    from loaders.actions import access
    assert access.throttle_key("203.0.113.5", "198.51.100.1", "") == "203.0.113.5"  # header of an unnamed peer
    assert access.throttle_key(None, "198.51.100.1", "") == access.SHARED  # the loopback, no proxy named
    assert access.throttle_key(None, None, "") == access.SHARED  # every session shares it
    assert access.throttle_key(None, "10.0.0.9, 198.51.100.1", "127.0.0.1") == "198.51.100.1"  # what it saw
    assert access.throttle_key("203.0.113.5", "198.51.100.1", "127.0.0.1") == "203.0.113.5"
    stored = access.hash_password("le-bon-mot-de-passe", iterations=1000)
    monkeypatch.setattr(access, "MAX_KEYS", 50)
    now = [5_000.0]
    for i in range(200):
        access.check_with_delay("mauvais", stored, f"borne-{i}", "n" * 4_000_000 if i == 0 else f"borne-{i}",
                                sleep=lambda _: None, clock=lambda: now[0])
        now[0] += 0.001
    assert len(access._failures) <= 50 + 2 and max(len(k) for k in access._failures) < 100  # + this attempt
    now[0] += access.WINDOW
    access.check_with_delay("mauvais", stored, "borne-fin", "borne-fin", sleep=lambda _: None, clock=lambda: now[0])
    assert {k for k in access._failures if "borne-" in k} == {"client:borne-fin", "name:borne-fin"}

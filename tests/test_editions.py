"""Éditions: the state shown at a plenary, read back after revisions and undos, kept by rebuild, compared."""

from __future__ import annotations

import json
import os
import random
import shutil
import subprocess
import sys
from datetime import date

import pytest
from pptx import Presentation
from streamlit.testing.v1 import AppTest

from dashboard.build import changes as words
from dashboard.data import assembly, queries
from dashboard.data.scope import Scope
from loaders import actions
from loaders.actions import Workspace, editions
from loaders.domain.schema import KEY_COLUMNS
from loaders.errors import UserError
from loaders.settings import PROJECT_DIR, archive_dir
from loaders.store.editions import UnknownEdition
from loaders.store.journal import EDITION, EDITION_RENAMED
from tests import generators
from tests.conftest import run_cli
from tests.explore import SEED
from tests.extracts import ZE_NAMES
from tests.test_app import PAGES
from tests.test_app import run_page as run

CHOLET, NANTES = "5206", "5216"
PLENARY = date(2026, 11, 15)


def job_seekers(periods: dict[str, dict[str, int]]) -> bytes:
    """Job seekers cat. A by zone d'emploi, one column of values per period, with the region's row."""
    lines = ["Date;Code zone d'emploi;Zone d'emploi;Type de données;Catégorie;Nombre de demandeurs d'emploi"]
    for period, values in periods.items():
        lines += [f"{period};{code};{ZE_NAMES[code]};Brutes;A;{values[code]}" for code in ZE_NAMES]
        lines.append(f"{period};;Pays de la Loire;Brutes;A;{sum(values.values())}")
    return ("\n".join(lines) + "\n").encode()


def offers() -> bytes:
    lines = ["Date;Code zone d'emploi;Zone d'emploi;Type de données;Offres d'emploi collectées"]
    for period, base in (("2019-T4", 900), ("2020-T2", 600)):
        lines += [f"{period};{code};{ZE_NAMES[code]};Brutes;{base + i * 7}" for i, code in enumerate(ZE_NAMES)]
    return ("\n".join(lines) + "\n").encode()


BEFORE = {code: 1000 + i * 10 for i, code in enumerate(ZE_NAMES)} | {CHOLET: 4417, NANTES: 35000}
AFTER = {code: 1100 + i * 10 for i, code in enumerate(ZE_NAMES)} | {CHOLET: 5230, NANTES: 40000}
REVISED = AFTER | {CHOLET: 5302, NANTES: 40410}
LATER = {code: value + 25 for code, value in REVISED.items()}


@pytest.fixture(scope="module")
def history_template(tmp_path_factory):
    """An édition taken on two imports and priorities; then a revision with a new period, an undo, new priorities.

    Built once: `data` (the store now) and `then` (rebuilt from the journal up to the édition: that day's state).
    """
    root = tmp_path_factory.mktemp("history")
    workspace = Workspace(root / "data")
    for content, name in ((job_seekers({"2019-T4": BEFORE, "2020-T2": AFTER}), "de.csv"), (offers(), "offres.csv")):
        assert actions.import_data_file(content, name, who="analyste", workspace=workspace).ok
    actions.record_priorities("ze2020", CHOLET, ["rh", "jeunes"], PLENARY, who="analyste", workspace=workspace)
    edition = editions.freeze(editions.default_name(PLENARY), PLENARY, "ze2020", "analyste", workspace)
    revision = job_seekers({"2019-T4": BEFORE, "2020-T2": REVISED, "2020-T3": LATER})
    assert actions.import_data_file(revision, "de_revise.csv", who="analyste", workspace=workspace).ok
    actions.undo_import(2, "analyste", workspace)
    actions.record_priorities("ze2020", CHOLET, ["crise", "relance"], None, who="analyste", workspace=workspace)
    rebuilt_up_to(workspace, edition, root / "then")
    return root, edition


@pytest.fixture
def history(history_template, workspace, tmp_path):
    """A private copy of the history: (workspace, the édition, that day's data folder)."""
    root, edition = history_template
    shutil.copytree(root / "data", workspace.base)
    shutil.copytree(root / "then", tmp_path / "then")
    return workspace, edition, tmp_path / "then"


def rebuilt_up_to(workspace: Workspace, edition, target):
    """Rebuild a new data folder from the journal's events up to an édition: the store as it was that day."""
    events = workspace.archive.events()
    last = next(i for i, e in enumerate(events) if e["event"] == EDITION.name and e["id"] == edition.id)
    shutil.copytree(archive_dir(workspace.base), archive_dir(target))
    Workspace(target).archive.rewrite(events[:last + 1])
    actions.rebuild(Workspace(target))
    return target


def _sorted(frame):
    return frame.sort_values(list(KEY_COLUMNS)).reset_index(drop=True)


def test_an_edition_reads_the_store_as_it_was_and_the_changes_are_exactly_the_revisions(history):
    workspace, edition, then = history
    assert edition.imports == (1, 2) and edition.last_import == 2 and edition.last_priority == 1
    shown = workspace.store.as_of(edition)
    assert _sorted(shown.export()).equals(_sorted(Workspace(then).store.export()))
    assert shown.priorities("ze2020", CHOLET)["themes"].iloc[0] == ["rh", "jeunes"]
    assert set(shown.imports()["status"]) == {"active"}  # the undo came later
    changes = workspace.store.changes(edition)
    revised = changes["revised"]
    values = revised[revised["source"] == "demandeurs_emploi"].set_index(["level", "geo_code"])
    assert set(values.index) == {("zone_emploi", CHOLET), ("zone_emploi", NANTES), ("region", "52")}
    assert (values.loc[("zone_emploi", CHOLET), "value_then"], values.loc[("zone_emploi", CHOLET), "value_now"]) \
        == (5230, 5302)
    assert set(values["import_now"]) == {3}
    withdrawn = revised[revised["source"] == "offres_emploi"]
    assert len(withdrawn) == 2 * len(ZE_NAMES) and withdrawn["import_now"].isna().all()
    assert list(changes["periods"]["period"]) == ["2020-T3"]
    assert list(changes["undone"]["id"]) == [2] and list(changes["added"]["id"]) == [3]
    assert list(changes["priorities"]["themes_now"]) == [["crise", "relance"]]


def test_the_changes_are_worded_in_french(history):
    workspace, edition, _ = history
    changes = workspace.store.changes(edition)
    files = {1: "de.csv", 2: "offres.csv", 3: "de_revise.csv"}
    table = words.revised_table(changes["revised"], files, words.unit_names()).set_index("Territoire")
    cholet = table.loc["Cholet"]
    cholet = cholet[cholet["Indicateur"] == "Demandeurs d'emploi"].iloc[0]
    assert (cholet["Période"], cholet["Valeur alors"], cholet["Valeur actuelle"]) == \
        ("T2 2020", "5\u202f230", "5\u202f302")
    assert cholet["Révisée par"] == "import n° 3 — de_revise.csv" and cholet["Détail"] == "Catégorie : A"
    assert set(table.loc[table["Indicateur"] == "Offres d'emploi collectées", "Révisée par"]) == \
        {"annulation de l'import n° 2 — offres.csv"}
    assert words.summary(changes) == ("Depuis cette édition : 49 valeurs révisées ou retirées, 1 période ajoutée, "
                                      "1 import annulé, 1 import ajouté, 1 territoire aux priorités modifiées.")
    themes = words.priorities_table(changes["priorities"], words.unit_names()).iloc[0]
    assert (themes["Territoire"], themes["Priorités alors"], themes["Priorités actuelles"]) == \
        ("Cholet", "Traitement des impacts RH, Accompagnement des jeunes",
         "Gestion de crise, Soutien à la relance économique")


def test_rebuild_keeps_editions_and_their_names(history):
    workspace, edition, then = history
    editions.rename(edition.id, "  Plénière  de novembre ", "analyste", workspace)
    before = _sorted(workspace.store.as_of(workspace.store.edition(1)).export())
    actions.rebuild(workspace)
    kept = workspace.store.edition(1)
    assert kept.name == "Plénière de novembre"
    assert (kept.imports, kept.last_import, kept.last_priority, kept.maille) == \
        (edition.imports, edition.last_import, edition.last_priority, edition.maille)
    assert _sorted(workspace.store.as_of(kept).export()).equals(before)
    assert len(workspace.store.changes(kept)["revised"]) == 49


def test_an_edition_event_the_database_never_committed_is_dropped_on_recovery(history):
    workspace, edition, _ = history
    workspace.archive.append({"event": EDITION.name, "id": 2, "name": "perdue", "plenary": "2026-12-01",
                              "maille": "ze2020", "imports": [1, 3], "last_import": 3, "last_priority": 2,
                              "by": "x", "at": "2026-12-01T10:00:00"})
    assert actions.recover(workspace) == 1
    assert [e["event"] for e in workspace.archive.events()][-1] == "priorities"
    assert [e.id for e in workspace.store.editions()] == [1]


def test_editions_refuse_an_empty_name_and_an_unknown_number(workspace):
    with pytest.raises(UserError, match="Donnez un nom"):
        editions.freeze("   ", PLENARY, "ze2020", "analyste", workspace)
    with pytest.raises(UnknownEdition, match="n° 7 n'existe pas"):
        editions.find(workspace.store, "7")
    with pytest.raises(UnknownEdition, match="n'est pas un numéro"):
        editions.find(workspace.store, "abc")
    assert workspace.archive.events() == []


NOTES = ("édition", "analyste connecté")


def content(app: AppTest) -> dict:
    """What a page shows, the notes about éditions and about who may write aside: figures, tables, texts, charts."""
    texts = [e.value for kind in ("title", "header", "subheader", "markdown", "caption") for e in app.get(kind)]
    return {
        "metrics": [(m.label, m.value, m.delta) for m in app.metric],
        "tables": [d.value.to_dict("records") for d in app.dataframe],
        "texts": [t for t in texts if not any(note in t.lower() for note in NOTES)],
        "charts": [json.loads(c.proto.spec)["data"] for c in app.get("plotly_chart")],
    }


SHOWN_AS_THEN = [p for p in PAGES if p != "pages/10_editions.py"]  # that page compares éditions


@pytest.mark.parametrize("path", SHOWN_AS_THEN)
def test_every_page_under_an_edition_shows_what_it_showed_that_day(history, monkeypatch, path):
    workspace, edition, then = history
    shown = run(path, territoire="Cholet", edition=str(edition.id))
    assert not shown.exception
    assert any("Édition du 15/11/2026 — données telles que présentées ce jour-là" in w.value for w in shown.warning)
    assert shown.sidebar.selectbox(key="edition").value == edition.id
    monkeypatch.setenv("CLEFOP_DATA_DIR", str(then))
    expected = run(path, territoire="Cholet", maille="ze2020")  # the édition keeps the maille it was frozen on
    assert content(shown) == content(expected)
    assert content(shown)["metrics"] or path not in ("app.py", "pages/1_mon_territoire.py")


def test_territory_page_says_when_key_figures_moved_since_the_last_edition(history):
    app = run("pages/1_mon_territoire.py", maille="ze2020", territoire="Cholet")
    line = next(i.value for i in app.info if "Depuis l'édition du 15/11/2026" in i.value).replace("\\", "")
    assert "Demandeurs d'emploi (cat. A) : T3 2020 (5\u202f327), l'édition s'arrêtait à T2 2020 (5\u202f230)" in line
    assert app.metric[0].value == "5\u202f327"
    older = run("pages/1_mon_territoire.py", territoire="Cholet", edition="1")
    assert not any("Depuis l'édition" in i.value for i in older.info) and older.metric[0].value == "5\u202f230"


def test_an_edition_name_is_shown_literally_in_the_line_of_changes(history):
    hostile = "![x](http://exemple.org/espion.png) [lien](http://exemple.org) <b>gras</b>"
    actions.editions.rename(1, hostile, "analyste", history[0])
    app = run("pages/1_mon_territoire.py", maille="ze2020", territoire="Cholet")
    line = next(i.value for i in app.info if "Depuis l'édition du 15/11/2026" in i.value)
    assert "\\!\\[x\\](http\\:/\u200b/exemple" in line and "\\<b\\>" in line and "](http://" not in line


def test_an_unknown_edition_in_the_link_gives_a_french_notice_and_the_current_data(history):
    app = run("app.py", edition="42")
    assert not app.exception
    assert any("l'édition « 42 », qui n'existe pas" in w.value for w in app.warning)
    assert app.sidebar.selectbox(key="edition").value == "__current__"
    assert app.metric[0].value == run("app.py").metric[0].value


def test_editions_page_lists_the_changes_and_offers_them_for_download(history):
    app = run("pages/10_editions.py")
    assert not app.exception
    assert "49 valeurs révisées ou retirées" in " ".join(m.value for m in app.markdown)
    revised = app.dataframe[0].value
    assert len(revised) == 49 and "Valeur alors" in revised.columns
    assert any(b.label == "Télécharger (.xlsx)" for b in app.get("download_button"))


def test_an_analyst_freezes_and_renames_an_edition_on_the_page(history):
    workspace, _, _ = history
    app = AppTest.from_file(str(PROJECT_DIR / "app.py"), default_timeout=90)
    app.session_state["analyst"] = "Camille"
    app.switch_page("pages/10_editions.py").run()
    app.text_input(key="freeze-name-page").input("Plénière de décembre")
    next(b for b in app.button if b.label == "Figer l'édition").click().run()
    assert not app.exception
    assert any("Édition n° 2 figée" in s.value for s in app.success)
    frozen = workspace.store.edition(2)
    assert frozen.name == "Plénière de décembre" and frozen.imports == (1, 3) and frozen.created_by == "Camille"
    app.text_input(key="rename-name-2").input("Plénière du 2 décembre")
    next(b for b in app.button if b.label == "Renommer" and "rename-2" in b.form_id).click().run()
    assert workspace.store.edition(2).name == "Plénière du 2 décembre"
    assert [e["event"] for e in workspace.archive.events()][-2:] == [EDITION.name, EDITION_RENAMED.name]


def test_the_plenary_deck_of_an_edition_shows_that_day_s_figures(history):
    workspace, edition, _ = history
    rev = queries.revision(str(workspace.base))
    then = assembly.collect(Scope(str(workspace.base), queries.snapshot(rev, edition), "ze2020", CHOLET), PLENARY)
    now = assembly.collect(Scope(str(workspace.base), rev, "ze2020", CHOLET), PLENARY)
    assert (then.views[0].figure.period, then.views[0].figure.value) == ("2020-T2", 5230)
    assert (now.views[0].figure.period, now.views[0].figure.value) == ("2020-T3", 5327)
    assert then.edition == "Édition du 15/11/2026" and "Édition du 15/11/2026." in then.footer()
    assert then.themes() == ["rh", "jeunes"] and now.themes() == ["crise", "relance"]
    out = workspace.base.parent / "deck.pptx"
    deck = deck_cli(["--territory", "Cholet", "--edition", "1", "--output", str(out)], workspace.base)
    assert deck.returncode == 0, deck.stderr
    cover = " ".join(s.text_frame.text for s in Presentation(out).slides[0].shapes if s.has_text_frame)
    assert "Édition du 15/11/2026 — données présentées ce jour-là" in cover
    assert "plénière du 15/11/2026" in cover  # the édition's date, unless another is given
    unknown = deck_cli(["--territory", "Cholet", "--edition", "9"], workspace.base)
    assert unknown.returncode == 1 and "L'édition n° 9 n'existe pas" in unknown.stderr


def deck_cli(args: list[str], data_dir) -> subprocess.CompletedProcess:
    env = {**os.environ, "CLEFOP_DATA_DIR": str(data_dir), "CLEFOP_DEMO": "0"}
    return subprocess.run([sys.executable, "-m", "dashboard", "deck", *args], capture_output=True, text=True,
                          cwd=PROJECT_DIR, env=env, timeout=180)


def test_the_command_line_freezes_lists_and_renames_editions(history):
    workspace, _, _ = history
    frozen = run_cli(["edition", "freeze", "--date", "2026-12-15"], workspace.base)  # on the default maille
    assert frozen.returncode == 0 and "Édition n° 2 figée : « Plénière CLEFOP du 15/12/2026 » (2 import(s)" \
        in frozen.stdout
    assert run_cli(["edition", "rename", "2", "Plénière de Noël"], workspace.base).returncode == 0
    listed = run_cli(["edition", "list"], workspace.base).stdout
    assert "15/12/2026  Plénière de Noël  (cle, 2 import(s)" in listed and "Plénière CLEFOP du 15/11/2026" in listed
    refused = run_cli(["edition", "rename", "9", "x"], workspace.base)
    assert refused.returncode == 1 and "Édition n° 9 introuvable" in refused.stderr


def test_undoing_an_import_an_edition_relies_on_says_the_edition_keeps_its_view(history):
    app = AppTest.from_file(str(PROJECT_DIR / "app.py"), default_timeout=90)
    app.session_state["analyst"] = "Camille"
    app.switch_page("pages/6_importer.py").run()
    app.selectbox(key="history-choice").select(1).run()
    app.button(key="undo-ask").click().run()
    assert not app.exception
    asked = next(w.value for w in app.warning if "Annuler l'import n° 1" in w.value)
    assert "Les éditions n° 1 s'appuient sur cet import : elles gardent leur vue" in asked
    app.selectbox(key="history-choice").select(3).run()
    app.button(key="undo-ask").click().run()
    asked = next(w.value for w in app.warning if "Annuler l'import n° 3" in w.value)
    assert "éditions" not in asked


@pytest.mark.parametrize("seed", [1, SEED])
def test_random_imports_undos_and_editions_each_read_back_as_a_rebuild_up_to_it(workspace, tmp_path, seed):
    """Overlapping imports (revisions, new periods, other zones), undos of any of them and éditions taken
    between: each édition, read from the final store, equals the store rebuilt from the journal up to it.
    One history is always the same; the other follows the run's seed (printed in the log)."""
    rng = random.Random(seed)
    codes = sorted(ZE_NAMES)
    taken = []
    for step in range(7):
        zones = rng.sample(codes, 8)
        periods = {p: {c: rng.randint(900, 1100) for c in zones} for p in rng.sample(["2019-T4", "2020-T1",
                                                                                       "2020-T2"], 2)}
        lines = ["Date;Code zone d'emploi;Zone d'emploi;Catégorie;Nombre de demandeurs d'emploi (données brutes)"]
        lines += [f"{p};{c};{ZE_NAMES[c]};A;{v}" for p, values in periods.items() for c, v in values.items()]
        content = ("\n".join(lines) + "\n").encode()
        assert actions.import_data_file(content, f"de_{step}.csv", who="analyste", workspace=workspace).ok
        active = list(workspace.store.imports().query("status == 'active'")["id"])
        if len(active) > 1 and rng.random() < 0.4:
            actions.undo_import(int(rng.choice(active)), "analyste", workspace)
        if rng.random() < 0.5:
            taken.append(editions.freeze(f"Plénière {step}", PLENARY, "ze2020", "analyste", workspace))
    for edition in taken:
        then = Workspace(rebuilt_up_to(workspace, edition, tmp_path / f"then-{edition.id}"))
        assert _sorted(workspace.store.as_of(edition).export()).equals(_sorted(then.store.export())), edition
        changed = workspace.store.changes(edition)["revised"]
        now = _sorted(workspace.store.export()).set_index(list(KEY_COLUMNS))["value"]
        before = _sorted(then.store.export()).set_index(list(KEY_COLUMNS))["value"]
        differ = {k for k in before.index if k not in now.index or now[k] != before[k]}
        assert {tuple(r) for r in changed[list(KEY_COLUMNS)].itertuples(index=False)} == differ
        periods = {(s, p) for s, p in zip(now.index.get_level_values("source"), now.index.get_level_values("period"))}
        periods -= set(zip(before.index.get_level_values("source"), before.index.get_level_values("period")))
        added = workspace.store.changes(edition)["periods"]
        assert set(zip(added["source"], added["period"])) == periods


def test_an_edition_keeps_the_referential_in_force_that_day(history):
    workspace, first, _ = history
    assert actions.import_referential(generators.odd_headers_workbook(), "efop.xlsx", workspace=workspace).ok
    second = editions.freeze("Avec le référentiel", PLENARY, "efop", "analyste", workspace)
    referential = int(workspace.store.imports()["id"].max())
    actions.undo_import(referential, "analyste", workspace)
    assert "efop" not in set(workspace.store.mailles()["id"])
    assert "efop" not in set(workspace.store.as_of(first).mailles()["id"])
    kept = workspace.store.as_of(second)
    assert "efop" in set(kept.mailles()["id"]) and kept.default_maille() == "efop"
    cholet = kept.territory_values("efop", "demandeurs_emploi", "demandeurs", "brut", {"category": "A"})
    assert len(cholet) and set(cholet["territory"]) <= set(kept.territories("efop")["code"])
    now = workspace.store.territory_values("ze2020", "demandeurs_emploi", "demandeurs", "brut", {"category": "A"})
    assert kept.territory_values("ze2020", "demandeurs_emploi", "demandeurs", "brut", {"category": "A"}).equals(now)


def test_no_line_on_a_maille_the_last_edition_did_not_have(history):
    workspace, _, _ = history
    assert actions.import_referential(generators.odd_headers_workbook(), "efop.xlsx", workspace=workspace).ok
    app = run("pages/1_mon_territoire.py", territoire="Cholet")
    assert app.sidebar.selectbox(key="maille").value == "efop" and app.metric[0].value == "5\u202f327"
    assert not any("Depuis l'édition" in i.value for i in app.info)
    on_zones = run("pages/1_mon_territoire.py", territoire="Cholet", maille="Zones d'emploi 2020 (découpage par "
                   "défaut, en attendant le référentiel EFOP officiel)")
    assert any("Depuis l'édition du 15/11/2026" in i.value for i in on_zones.info)

"""Every page, driven through the states its own widgets offer, on four stores: no exception, no error box.

The stores: the demo data; an empty store; one source for part of the territories only (territories
without data); the demo data with an édition taken, then an imported EFOP referential of one territory per commune
(1 228: an extra maille, the default one, that the édition does not know). The mailles, territories, references,
periods and hostile links a walk visits are drawn by the run's seed (see tests/explore.py). The seed, the number of
states each walk visits and its duration are written to tests/e2e/artifacts/exploration.jsonl.
"""

from __future__ import annotations

import json
import random
import shutil
from datetime import date

import pytest

from dashboard.build.fmt import plain
from loaders import actions
from loaders.actions import Workspace, access, editions
from loaders.values import geography
from tests import generators
from tests.e2e.conftest import ARTIFACTS
from tests.explore import SEED, Walk, sample
from tests.extracts import ZE_NAMES

VIEWER_PAGES = ["app.py", "pages/1_mon_territoire.py", "pages/2_territoires.py", "pages/3_sources.py",
                "pages/4_activite_partielle.py", "pages/5_comparer.py", "pages/7_feuille_de_route.py",
                "pages/8_boite_a_outils.py", "pages/9_pleniere.py", "pages/10_editions.py", "pages/6_importer.py"]
TERRITORY_PAGE = "pages/1_mon_territoire.py"
PASSWORD = "mot-de-passe-d-exploration"
HOSTILE = ["inconnu", "<img src=x onerror=alert(1)>", "[lien](https://exemple.invalid/x)", "\u202e1202 ,lirva",
           "x" * 3000, "%00%0a", "Cholet\u200b", "２０２０-04"]
PARAMS = ["maille", "territoire", "reference", "periode", "mode", "edition"]


def _one_source(base):
    """Job seekers cat. A for 12 zones d'emploi of 23, three quarters: the others have no data at all."""
    lines = ["Date;Code zone d'emploi;Zone d'emploi;Catégorie;Nombre de demandeurs d'emploi (données brutes)"]
    rng = random.Random(11)
    for code in sorted(ZE_NAMES)[:12]:
        for quarter in ("2019-T4", "2020-T1", "2020-T2"):
            lines.append(f"{quarter};{code};{ZE_NAMES[code]};A;{rng.randint(2000, 30000)}")
    report = actions.import_data_file(("\n".join(lines) + "\n").encode(), "une_source.csv", who="analyste",
                                       workspace=Workspace(base))
    assert report.ok, report.problems


@pytest.fixture(scope="session")
def stores(tmp_path_factory, demo_template):
    """The four data folders, built once per test process and only read by the walks."""
    root = tmp_path_factory.mktemp("explore")
    folders = {"demo": demo_template, "empty": root / "empty", "one_source": root / "une_source",
               "efop": root / "efop"}
    Workspace(folders["empty"]).store.imports()
    _one_source(folders["one_source"])
    shutil.copytree(demo_template, folders["efop"])
    editions.freeze("Plénière CLEFOP du 15/11/2026", date(2026, 11, 15), "ze2020", "analyste",
                    Workspace(folders["efop"]))
    report = actions.import_referential(generators.one_territory_per_commune_csv(), "Une commune par territoire.csv",
                                         workspace=Workspace(folders["efop"]))
    assert report.ok, report.problems
    for base in folders.values():
        access.set_password(PASSWORD, base)
    return folders


@pytest.fixture
def use_store(stores, monkeypatch):
    def use(name: str):
        monkeypatch.setenv("CLEFOP_DATA_DIR", str(stores[name]))
        monkeypatch.setenv("CLEFOP_DEMO", "0")
        return stores[name]
    return use


def _record(**fields) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    with open(ARTIFACTS / "exploration.jsonl", "a", encoding="utf-8") as log:
        log.write(json.dumps({**fields, "seed": SEED}, ensure_ascii=False) + "\n")


def drawn(walk: Walk, options: list, count: int) -> list:
    """Return the first option and count − 1 others drawn by the run's seed (all of them when there are fewer)."""
    return [*options[:1], *walk.rng.sample(options[1:], min(count - 1, max(len(options) - 1, 0)))]


def explore_sidebar(walk: Walk, mailles: int, territories: int, varied_mailles: int, periods: int) -> None:
    """The default maille and `mailles` − 1 others drawn; in each, sampled territories (the region first) and, on
    one territory of `varied_mailles` of those mailles drawn, the page's widgets; then two « avant crise »
    references, sampled periods, and each édition."""
    chosen = drawn(walk, list(walk.sidebar("maille").options), mailles)
    varied = set(walk.rng.sample(range(len(chosen)), min(varied_mailles, len(chosen))))
    for index, maille in enumerate(chosen):
        walk.choose(walk.sidebar("maille"), maille, f"maille = {maille}")
        options = list(walk.sidebar("territoire").options)
        for position, territory in enumerate(sample(options, territories, walk.rng)):
            walk.choose(walk.sidebar("territoire"), territory, f"{maille} / territoire = {territory}")
            if position == 1 and index in varied:
                walk.vary_page_widgets()
    for reference in walk.rng.sample(list(walk.sidebar("reference").options), 2):
        walk.choose(walk.sidebar("reference"), reference, f"référence = {reference}")
    for period in drawn(walk, list(walk.sidebar("periode").options), periods):
        walk.choose(walk.sidebar("periode"), period, f"période = {period}")
    for edition in list(walk.sidebar("edition").options)[1:] if walk.sidebar("edition") else []:
        walk.choose(walk.sidebar("edition"), edition, f"édition = {edition}")
        for maille in sample(list(walk.sidebar("maille").options), 2, walk.rng):  # the édition's own first
            walk.choose(walk.sidebar("maille"), maille, f"édition {edition} / maille = {maille}")
            territory = sample(list(walk.sidebar("territoire").options), 2, walk.rng)[-1]
            walk.choose(walk.sidebar("territoire"), territory, f"édition {edition} / {maille} / {territory}")
        walk.vary_page_widgets()


# mailles visited, territories sampled per maille, mailles where the page's widgets are varied, periods sampled
DEPTH = {"demo": (2, 2, 1, 2), "efop": (2, 2, 1, 1), "one_source": (2, 2, 1, 1), "empty": (2, 2, 1, 1)}
DEMO_BANNER = "Données de démonstration"


@pytest.mark.parametrize("page", VIEWER_PAGES)
@pytest.mark.parametrize("store", list(DEPTH))
def test_every_reachable_state_of_a_page_renders(use_store, store, page):
    use_store(store)
    walk = Walk(page, seed=len(store))
    opened = walk.app  # as a link without parameters opens it: the default maille, the whole region
    assert walk.sidebar("maille").value == ("efop" if store == "efop" else geography.DEFAULT_BUILTIN)
    assert walk.sidebar("territoire").value == "__region__"
    assert any(DEMO_BANNER in i.value for i in opened.info) == (store in ("demo", "efop"))
    explore_sidebar(walk, *DEPTH[store])
    _record(test="pages", store=store, page=page, states=walk.states, seconds=round(walk.seconds(), 1))


@pytest.mark.parametrize("store", list(DEPTH))
def test_presentation_mode_from_the_menu_without_a_territory_in_every_maille(use_store, stores, store):
    use_store(store)
    states, seconds = 0, 0.0
    mailles = list(Workspace(stores[store]).store.mailles()["label"])
    rng = random.Random(f"{store}-{SEED}")
    for maille in [mailles[0], *rng.sample(mailles[1:], 2 if store in ("demo", "efop") else 1)]:
        walk = Walk(TERRITORY_PAGE, params={"mode": "presentation", "maille": maille}, seed=len(store))
        names = list(walk.sidebar("territoire").options)
        assert "Toute la région" not in names
        assert walk.app.title[0].value == plain(names[0])
        for label in ("Suivant", "Suivant", "Précédent", "Précédent", "Précédent"):
            next(b for b in walk.app.button if label in b.label).click()
            walk.run(f"{maille}: {label}")
        assert walk.app.title[0].value == plain(names[-1])  # two forward, three back: wrapped to the last
        walk.vary_page_widgets()
        states, seconds = states + walk.states, seconds + walk.seconds()
    _record(test="presentation", store=store, states=states, seconds=round(seconds, 1))


@pytest.mark.parametrize("page", VIEWER_PAGES)
def test_hostile_links_fall_back_to_defaults(use_store, page):
    use_store("demo")
    rng = random.Random(f"{page}-{SEED}")
    states = 0
    for param in PARAMS:
        for value in rng.sample(HOSTILE, 2 if page == "app.py" else 1):
            walk = Walk(page, params={param: value}, link_warnings=True)
            assert walk.app.warning, (param, value)
            states += walk.states
    walk = Walk(page, params={p: rng.choice(HOSTILE) for p in PARAMS}, link_warnings=True)
    walk.choose(walk.sidebar("territoire"), walk.sidebar("territoire").options[-1], "territoire après lien")
    _record(test="liens", page=page, states=states + walk.states)


def test_analyst_import_page_every_tab_and_button(use_store, stores, tmp_path, monkeypatch):
    base = tmp_path / "data"
    shutil.copytree(stores["demo"], base)
    monkeypatch.setenv("CLEFOP_DATA_DIR", str(base))
    walk = Walk("pages/6_importer.py")
    walk.app.text_input[0].input("Exploratrice")
    walk.app.text_input[1].input(PASSWORD)
    walk.app.button[0].click()
    walk.run("connexion")
    assert "Connecté en tant qu'analyste" in walk.app.caption[0].value
    clicked = {"Se déconnecter"}  # pressed last, below
    for _ in range(12):
        button = next((b for b in walk.app.button if b.label not in clicked and not b.disabled), None)
        if button is None:
            break
        clicked.add(button.label)
        button.click()
        walk.run(f"bouton « {button.label} »")
    walk.vary_page_widgets()
    assert "Annuler cet import" in clicked and clicked & {"Oui, annuler l'import", "Non, le garder"}
    next(b for b in walk.app.button if b.label == "Se déconnecter").click()
    walk.run("déconnexion")
    assert not walk.app.tabs
    _record(test="analyste", states=walk.states, seconds=round(walk.seconds(), 1))

"""The import page and the store notices, run by AppTest: who may import, history, undo, rebuild, escaping."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from loaders import actions
from loaders.actions import Workspace, access
from loaders.settings import PROJECT_DIR
from tests import generators
from tests.conftest import finished, private_copy, run_cli
from tests.extracts import dares_long_csv, offers_long_epci_csv

IMPORT_PAGE = "pages/6_importer.py"
PASSWORD = "un-mot-de-passe-de-test"


def page(path: str = IMPORT_PAGE, secrets: dict | None = None, analyst: str | None = None) -> AppTest:
    app = AppTest.from_file(str(PROJECT_DIR / "app.py"), default_timeout=90)
    if analyst:
        app.session_state["analyst"] = analyst  # as the login form leaves it
    for key, value in (secrets or {}).items():
        app.secrets[key] = value
    if path != "app.py":
        app.switch_page(path)
    return app.run()


def login(app: AppTest, password: str = PASSWORD, name: str = "Camille Analyste") -> AppTest:
    app.text_input[0].input(name)
    app.text_input[1].input(password)
    app.button[0].click()
    return app.run()


@pytest.fixture(scope="module")
def two_imports_template(tmp_path_factory):
    workspace = Workspace(tmp_path_factory.mktemp("two_imports") / "data")
    for extract in (offers_long_epci_csv(), dares_long_csv()):
        assert actions.import_data_file(extract.content, extract.name, who="analyste", workspace=workspace).ok
    access.set_password(PASSWORD, workspace.base)
    return finished(workspace)


@pytest.fixture
def two_imports(two_imports_template, workspace):
    """Offers, then job seekers; the analyst password of the data folder is known."""
    return private_copy(two_imports_template, workspace)


def test_viewer_sees_only_the_login_form(two_imports):
    app = page()
    assert not app.exception
    assert "réservés aux analystes" in app.info[0].value
    labels = [b.label for b in app.button]
    assert labels == ["Se connecter"]
    assert not app.tabs and not app.dataframe
    assert "affiché une seule fois dans le terminal" in app.caption[-1].value


def test_wrong_password_is_refused(two_imports):
    app = login(page(), password="pas le bon")
    assert [e.value for e in app.error] == ["Mot de passe incorrect."]
    assert not app.tabs


def test_name_is_required(two_imports):
    app = login(page(), name=" ")
    assert "Indiquez votre nom" in app.error[0].value


def test_password_from_the_secrets_takes_precedence(two_imports):
    secrets = {"analysts": {"password_hash": access.hash_password("celui-des-secrets")}}
    assert not login(page(secrets=secrets)).tabs
    app = login(page(secrets=secrets), password="celui-des-secrets")
    assert [t.label for t in app.tabs] == ["Extraits de données", "Référentiel des territoires",
                                          "Offre de services", "Historique des imports"]
    assert "défini par l'administrateur" not in " ".join(c.value for c in app.caption)


def test_analyst_sees_history_and_undoes_with_confirmation(two_imports):
    app = login(page())
    assert "Camille Analyste (mot de passe analyste)" in app.caption[0].value
    history = app.dataframe[0].value
    assert list(history["N°"]) == [2, 1]
    assert list(history["Statut"]) == ["en vigueur", "en vigueur"]
    assert history.loc[0, "Périodes"] == "T1 2020 à T4 2020 (4 périodes)"
    before = two_imports.store.observation_count()
    app.button(key="undo-ask").click()
    app = app.run()
    assert "Annuler l'import n° 2" in app.warning[0].value
    assert two_imports.store.observation_count() == before  # nothing before the confirmation
    app.button(key="undo-yes").click()
    app = app.run()
    assert "Import n° 2 annulé" in app.success[0].value
    imports = two_imports.store.imports().set_index("id")
    assert imports.loc[2, "status"] == "undone"
    assert imports.loc[2, "undone_by"] == "Camille Analyste (mot de passe analyste)"
    assert set(two_imports.store.export()["source"]) == {"offres_emploi"}
    assert app.dataframe[0].value.loc[0, "Statut"].startswith("annulé le ")


def test_undo_can_be_called_off(two_imports):
    app = login(page())
    app.button(key="undo-ask").click()
    app = app.run()
    app.button(key="undo-no").click()
    app = app.run()
    assert not app.warning
    assert set(two_imports.store.imports()["status"]) == {"active"}


def test_first_start_generates_a_password_and_keeps_only_its_hash(workspace, capfd):
    app = page("app.py")
    assert not app.exception
    printed = capfd.readouterr().out
    password = printed.split("Mot de passe analyste généré : ")[1].split()[0]
    kept = access.stored_hash(workspace.base)
    assert password not in kept and access.verify_password(password, kept)
    assert (access.hash_file(workspace.base).stat().st_mode & 0o777) == 0o600


def test_unreadable_database_is_announced_and_rebuilt_from_the_page(two_imports):
    count = two_imports.store.observation_count()
    two_imports.store.path.write_bytes(b"\x00garbage" * 1000)
    viewer = page("app.py")
    assert "momentanément indisponible" in viewer.warning[0].value and not viewer.error
    assert str(two_imports.base) not in " ".join(w.value for w in viewer.warning)
    assert not [b for b in viewer.button if "Reconstruire" in b.label]
    app = page("app.py", analyst="Camille")
    assert not app.exception
    assert "est illisible" in app.error[0].value
    app.button[0].click()
    app = app.run()
    assert "Base reconstruite : 2 import(s) rejoué(s)." in app.success[0].value
    assert two_imports.store.observation_count() == count


def test_missing_database_is_announced(two_imports):
    two_imports.store.path.unlink()
    app = page("pages/1_mon_territoire.py", analyst="Camille")
    assert "est introuvable alors que l'archive garde 2 opération(s)" in app.error[0].value
    assert app.button[0].label == "Reconstruire la base à partir de l'archive"


def test_territory_names_from_a_referential_are_shown_literally(workspace):
    hostile = "Mauges <img src=x onerror=alert(1)> **Gras** [lien](http://exemple.org)"
    content = generators.efop_csv_with_name(hostile)
    assert actions.import_referential(content, "efop.csv", workspace=workspace).ok
    app = AppTest.from_file(str(PROJECT_DIR / "app.py"), default_timeout=90)
    app.query_params["territoire"] = hostile
    app.switch_page("pages/1_mon_territoire.py")
    app = app.run()
    assert not app.exception
    title = app.title[0].value
    assert "\\<img" in title and "\\*\\*Gras\\*\\*" in title and "\\[lien\\](http\\:" in title


def test_a_crafted_link_is_reported_literally(workspace):
    app = AppTest.from_file(str(PROJECT_DIR / "app.py"), default_timeout=90)
    app.query_params["territoire"] = "![x](http://exemple.org/espion.png)"
    app = app.run()
    assert "« \\!\\[x\\](http\\:" in app.warning[0].value


def test_identity_provider_login_is_offered_when_configured(two_imports):
    secrets = {"auth": {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "x" * 32,
                        "client_id": "clefop", "client_secret": "s",
                        "server_metadata_url": "https://identite.exemple.fr/.well-known/openid-configuration"}}
    app = page(secrets=secrets)
    assert not app.exception
    assert [b.label for b in app.button] == ["Se connecter (compte de l'organisation)"]
    assert not app.text_input  # no shared password unless one is configured as well


def test_command_line_first_start_prints_a_password_once(workspace):
    first = run_cli(["password", "--first-start"], workspace.base)
    password = first.stdout.split("Mot de passe analyste généré : ")[1].split()[0]
    assert access.verify_password(password, access.stored_hash(workspace.base))
    again = run_cli(["password", "--first-start"], workspace.base)
    assert again.returncode == 0 and again.stdout == ""


def test_a_long_value_in_a_link_is_cut_when_said_back(workspace):
    app = AppTest.from_file(str(PROJECT_DIR / "app.py"), default_timeout=90)
    app.query_params["territoire"] = "x" * 100_000
    app.query_params["edition"] = "9" * 5_000
    app = app.run()
    said = [w.value for w in app.warning if "Le lien demandait" in w.value]
    assert len(said) == 2 and all(len(w) < 400 for w in said), [len(w) for w in said]
    assert any("(100\u202f000 caractères)" in w for w in said) and any("(5\u202f000 caractères)" in w for w in said)


def test_a_link_to_a_territory_names_its_maille_and_keeps_it_after_another_maille_becomes_the_default(demo_store):
    from dashboard.ui import state
    from loaders.domain.territory import CLE
    app = AppTest.from_file(str(PROJECT_DIR / "app.py"), default_timeout=90)
    app.query_params["territoire"] = "Cholet"
    app = app.run()
    link = dict(app.query_params)
    assert link[state.MAILLE] == [CLE.label] or link[state.MAILLE] == CLE.label
    efop = generators.efop_csv_with_name("Cholet")  # the EFOP grid has a « Cholet » too, and becomes the default
    assert actions.import_referential(efop, "efop.csv", workspace=demo_store).ok
    again = AppTest.from_file(str(PROJECT_DIR / "app.py"), default_timeout=90)
    again.query_params.update({"territoire": "Cholet", state.MAILLE: CLE.label})
    again = again.run()
    assert again.selectbox(key=state.MAILLE).value == CLE.id and not again.warning

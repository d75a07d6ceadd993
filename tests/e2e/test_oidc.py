"""The organisation login, end to end: a real OpenID Connect provider on the loopback, the dashboard configured
for it, a browser that logs in as an analyst, as an account whose address is not verified, as one not listed."""

from __future__ import annotations

import secrets
import shutil

import pytest
from oidc_provider_mock import User, run_server_in_thread

from tests.e2e.conftest import DashboardServer, free_port, open_context, wait_for_app

ANALYST = User(sub="camille", claims={"email": "Camille@exemple.fr", "email_verified": True,
                                      "name": "Camille Analyste"})
UNVERIFIED = User(sub="dominique", claims={"email": "dominique@exemple.fr", "email_verified": False})
STRANGER = User(sub="intrus", claims={"email": "intrus@exemple.fr", "email_verified": True})


@pytest.fixture(scope="module")
def provider():
    with run_server_in_thread(user_claims=[ANALYST, UNVERIFIED, STRANGER]) as running:
        yield f"http://localhost:{running.server_port}"


def _server(tmp_path_factory, demo_template, provider: str, auth: dict, emails: list[str]) -> DashboardServer:
    folder = tmp_path_factory.mktemp("oidc")
    shutil.copytree(demo_template, folder / "data")
    port = free_port()
    lines = ["[analysts]", f"emails = {emails!r}".replace("'", '"'), "[auth]"]
    settings = {"redirect_uri": f"http://127.0.0.1:{port}/oauth2callback", "cookie_secret": secrets.token_hex(16),
                "client_id": "clefop", "client_secret": "secret-du-client",
                "server_metadata_url": f"{provider}/.well-known/openid-configuration", **auth}
    lines += [f'{key} = "{value}"' for key, value in settings.items() if value is not None]
    (folder / "secrets.toml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return DashboardServer(folder / "data", port=port, extra_args=("--secrets.files", str(folder / "secrets.toml")))


@pytest.fixture(scope="module")
def dashboard(tmp_path_factory, demo_template, provider):
    server = _server(tmp_path_factory, demo_template, provider, {}, ["camille@exemple.fr", "dominique@exemple.fr"])
    yield server
    server.stop()


def _log_in_as(browser, server: DashboardServer, user: User):
    context = open_context(browser, viewport={"width": 1400, "height": 1600}, locale="fr-FR")
    tab = context.new_page()
    tab.goto(f"{server.url}/importer")
    wait_for_app(tab)
    tab.get_by_role("button", name="Se connecter (compte de l'organisation)").click()
    tab.get_by_role("button", name=user.sub, exact=True).click()  # the provider's own page: choose the account
    tab.wait_for_url(f"{server.url}/**", timeout=60_000)
    tab.goto(f"{server.url}/importer")
    wait_for_app(tab)
    return context, tab


def test_an_analyst_of_the_organisation_logs_in_and_others_are_refused_in_french(browser, dashboard):
    context, tab = _log_in_as(browser, dashboard, ANALYST)
    tab.get_by_text("Connecté en tant qu'analyste").wait_for(timeout=60_000)
    assert "Camille Analyste" in tab.inner_text("body")
    tab.get_by_role("tab", name="Extraits de données").wait_for(timeout=30_000)
    context.close()
    for user, said in ((UNVERIFIED, "n'est pas vérifiée par le fournisseur d'identité"),
                       (STRANGER, "n'est pas dans la liste des analystes")):
        context, tab = _log_in_as(browser, dashboard, user)
        tab.get_by_text(said).wait_for(timeout=60_000)
        assert tab.get_by_role("tab", name="Extraits de données").count() == 0
        assert "Traceback" not in tab.inner_text("body")
        context.close()


@pytest.mark.parametrize("auth, emails, said", [
    ({"client_secret": None}, ["camille@exemple.fr"], "il manque client_secret dans la section [auth]"),
    ({}, [], "aucun compte de l'organisation ne peut importer"),
])
def test_a_misconfigured_login_is_said_in_french_without_a_traceback(browser, tmp_path_factory, demo_template,
                                                                    provider, auth, emails, said):
    server = _server(tmp_path_factory, demo_template, provider, auth, emails)
    try:
        context = open_context(browser, locale="fr-FR")
        tab = context.new_page()
        tab.goto(f"{server.url}/importer")
        wait_for_app(tab)
        tab.get_by_text(said).wait_for(timeout=60_000)
        body = tab.inner_text("body")
        assert "Traceback" not in body and "StreamlitAuthError" not in body and "/tmp/" not in body
        assert said in server.log_tail(200)  # said at start-up too, in the server's log
        context.close()
    finally:
        server.stop()

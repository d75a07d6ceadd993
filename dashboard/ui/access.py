"""Who may import: analysts, recognised by OpenID Connect (st.login) or by the shared analyst password."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import streamlit as st
from streamlit.errors import StreamlitSecretNotFoundError

from loaders.actions import access
from loaders.settings import setting

ANALYST = "analyst"  # the one session key of this module: the name of the analyst logged in by password


@dataclass(frozen=True)
class AccessConfig:
    """What the secrets say about analyst access."""

    password_hash: str | None
    oidc: bool
    emails: tuple[str, ...] = ()


def config() -> AccessConfig:
    """Read analyst access from `.streamlit/secrets.toml` ([analysts] and [auth]); empty when absent."""
    try:
        secrets = st.secrets.to_dict()
    except (StreamlitSecretNotFoundError, FileNotFoundError):
        secrets = {}
    analysts = secrets.get("analysts", {})
    return AccessConfig(analysts.get("password_hash"), "auth" in secrets,
                        tuple(e.lower() for e in analysts.get("emails", [])))


def expected_hash(settings: AccessConfig, base: str) -> str | None:
    """Return the password hash to check: the secrets' one, else the data folder's (generated on first start)."""
    return settings.password_hash or access.stored_hash(Path(base))


def current_analyst(settings: AccessConfig) -> str | None:
    """Return how the logged-in analyst is recorded in the history, or None for a viewer."""
    if settings.oidc and _logged_in():
        email = str(st.user.get("email") or "").lower()
        if not settings.emails or email in settings.emails:
            return str(st.user.get("name") or email)
    return st.session_state.get(ANALYST)


def login_panel(settings: AccessConfig, base: str) -> None:
    """Offer the analyst login: the identity provider when configured, else the shared password."""
    st.info("Lire le tableau de bord ne demande aucun compte. **Importer, annuler un import et remplacer le "
            "référentiel** sont réservés aux analystes.", icon=":material/lock:")
    if settings.oidc:
        if _logged_in():
            st.error(f"Le compte {st.user.get('email')} n'est pas dans la liste des analystes.")
            st.button("Se déconnecter", on_click=st.logout)
        else:
            st.button("Se connecter (compte de l'organisation)", on_click=st.login, type="primary")
        if not settings.password_hash:
            return
    with st.form("analyst-login"):
        name = st.text_input("Votre nom (inscrit dans l'historique des imports)")
        password = st.text_input("Mot de passe analyste", type="password")
        submitted = st.form_submit_button("Se connecter", type="primary")
    if submitted:
        _check(name, password, expected_hash(settings, base))
    st.caption(_where_is_the_password(settings))


def _check(name: str, password: str, stored: str | None) -> None:
    if not name.strip():
        st.error("Indiquez votre nom : il est inscrit dans l'historique de chaque import.")
    elif stored and access.check_with_delay(password, stored, client=_client(), name=name):
        st.session_state[ANALYST] = f"{name.strip()} (mot de passe analyste)"
        st.rerun()
    else:
        st.error("Mot de passe incorrect.")


def _client() -> str:
    """Return whose attempts count together (see access.throttle_key: never a key the browser chooses)."""
    return access.throttle_key(st.context.ip_address, st.context.headers.get("X-Forwarded-For"),
                               str(setting("CLEFOP_TRUSTED_PROXIES")))


def _where_is_the_password(settings: AccessConfig) -> str:
    if settings.password_hash:
        return "Le mot de passe analyste est défini par l'administrateur dans `.streamlit/secrets.toml`."
    return ("Au premier démarrage, le mot de passe analyste a été tiré au hasard et affiché une seule fois dans le "
            "terminal qui a lancé le tableau de bord. Pour en choisir un autre : `python -m loaders password` ; "
            "pour le fixer dans la configuration : `python -m loaders password --hash`, à copier dans "
            "`.streamlit/secrets.toml` (voir `.streamlit/secrets.toml.example`).")


def _logged_in() -> bool:
    return bool(st.user.get("is_logged_in", False))


def logout_button() -> None:
    """Let a logged-in analyst leave (password session or identity provider)."""
    if st.session_state.get(ANALYST):
        st.button("Se déconnecter", on_click=st.session_state.pop, args=(ANALYST,))
    elif _logged_in():
        st.button("Se déconnecter", on_click=st.logout)

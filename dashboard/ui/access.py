"""Who may import: analysts, recognised by OpenID Connect (st.login) or by the shared analyst password."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import streamlit as st
from streamlit.errors import StreamlitSecretNotFoundError

from dashboard.build.fmt import plain
from loaders.actions import access
from loaders.settings import setting

ANALYST = "analyst"  # the one session key of this module: the name of the analyst logged in by password


OIDC_KEYS = ("redirect_uri", "cookie_secret", "client_id", "client_secret", "server_metadata_url")


@dataclass(frozen=True)
class AccessConfig:
    """What the secrets say about analyst access: an [auth] section (OpenID Connect) is usable only when it has
    every key Streamlit needs; only the e-mail addresses listed may import through it (none listed: nobody)."""

    password_hash: str | None
    oidc: bool
    emails: tuple[str, ...] = ()
    oidc_missing: tuple[str, ...] = ()

    @property
    def oidc_problem(self) -> str | None:
        """Return, in French, why the organisation login cannot be offered (for the administrator), or None."""
        if self.oidc_missing:
            return ("La connexion par le compte de l'organisation est mal configurée : il manque "
                    f"{', '.join(self.oidc_missing)} dans la section [auth] des secrets du tableau de bord. "
                    "L'administrateur doit la compléter (modèle : .streamlit/secrets.toml.example).")
        if self.oidc and not self.emails:
            return ("Aucune adresse dans [analysts] emails : aucun compte de l'organisation ne peut importer. "
                    "L'administrateur doit y inscrire les adresses des analystes.")
        return None


def config() -> AccessConfig:
    """Read analyst access from `.streamlit/secrets.toml` ([analysts] and [auth]); empty when absent."""
    try:
        secrets = st.secrets.to_dict()
    except (StreamlitSecretNotFoundError, FileNotFoundError):
        secrets = {}
    analysts, auth = secrets.get("analysts", {}), secrets.get("auth")
    emails = analysts.get("emails") or []
    emails = [emails] if isinstance(emails, str) else emails
    missing = tuple(key for key in OIDC_KEYS if not (auth or {}).get(key)) if auth is not None else ()
    return AccessConfig(analysts.get("password_hash"), auth is not None and not missing,
                        tuple(e.strip().lower() for e in emails if str(e).strip()), missing)


def oidc_refusal(user: dict, emails: tuple[str, ...]) -> str | None:
    """Return, in French, why an account the provider recognised may not import, or None when it may: its
    e-mail must be verified by the provider and listed."""
    email = str(user.get("email") or "").strip().lower()
    if not emails:
        return "Aucun compte de l'organisation n'est autorisé à importer (liste des analystes vide)."
    if user.get("email_verified") is not True:
        return f"L'adresse {email or '(aucune)'} n'est pas vérifiée par le fournisseur d'identité : refusé."
    if email not in emails:
        return f"Le compte {email} n'est pas dans la liste des analystes : refusé."
    return None


def expected_hash(settings: AccessConfig, base: str) -> str | None:
    """Return the password hash to check: the secrets' one, else the data folder's (generated on first start)."""
    return settings.password_hash or access.stored_hash(Path(base))


def current_analyst(settings: AccessConfig) -> str | None:
    """Return how the logged-in analyst is recorded in the history, or None for a viewer."""
    if settings.oidc and _logged_in() and oidc_refusal(st.user.to_dict(), settings.emails) is None:
        return str(st.user.get("name") or st.user.get("email"))
    return st.session_state.get(ANALYST)


def login_panel(settings: AccessConfig, base: str) -> None:
    """Offer the analyst login: the identity provider when configured, else the shared password."""
    st.info("Lire le tableau de bord ne demande aucun compte. **Importer, annuler un import et remplacer le "
            "référentiel** sont réservés aux analystes.", icon=":material/lock:")
    if settings.oidc_problem:
        st.warning(plain(settings.oidc_problem), icon=":material/key_off:")
    if settings.oidc:
        if _logged_in():
            st.error(plain(oidc_refusal(st.user.to_dict(), settings.emails) or ""))
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

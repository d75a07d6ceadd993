"""The forms analysts use to freeze an édition and to rename one (the rest of the éditions is read-only)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import streamlit as st

from dashboard.ui.errors import written
from loaders.actions import Workspace, editions
from loaders.store.editions import Edition


def freeze_form(base: str, maille: str, who: str, key: str) -> None:
    """« Figer une édition »: the state that counts now, under a name and the plenary's date."""
    with st.form(f"freeze-{key}"):
        st.markdown("**Figer une édition** : garder les données telles qu'elles sont présentées aujourd'hui "
                    "(imports en vigueur, référentiel, maille, priorités), pour les revoir après des révisions.")
        left, right = st.columns([3, 1])
        when = right.date_input("Date de la plénière", value=date.today(), format="DD/MM/YYYY",
                                key=f"freeze-date-{key}")
        name = left.text_input("Nom de l'édition", placeholder=editions.default_name(when or date.today()),
                               max_chars=editions.MAX_NAME, key=f"freeze-name-{key}")
        submitted = st.form_submit_button("Figer l'édition", type="primary", icon=":material/history:")
    if submitted:
        when = when or date.today()
        workspace = Workspace(Path(base))
        edition = written(lambda: editions.freeze(name or editions.default_name(when), when, maille, who, workspace))
        if edition is None:
            return
        st.session_state["edition-frozen"] = edition.id
        st.rerun()
    frozen = st.session_state.pop("edition-frozen", None)
    if frozen is not None:
        st.success(f"Édition n° {frozen} figée. Son lien : ajoutez « ?edition={frozen} » à l'adresse d'une page, "
                   "ou choisissez-la dans le panneau de gauche (« Données »).", icon=":material/check_circle:")


def rename_form(base: str, edition: Edition, who: str) -> None:
    """Give an édition another name; what it shows stays as it was."""
    with st.form(f"rename-{edition.id}"):
        name = st.text_input(f"Nouveau nom de l'édition n° {edition.id}", value=edition.name,
                             max_chars=editions.MAX_NAME, key=f"rename-name-{edition.id}")
        submitted = st.form_submit_button("Renommer")
    if submitted:
        if written(lambda: editions.rename(edition.id, name, who, Workspace(Path(base)))) is None:
            return
        st.rerun()

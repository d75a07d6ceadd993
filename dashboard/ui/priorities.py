"""The form analysts use to record a territory's priorities, and their display on the territory pages."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import streamlit as st

from dashboard.build import roadmap
from dashboard.ui.errors import written
from loaders import actions
from loaders.actions import Workspace
from loaders.domain.roadmap import MAX_PRIORITIES, THEME_BY_ID, THEMES


def show(record: pd.Series | None, hint: bool = True) -> None:
    """Show the priorities in force first, with what each covers and the indicators that inform it."""
    st.header(roadmap.priorities_heading(record))
    if record is None:
        if hint:
            st.caption("Les 2 ou 3 priorités choisies en plénière se saisissent sur la page « Feuille de route ».")
        return
    st.markdown("\n".join(f"- {line}" for line in roadmap.priority_lines(record)))
    if roadmap.note_text(record):
        st.caption(roadmap.note_text(record))


def form(base: str, maille: str, territory: str, who: str, record: pd.Series | None) -> None:
    """Let an analyst record the 2–3 priorities chosen in plenary (the previous choice stays in the history)."""
    with st.form(f"priorities-{maille}-{territory}"):
        themes = st.multiselect("Priorités retenues (2 ou 3)", [t.id for t in THEMES],
                                default=list(record["themes"]) if record is not None else [],
                                format_func=lambda t: THEME_BY_ID[t].label, max_selections=MAX_PRIORITIES)
        plenary = st.date_input("Date de la plénière", value=None, format="DD/MM/YYYY")
        note = st.text_area("Note (facultative)", max_chars=1000)
        submitted = st.form_submit_button("Enregistrer les priorités", type="primary")
    if submitted:
        workspace = Workspace(Path(base))
        if written(lambda: actions.record_priorities(maille, territory, themes, plenary, note, who, workspace)) is None:
            return
        st.rerun()

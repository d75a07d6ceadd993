"""The frame every page calls first: page config, French menu, shared sidebar filters."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import streamlit as st

from dashboard import queries, state

MENU = (
    ("app.py", "Carte des territoires", ":material/map:"),
    ("pages/1_territoires.py", "Composition des territoires", ":material/list_alt:"),
)


@dataclass(frozen=True)
class View:
    """What the user chose in the shared filters."""

    base: str
    rev: str
    maille: str
    maille_label: str
    territory: str | None
    territories: pd.DataFrame

    def territory_name(self) -> str:
        """Return the chosen territory's name, or « Toute la région »."""
        if self.territory is None:
            return state.REGION_LABEL
        names = dict(zip(self.territories["code"], self.territories["name"]))
        return names.get(self.territory, self.territory)


def page_frame(title: str) -> View:
    """Set up the page and the sidebar; return the filters' values (also kept in the URL)."""
    st.set_page_config(page_title=f"{title} · Tableau de bord CLEFOP", page_icon=":material/dashboard:",
                       layout="wide", initial_sidebar_state="expanded")
    with st.sidebar:
        st.markdown("**Tableau de bord de crise des CLEFOP**")
        for path, label, icon in MENU:
            st.page_link(path, label=label, icon=icon)
        st.divider()
        view = _filters()
    return view


def _filters() -> View:
    base = queries.current_data_dir()
    rev = queries.revision(base)
    mailles = queries.mailles(base, rev)
    labels = dict(zip(mailles["id"], mailles["label"]))
    _notice_invalid(state.MAILLE, [labels[m] for m in mailles["id"]])
    maille = st.selectbox("Maille territoriale", list(mailles["id"]), format_func=labels.get,
                          key=state.MAILLE, bind="query-params")
    territories = queries.territories(base, rev, maille)
    names = dict(zip(territories["code"], territories["name"]))
    options = [state.REGION_CHOICE] + list(territories["code"])
    _notice_invalid(state.TERRITORY, [state.REGION_LABEL] + list(territories["name"]))
    chosen = st.selectbox("Territoire", options, key=state.TERRITORY, bind="query-params",
                          format_func=lambda c: state.REGION_LABEL if c == state.REGION_CHOICE else names[c])
    territory = None if chosen == state.REGION_CHOICE else chosen
    return View(base, rev, maille, labels[maille], territory, territories)


def _notice_invalid(key: str, valid: list[str]) -> None:
    """Warn when a hand-edited link names a value that does not exist; the default is used instead."""
    asked = st.query_params.get(key)
    if asked is not None and asked != "" and asked not in valid:
        st.warning(f"Le lien demandait « {asked} » pour « {key} », qui n'existe pas : "
                   "la valeur par défaut est affichée.", icon=":material/link_off:")

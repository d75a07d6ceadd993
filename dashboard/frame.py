"""The frame every page calls first: page config, French menu, shared sidebar filters."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import streamlit as st

from dashboard import exports, presentation, queries, state
from dashboard.indicators import REFERENCES, period_label
from dashboard.urlstate import url_selectbox

MENU = (
    ("app.py", "Vue régionale", ":material/map:"),
    ("pages/1_mon_territoire.py", "Mon territoire", ":material/location_on:"),
    ("pages/2_territoires.py", "Composition des territoires", ":material/list_alt:"),
    ("pages/4_activite_partielle.py", "Activité partielle", ":material/factory:"),
    ("pages/5_comparer.py", "Comparer des territoires", ":material/compare_arrows:"),
    ("pages/3_sources.py", "Sources et méthode", ":material/menu_book:"),
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
    reference: str = "auto"
    period: str | None = None
    maille_short: str = ""

    def territory_name(self) -> str:
        """Return the chosen territory's name, or « Toute la région »."""
        if self.territory is None:
            return state.REGION_LABEL
        names = dict(zip(self.territories["code"], self.territories["name"]))
        return names.get(self.territory, self.territory)


def presenting() -> bool:
    """Return True in presentation mode (« ?mode=presentation »)."""
    return st.query_params.get(presentation.MODE) == presentation.PRESENTATION


def page_frame(title: str) -> View:
    """Set up the page and the sidebar; return the filters' values (also kept in the URL)."""
    st.set_page_config(page_title=f"{title} · Tableau de bord CLEFOP", layout="wide",
                       initial_sidebar_state="collapsed" if presenting() else "expanded")
    if presenting():
        st.html(presentation.STYLE)
    with st.sidebar:
        st.markdown("**Tableau de bord de crise des CLEFOP**")
        menu = st.container()
        st.divider()
        view, link_params = _filters()
    for path, label, icon in MENU:
        menu.page_link(path, label=label, icon=icon, query_params=link_params)
    menu.page_link("pages/1_mon_territoire.py", label="Mode présentation", icon=":material/slideshow:",
                   query_params={**link_params, presentation.MODE: presentation.PRESENTATION})
    if queries.is_demo(view.base, view.rev):
        st.info("**Données de démonstration** : chiffres fictifs, à l'ordre de grandeur de la région. "
                "Importez les extraits réels pour les remplacer.", icon=":material/science:")
    return view


def _filters() -> tuple[View, dict[str, str]]:
    base = queries.current_data_dir()
    queries.bootstrap(base)
    rev = queries.revision(base)
    mailles = queries.mailles(base, rev)
    labels = dict(zip(mailles["id"], mailles["label"]))
    maille = url_selectbox("Maille territoriale", list(mailles["id"]), state.MAILLE, labels.get)
    territories = queries.territories(base, rev, maille)
    names = dict(zip(territories["code"], territories["name"]))
    names[state.REGION_CHOICE] = state.REGION_LABEL
    chosen = url_selectbox("Territoire", [state.REGION_CHOICE] + list(territories["code"]), state.TERRITORY,
                           names.get)
    territory = None if chosen == state.REGION_CHOICE else chosen
    reference = url_selectbox("Référence « avant crise »", list(REFERENCES), state.REFERENCE, REFERENCES.get)
    month_options = [state.LATEST, *queries.months(base, rev)]
    period = url_selectbox("Période affichée", month_options, state.PERIOD,
                           lambda p: state.LATEST_LABEL if p == state.LATEST else period_label(p))
    shared = (state.MAILLE, state.TERRITORY, state.REFERENCE, state.PERIOD)
    link_params = {k: v for k, v in st.query_params.items() if k in shared}
    shorts = dict(zip(mailles["id"], mailles["short_label"]))
    view = View(base, rev, maille, labels[maille], territory, territories, reference,
                None if period == state.LATEST else period, shorts[maille])
    return view, link_params


def select_from_map(*_args) -> None:
    """Copy the territory clicked on the map into the shared territory filter."""
    selection = st.session_state.get(state.MAP_KEY, {}).get("selection", {})
    points = selection.get("points", []) if selection else []
    if points and points[0].get("location"):
        st.session_state[state.TERRITORY] = points[0]["location"]


def source_caption(view: View, families) -> str:
    """Return « Sources : … Dernière mise à jour : … » for the families shown."""
    imports = queries.imports(view.base, view.rev)
    active = imports[(imports["status"] == "active") & imports["source"].notna()]
    parts = []
    for family in families:
        rows = active[active["source"] == family.source]
        when = rows["imported_at"].max()
        updated = f", mise à jour le {when:%d/%m/%Y}" if len(rows) else ", pas encore importé"
        parts.append(f"{family.short} : {family.origin}{updated}")
    return "Sources — " + " ; ".join(parts) + "."


def go_to(territory: str) -> None:
    """Make a territory the shared selection (previous/next buttons of the presentation mode)."""
    st.session_state[state.TERRITORY] = territory


def table_downloads(table: pd.DataFrame, name: str) -> None:
    """Offer a table as .xlsx and .csv, side by side."""
    one, two = st.columns(2)
    one.download_button("Télécharger (.xlsx)", exports.to_xlsx(table), f"{name}.xlsx", key=f"{name}-xlsx",
                        icon=":material/download:")
    two.download_button("Télécharger (.csv)", exports.to_csv(table), f"{name}.csv", key=f"{name}-csv",
                        icon=":material/download:")

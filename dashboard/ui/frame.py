"""The frame every page calls first: page config, French menu, shared sidebar filters."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import streamlit as st

from dashboard.build import cards, changes, tables
from dashboard.build.fmt import echoed, plain
from dashboard.build.indicators import REFERENCES, period_label
from dashboard.data import queries
from dashboard.data.scope import Scope
from dashboard.ui import access, presentation, startup, state, style
from dashboard.ui.errors import written
from dashboard.ui.pages import MY_TERRITORY, PAGES, Page
from dashboard.ui.urlstate import url_selectbox
from loaders import actions
from loaders.actions import Workspace
from loaders.domain.territory import MAILLE_BY_ID
from loaders.store.editions import Edition
from loaders.store.health import READABLE_KINDS


@dataclass(frozen=True)
class View:
    """What the user chose in the shared filters."""

    base: str
    rev: str
    maille: str
    maille_label: str  # escaped for Markdown, like maille_short (an imported maille is named by its user)
    territory: str | None
    territories: pd.DataFrame
    reference: str = "auto"
    period: str | None = None
    maille_short: str = ""
    edition: Edition | None = None  # the édition shown, None for the current data

    @property
    def scope(self) -> Scope:
        """Return what the page shows, as the one value the assembly and the decks take."""
        return Scope(self.base, self.rev, self.maille, self.territory, self.period, self.reference)

    def territory_name(self) -> str:
        """Return the chosen territory's name, or « Toute la région » (raw: escape it for Markdown)."""
        if self.territory is None:
            return state.REGION_LABEL
        names = dict(zip(self.territories["code"], self.territories["name"]))
        return names.get(self.territory, self.territory)

    def territory_title(self) -> str:
        """Return the chosen territory's name escaped for Markdown (titles, captions, sentences)."""
        return plain(self.territory_name())


def presenting() -> bool:
    """Return True in presentation mode (« ?mode=presentation »)."""
    return st.query_params.get(presentation.MODE) == presentation.PRESENTATION


def page_frame(page: Page) -> View:
    """Set up the page and the sidebar; return the filters' values (also kept in the URL).

    Only a presentable page enters presentation mode; there a territory is always chosen (the first one
    when the link named none), since a plenary is shown one territory per screen. A page that writes
    (not editionable) always works on the current data, and says so when a link asks for an édition.
    """
    editionable = page.editionable
    _drop_unknown_mode(page.presentable)
    st.set_page_config(page_title=f"{page.label} · Tableau de bord CLEFOP", layout="wide",
                       initial_sidebar_state="collapsed" if presenting() else "expanded")
    st.html(style.READABLE)
    if presenting():
        st.html(presentation.STYLE)
    _prepare(queries.current_data_dir())
    with st.sidebar:
        st.markdown("**Tableau de bord de crise des CLEFOP**")
        menu = st.container()
        st.divider()
        view, link_params = _filters(require_territory=presenting(), editionable=editionable)
    for shown in PAGES:
        menu.page_link(shown.path, label=shown.label, icon=shown.icon, query_params=link_params)
    menu.page_link(MY_TERRITORY.path, label="Mode présentation", icon=":material/slideshow:",
                   query_params={**link_params, presentation.MODE: presentation.PRESENTATION})
    asked = not editionable and _linked_edition({e.id: e for e in queries.editions(view.base, view.rev)})
    _edition_banner(view.edition, asked)
    if queries.is_demo(view.base, view.rev):
        st.info("**Données de démonstration** : chiffres fictifs, à l'ordre de grandeur de la région. "
                "Importez les extraits réels pour les remplacer.", icon=":material/science:")
    return view


def _edition_filter(base: str, rev: str) -> Edition | None:
    """Show « Données : actuelles / édition du … » when the store has éditions; return the one chosen."""
    found = {e.id: e for e in queries.editions(base, rev)}
    if not found:
        _linked_edition(found)  # only says a link's unknown édition
        return None
    chosen = url_selectbox("Données", [state.CURRENT, *found], state.EDITION,
                           lambda e: state.CURRENT_LABEL if e == state.CURRENT else changes.option_label(found[e]),
                           url_text=str, unknown=_unknown_edition)
    return found.get(chosen)


def _linked_edition(found: dict) -> bool:
    """Return True when the link names one of the éditions `found`; an unknown one is said and dropped."""
    asked = st.query_params.get(state.EDITION)
    if asked is None:
        return False
    if asked in {str(number) for number in found}:
        return True
    st.warning(_unknown_edition(echoed(asked)), icon=":material/link_off:")
    del st.query_params[state.EDITION]
    return False


def _unknown_edition(asked: str) -> str:
    return f"Le lien demandait l'édition « {asked} », qui n'existe pas dans cette base : les données actuelles sont " \
           "affichées."


def _edition_banner(edition: Edition | None, asked: bool) -> None:
    if edition is not None:
        st.warning(f"**{edition.label()} — données telles que présentées ce jour-là** (« {plain(edition.name)} »). "
                   "Les valeurs révisées depuis n'y figurent pas : voir « Éditions » pour ce qui a changé.",
                   icon=":material/history:")
    elif asked:
        st.info("Cette page travaille toujours sur les données actuelles : un import s'ajoute aux données "
                "actuelles, jamais à une édition.", icon=":material/info:")


def _drop_unknown_mode(presentable: bool) -> None:
    mode = st.query_params.get(presentation.MODE)
    if mode is None or (mode == presentation.PRESENTATION and presentable):
        return
    if mode != presentation.PRESENTATION:
        st.warning(f"Le lien demandait le mode « {echoed(mode)} », qui n'existe pas : la vue ordinaire est "
                   "affichée.", icon=":material/link_off:")
    del st.query_params[presentation.MODE]


def _prepare(base: str) -> None:
    """Stop on an unusable store; otherwise recover, create the first password, import the demo if due."""
    if _stop_if_store_unusable(base) in READABLE_KINDS:
        return  # the pages read the database; nothing is recovered or written until the cause is put right
    settings = access.config()
    startup.bootstrap(base, generate_password=not (settings.oidc or settings.password_hash),
                      notice=settings.oidc_problem)
    startup.prepare_demo(base)


def _filters(require_territory: bool, editionable: bool) -> tuple[View, dict[str, str]]:
    base = queries.current_data_dir()
    edition = _edition_filter(base, queries.revision(base)) if editionable else None
    rev = queries.snapshot(queries.revision(base), edition)
    mailles = queries.mailles(base, rev)
    labels = dict(zip(mailles["id"], mailles["label"]))
    shorts = dict(zip(mailles["id"], mailles["short_label"]))
    maille = url_selectbox("Maille territoriale", list(mailles["id"]), state.MAILLE, labels.get,
                           aliases=lambda m: (m, shorts[m], *_former_labels(m)))
    territories = queries.territories(base, rev, maille)
    names = dict(zip(territories["code"], territories["name"]))
    names[state.REGION_CHOICE] = state.REGION_LABEL
    region = [] if require_territory and len(territories) else [state.REGION_CHOICE]
    chosen = url_selectbox("Territoire", region + list(territories["code"]), state.TERRITORY, names.get,
                           default=state.REGION_CHOICE)
    territory = None if chosen == state.REGION_CHOICE else chosen
    if territory is not None:  # a link naming a territory names its maille: another one may have the same name
        st.query_params[state.MAILLE] = labels[maille]
    reference = url_selectbox("Référence « avant crise »", list(REFERENCES), state.REFERENCE, REFERENCES.get)
    month_options = [state.LATEST, *queries.months(base, rev)]
    period = url_selectbox("Période affichée", month_options, state.PERIOD,
                           lambda p: state.LATEST_LABEL if p == state.LATEST else period_label(p))
    shared = (state.EDITION, state.MAILLE, state.TERRITORY, state.REFERENCE, state.PERIOD)
    link_params = {k: v for k, v in st.query_params.items() if k in shared}
    view = View(base, rev, maille, plain(labels[maille]), territory, territories, reference,
                None if period == state.LATEST else period, plain(shorts[maille]), edition)
    return view, link_params


def _former_labels(maille: str) -> tuple[str, ...]:
    """Return the labels a built-in maille had in links made by earlier versions."""
    known = MAILLE_BY_ID.get(maille)
    return known.former_labels if known else ()


def _stop_if_store_unusable(base: str) -> str | None:
    """When the database is missing or unreadable: viewers are told the dashboard is briefly unavailable;
    a logged-in analyst reads why and may rebuild it from the archive. A damaged journal or a read-only folder
    leaves the pages readable: analysts read why (the kind is returned)."""
    found = actions.page_diagnosis(Workspace(Path(base)))
    if found is None:
        return None
    kind, problem = found
    settings = access.config()
    if kind in READABLE_KINDS:
        if access.current_analyst(settings) is not None:
            st.error(plain(problem), icon=":material/history_edu:")
        return kind
    if access.current_analyst(settings) is None:
        st.warning("Le tableau de bord est momentanément indisponible. Un analyste peut le remettre en service "
                   "après s'être connecté ci-dessous.", icon=":material/construction:")
        with st.expander("Accès analyste"):
            access.login_panel(settings, base)
        st.stop()
    st.error(problem, icon=":material/database:")
    if kind in actions.REPAIRABLE and st.button("Reconstruire la base à partir de l'archive", type="primary"):
        with st.spinner("Reconstruction en cours…"):
            count = written(lambda: actions.restore(Workspace(Path(base)), only_if_needed=True))
        if count is None:
            st.stop()
        st.cache_data.clear()
        st.success(f"Base reconstruite : {count} import(s) rejoué(s).")
        st.button("Afficher le tableau de bord")
    st.stop()


def select_from_map(*_args) -> None:
    """Copy the territory clicked on the map into the shared territory filter."""
    selection = st.session_state.get(state.MAP_KEY, {}).get("selection", {})
    points = selection.get("points", []) if selection else []
    if points and points[0].get("location"):
        st.session_state[state.TERRITORY] = points[0]["location"]


def source_caption(view: View, families) -> str:
    """Return « Sources : … Dernière mise à jour : … » for the families shown."""
    return cards.sources_line(queries.imports(view.base, view.rev), families)


def go_to(territory: str) -> None:
    """Make a territory the shared selection (previous/next buttons of the presentation mode)."""
    st.session_state[state.TERRITORY] = territory


DATA_KEY = "donnees-"  # the key of every expander of a chart's data (the page walks of the tests open them)


def data_expander(where, label: str, name: str):
    """Return the expander of a chart's data, to fill only while it is open (`.open`): a page run then draws no
    table nobody opened (they were most of the cost of a territory switch), and opening one runs the page."""
    return where.expander(label, key=DATA_KEY + name, on_change="rerun")


def table_downloads(table: pd.DataFrame, name: str) -> None:
    """Offer a table as .xlsx and .csv, side by side: above the table, which would move them as it is drawn.

    The files are made when a button is clicked, not at each run of the page.
    """
    one, two = st.columns(2)
    one.download_button("Télécharger (.xlsx)", lambda: tables.to_xlsx(table), f"{name}.xlsx", key=f"{name}-xlsx",
                        mime=tables.XLSX_MIME, icon=":material/download:", on_click="ignore")
    two.download_button("Télécharger (.csv)", lambda: tables.to_csv(table), f"{name}.csv", key=f"{name}-csv",
                        mime="text/csv", icon=":material/download:", on_click="ignore")


def grid_columns(count: int, per_row: int = 2) -> list:
    """Return `count` columns laid out `per_row` to a row, wide enough for a chart on a laptop screen."""
    columns = []
    for start in range(0, count, per_row):
        columns += st.columns(per_row)[:min(per_row, count - start)]
    return columns

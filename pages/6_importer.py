"""Importer des données: analysts bring extracts and the EFOP referential in, see the history, undo."""

import streamlit as st

from dashboard.build.fmt import plain
from dashboard.ui import access, history, importing
from dashboard.ui.frame import page_frame
from dashboard.ui.pages import IMPORT
from loaders.domain.schema import IMPORT_KINDS

view = page_frame(IMPORT)
st.title(IMPORT.title)
settings = access.config()
who = access.current_analyst(settings)
if who is None:
    access.login_panel(settings, view.base)
    st.stop()
left, right = st.columns([4, 1])
left.caption(f"Connecté en tant qu'analyste : {plain(who)}. Rien n'est écrit avant « Confirmer ».")
with right:
    access.logout_button()
importing.show_message()
data, referential, offer, past = st.tabs([*(kind.tab for kind in IMPORT_KINDS), "Historique des imports"],
                                         key="import-tab", on_change="rerun")  # the tab survives each action
with data:
    importing.data_section(view.base, view.rev, view.maille, who)
with referential:
    importing.referential_section(view.base, view.rev, who)
with offer:
    importing.catalogue_section(view.base, view.rev, who)
with past:
    history.history_section(view.base, view.rev, who)

"""Sources et méthode: what each indicator is, where it comes from, which imports feed it."""

import streamlit as st

from dashboard.build import import_report, method, tables
from dashboard.data import queries
from dashboard.ui.frame import page_frame, table_downloads
from dashboard.ui.pages import SOURCES

view = page_frame(SOURCES)
st.title(SOURCES.title)
st.header("Indicateurs")
st.dataframe(method.indicator_table(queries.imports(view.base, view.rev)), hide_index=True, width="stretch",
             placeholder="n.d.")
st.header("Découpage territorial")
st.markdown(method.maille_text(view.maille, view.maille_label))
st.header("Historique des imports")
history = import_report.history_table(queries.imports(view.base, view.rev))
table_downloads(history, "historique_imports")
st.dataframe(tables.french(history), hide_index=True, width="stretch", placeholder="n.d.")
st.caption(method.GEOGRAPHY_SOURCES)

"""Sources et méthode: what each indicator is, where it comes from, which imports feed it."""

import streamlit as st

from dashboard import imports_view, method, queries, tables
from dashboard.frame import page_frame, table_downloads

view = page_frame("Sources et méthode")
st.title("Sources et méthode")
st.header("Indicateurs")
st.dataframe(method.indicator_table(queries.imports(view.base, view.rev)), hide_index=True, width="stretch",
             placeholder="n.d.")
st.header("Découpage territorial")
st.markdown(method.maille_text(view.maille, view.maille_label))
st.header("Historique des imports")
history = imports_view.history_table(queries.imports(view.base, view.rev))
table_downloads(history, "historique_imports")
st.dataframe(tables.french(history), hide_index=True, width="stretch", placeholder="n.d.")
st.caption(method.GEOGRAPHY_SOURCES)

"""Which communes make up each territory of the selected maille."""

import streamlit as st

from dashboard.build import figures, tables
from dashboard.data import queries
from dashboard.ui.frame import page_frame, table_downloads
from dashboard.ui.pages import COMPOSITION

view = page_frame(COMPOSITION)
st.title(COMPOSITION.title)
geojson = queries.maille_geojson(view.base, view.rev, view.maille)
st.plotly_chart(figures.build_territory_map(geojson, view.territories, view.territory),
                config={"topojsonURL": "/app/static/", "displayModeBar": False}, width="stretch")
if view.territory is None:
    st.header("Territoires de la maille")
    grid = tables.build_grid_table(queries.grid(view.base, view.rev, view.maille))
    st.caption(f"{len(grid)} territoires. Une « partie régionale » ne décrit que les communes de la région d'un "
               "territoire centré hors de la région.")
    table_downloads(grid, "territoires")
    st.dataframe(tables.french(grid), hide_index=True, width="stretch", placeholder="n.d.")
    st.header("Communes")
members = queries.membership(view.base, view.rev, view.maille)
frame = tables.build_composition_table(members, view.territories, view.territory)
st.caption(f"Maille : {view.maille_label}. {view.territory_title()} : {len(frame)} communes, "
           f"{tables.total_population(frame)} habitants (population municipale 2023).")
table_downloads(frame, "composition")
st.dataframe(tables.french(frame), hide_index=True, width="stretch", placeholder="n.d.")

"""Which communes make up each territory of the selected maille."""

import streamlit as st

from dashboard import figures, queries, tables
from dashboard.frame import page_frame, table_downloads

view = page_frame("Composition des territoires")
st.title("Composition des territoires")
geojson = queries.maille_geojson(view.base, view.rev, view.maille)
st.plotly_chart(figures.build_territory_map(geojson, view.territories, view.territory),
                config={"topojsonURL": "/app/static/", "displayModeBar": False}, width="stretch")
members = queries.membership(view.base, view.rev, view.maille)
frame = tables.build_composition_table(members, view.territories, view.territory)
st.caption(f"Maille : {view.maille_label}. {view.territory_title()} : {len(frame)} communes, "
           f"{tables.total_population(frame)} habitants (population municipale 2023).")
table_downloads(frame, "composition")
st.dataframe(tables.french(frame), hide_index=True, width="stretch", placeholder="n.d.")

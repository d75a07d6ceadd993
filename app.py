"""Home page: the map of the selected maille."""

import streamlit as st

from dashboard import figures, queries
from dashboard.frame import page_frame

view = page_frame("Carte des territoires")
st.title("Carte des territoires")
st.caption(f"Maille : {view.maille_label} — {len(view.territories)} territoires. "
           f"Sélection : {view.territory_name()}.")
geojson = queries.maille_geojson(view.base, view.rev, view.maille)
figure = figures.build_territory_map(geojson, view.territories, view.territory)
st.plotly_chart(figure, config={"topojsonURL": "/app/static/", "displayModeBar": False}, width="stretch")
st.caption("Contours : IGN Admin Express COG 2018 simplifiés ; communes et zonages : INSEE COG 2026, "
           "DGCL 2026. Licence Ouverte 2.0.")

"""Activité partielle: sectors × territories, monthly series by sector, share of the region."""

import streamlit as st

from dashboard.build import figures, partial, tables
from dashboard.build.analysis import display_period
from dashboard.build.indicators import FAMILY_BY_ID, period_label
from dashboard.data import queries
from dashboard.data.territory import chart_table
from dashboard.ui.frame import data_expander, page_frame, source_caption, table_downloads
from dashboard.ui.pages import PARTIAL_ACTIVITY
from loaders.domain.territory import REGION_MAILLE

view = page_frame(PARTIAL_ACTIVITY)
st.title(PARTIAL_ACTIVITY.title)
indicator = st.segmented_control("Indicateur", list(partial.PARTIAL_INDICATORS), key="ap_indicateur",
                                 format_func=partial.PARTIAL_INDICATORS.get, default="di_salaries") or "di_salaries"
detail = queries.sector_values(view.base, view.rev, view.maille, indicator)
region = queries.sector_values(view.base, view.rev, REGION_MAILLE.id, indicator)
if region.empty:
    st.info("Pas encore de données d'activité partielle pour cet indicateur : importez un extrait DARES.")
    st.stop()
period = display_period(sorted(set(region["period"])), view.period)
names = dict(zip(view.territories["code"], view.territories["name"]))
st.header(f"{partial.PARTIAL_INDICATORS[indicator]} — {period_label(period)}, par secteur et territoire")
if detail.empty:
    st.info(f"Les données disponibles ne se ventilent pas par {view.maille_short.lower()} : choisissez une maille "
            "qu'elles déterminent (départements, région).")
else:
    table = partial.heat_table(detail, period, names)
    table_downloads(table.reset_index(), "activite_partielle")
    st.dataframe(partial.heat_styler(table), width="stretch", placeholder="n.d.")
place = detail[detail["territory"] == view.territory] if view.territory else region
st.header(f"Part de la région — {view.territory_title()}")
shares = partial.region_shares(place, region, period)
table_downloads(shares, "part_de_la_region")
st.dataframe(partial.shares_styler(shares), hide_index=True, width="stretch", placeholder="n.d.")
monthly = place[place["period_type"] == "month"]
if len(monthly):
    st.header(f"Évolution mensuelle par secteur — {view.territory_title()}")
    top = monthly.groupby("detail")["value"].sum().nlargest(5).index
    labels = partial.sector_labels()
    series = {f"{c} – {labels.get(c, c)}": monthly[monthly["detail"] == c][["period", "value"]] for c in top}
    colors = dict(zip(series, figures.PALETTE[8:]))
    st.plotly_chart(figures.build_series_chart(series, colors, "salariés"), config={"displayModeBar": False},
                    width="stretch")
    with data_expander(st, "Données du graphique", "secteurs") as box:
        if box.open:
            st.dataframe(tables.french(chart_table(series)), hide_index=True, width="stretch", placeholder="n.d.")
st.caption(source_caption(view, [FAMILY_BY_ID["activite_partielle"]]))

"""Vue régionale: key figures of the region, the map of a chosen indicator, the ranking of territories."""

import streamlit as st

from dashboard.build import analysis, cards
from dashboard.build.indicators import FAMILIES, FAMILY_BY_ID, MEASURES, period_label
from dashboard.data import charts, queries
from dashboard.ui import state
from dashboard.ui.frame import page_frame, select_from_map, source_caption, table_downloads
from dashboard.ui.pages import REGIONAL
from loaders.domain.territory import REGION_MAILLE

view = page_frame(REGIONAL)
st.title(REGIONAL.title)
regional = {f.id: analysis.key_figure(f, analysis.headline_series(queries.family_values(
    view.base, view.rev, REGION_MAILLE.id, f.id)), view.period, view.reference) for f in FAMILIES}
for column, figure in zip(st.columns(len(FAMILIES)), regional.values()):
    column.metric(**cards.metric_card(figure), border=True)
st.caption(cards.periods_caption(list(regional.values())) + " " + source_caption(view, FAMILIES))
france = {f.id: analysis.key_figure(f, analysis.headline_series(queries.france_values(view.base, view.rev, f.id)),
                                    regional[f.id].period, view.reference) for f in FAMILIES}
comparisons = [s for f in FAMILIES if (s := cards.france_sentence(regional[f.id], france[f.id]))]
if comparisons:
    st.markdown("**Comparaison avec la France** — " + " ".join(comparisons))

family = FAMILY_BY_ID[st.segmented_control("Indicateur", [f.id for f in FAMILIES], key=state.FAMILY,
                                             format_func=lambda i: FAMILY_BY_ID[i].short, default="demandeurs")
                      or "demandeurs"]
measure = st.segmented_control("Mesure", list(MEASURES), key=state.MEASURE, format_func=MEASURES.get,
                                  default="change_pct") or "change_pct"
shown = charts.ranking(view.scope, family.id)
if shown is None:
    st.info(f"Pas encore de données « {family.label} » pour cette maille.")
    st.stop()
st.header(f"{family.label} — {period_label(shown.period)} ({view.maille_short})")
st.plotly_chart(charts.regional_map(view.scope, family.id, measure),
                config={"topojsonURL": "/app/static/", "displayModeBar": False}, width="stretch",
                key=state.MAP_KEY, on_select=select_from_map, selection_mode="points")
ranking = cards.ranking_table(shown.table, dict(zip(view.territories["code"], view.territories["name"])))
st.header("Classement des territoires")
st.caption("Ce tableau donne les valeurs que la carte dessine.")
st.dataframe(cards.ranking_styler(ranking, view.territory), hide_index=True, width="stretch", placeholder="n.d.")
table_downloads(ranking, "classement")

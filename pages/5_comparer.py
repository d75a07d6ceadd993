"""Comparer des territoires: the same indicator for 2 to 6 territories, and every territory side by side."""

import streamlit as st

from dashboard.build import analysis, compare, tables
from dashboard.build.indicators import FAMILIES, FAMILY_BY_ID
from dashboard.data import queries
from dashboard.data.territory import chart_table
from dashboard.ui.frame import data_expander, page_frame, source_caption, table_downloads
from dashboard.ui.pages import COMPARE

view = page_frame(COMPARE)
st.title(COMPARE.title)
names = dict(zip(view.territories["code"], view.territories["name"]))
default = [c for c in [view.territory, *view.territories["code"]] if c][:3]
chosen = st.multiselect("Territoires (2 à 6)", list(names), default=list(dict.fromkeys(default))[:3],
                        format_func=names.get, max_selections=6, key="comparer")
family = FAMILY_BY_ID[st.segmented_control("Indicateur", [f.id for f in FAMILIES], format_func=lambda i:
                                           FAMILY_BY_ID[i].short, default="demandeurs", key="comparer_indicateur")
                      or "demandeurs"]
values = analysis.headline_series(queries.family_values(view.base, view.rev, view.maille, family.id))
if len(chosen) < 2:
    st.info("Choisissez au moins deux territoires.")
elif values.empty:
    st.info(f"Pas encore de données « {family.label} » pour cette maille.")
else:
    period = analysis.display_period(sorted(set(values["period"])), view.period)
    reference = analysis.key_figure(family, values[values["territory"] == chosen[0]], period, view.reference).reference
    indexed = st.toggle("Indice base 100 à la période de référence", value=True, key="comparer_indice")
    series = {names[c]: values[values["territory"] == c][["period", "value"]] for c in chosen}
    st.plotly_chart(compare.build_small_multiples(series, {names[c]: c for c in chosen}, list(names),
                                                  reference if indexed else None),
                    config={"displayModeBar": False}, width="stretch")
    with data_expander(st, "Données du graphique", "comparer") as box:
        if box.open:
            st.dataframe(tables.french(chart_table(series)), hide_index=True, width="stretch", placeholder="n.d.")
st.header("Tous les territoires — évolution depuis la référence")
population = queries.population(view.base, view.rev, view.maille)
by_family = {}
for item in FAMILIES:
    data = analysis.headline_series(queries.family_values(view.base, view.rev, view.maille, item.id))
    if len(data):
        shown = analysis.display_period(sorted(set(data["period"])), view.period)
        figure = analysis.key_figure(item, data[data["territory"] == data["territory"].iloc[0]], shown, view.reference)
        by_family[item.id] = analysis.territory_table(data, shown, figure.reference, population)
if by_family:
    table = compare.comparison_table(by_family, {f.id: f.short for f in FAMILIES}, names)
    table_downloads(table, "comparaison")
    st.dataframe(tables.french(table), hide_index=True, width="stretch", placeholder="n.d.")
st.caption(source_caption(view, FAMILIES))

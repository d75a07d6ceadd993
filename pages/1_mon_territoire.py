"""Mon territoire: one territory against the region, its « faits saillants » and its series."""

import streamlit as st

from dashboard.build import cards, highlights, partial, tables
from dashboard.build.fmt import plain
from dashboard.build.indicators import FAMILIES
from dashboard.data import assembly, charts, queries
from dashboard.data.territory import chart_table
from dashboard.ui import presentation, priorities
from dashboard.ui.frame import (
    data_expander,
    go_to,
    grid_columns,
    page_frame,
    presenting,
    source_caption,
    table_downloads,
)
from dashboard.ui.pages import MY_TERRITORY, PARTIAL_ACTIVITY
from loaders.domain.territory import REGION, town_named

view = page_frame(MY_TERRITORY)
if presenting() and view.territory is not None:
    codes = list(view.territories["code"])
    back, middle, forward = st.columns([2, 5, 2], vertical_alignment="center")
    back.button("◀ Précédent", on_click=go_to, args=(presentation.neighbour(codes, view.territory, -1),),
                width="stretch")
    forward.button("Suivant ▶", on_click=go_to, args=(presentation.neighbour(codes, view.territory, 1),),
                   width="stretch")
    st.html(presentation.KEYS, unsafe_allow_javascript=True)  # our own script: the arrow keys
    middle.page_link(MY_TERRITORY.path, label="Quitter le mode présentation", icon=":material/close:",
                     query_params=presentation.leave(st.query_params.to_dict()))
if view.territory is None:
    st.title(MY_TERRITORY.title)
    st.info("Choisissez un territoire dans le panneau de gauche, ou cliquez sur la carte de la vue régionale.")
    st.stop()
found = assembly.territory(view.scope)
name = found.name
st.title(view.territory_title())
st.caption(f"{view.maille_label} — comparé à la région {REGION.name}")
priorities.show(found.record)
views = found.views
place = highlights.Place(view.territory_title(), town_like=town_named(view.maille))
changed = assembly.since_last_edition(view.scope, name, views)
if changed:
    st.info(plain(changed), icon=":material/history:")
st.header("Faits saillants")
sentences = assembly.sentences(place, views)
st.markdown("\n".join(f"- {s}" for s in sentences) or "Pas encore de données pour ce territoire.")
for column, family_data in zip(st.columns(len(views)), views):
    column.metric(**cards.metric_card(family_data.figure), border=True)
st.caption(cards.periods_caption([v.figure for v in views]) + " " + source_caption(view, FAMILIES))
if presenting():
    views = views[:1]  # one main chart per screen
indexed = st.toggle("Indice base 100 à la période de référence", value=True, key="indice")
series, breakdowns = charts.series(view.scope, indexed), charts.shares(view.scope)
for family_data in views:
    if family_data.family.id not in series:
        continue
    st.header(family_data.family.label)
    chart = series[family_data.family.id]
    if chart.note:
        st.caption(chart.note)
    st.plotly_chart(chart.figure, config={"displayModeBar": False}, width="stretch")
    with data_expander(st, "Données du graphique", family_data.family.id) as box:
        if box.open:
            files = tables.import_files(queries.imports(view.base, view.rev))
            table = chart_table(family_data.series, tables.origins(family_data.own, files))
            table_downloads(table, family_data.family.id)
            st.dataframe(tables.french(table), hide_index=True, width="stretch", placeholder="n.d.")
    details = breakdowns.get(family_data.family.id, [])
    if details and not presenting():
        st.markdown("**Répartition**")
        for column, shares in zip(grid_columns(len(details)), details):
            column.caption(shares.caption)
            column.plotly_chart(shares.figure, config={"displayModeBar": False}, width="stretch",
                                key=f"parts-{shares.key}")
            with data_expander(column, "Données", shares.key) as box:
                if box.open:
                    st.dataframe(tables.french(shares.table), hide_index=True, width="stretch", placeholder="n.d.")
if not presenting():
    st.header("Activité partielle : autorisations et indemnisation")
    maille = view.maille
    summary = partial.territory_summary({i: queries.family_indicator(view.base, view.rev, maille, i)
                                         for i in partial.PARTIAL_INDICATORS}, view.territory, view.period)
    if summary.empty:
        st.info("Pas de données d'activité partielle à cette maille ; voir la page « Activité partielle ».")
    else:
        st.dataframe(tables.french(summary), hide_index=True, width="stretch", placeholder="n.d.")
        st.page_link(PARTIAL_ACTIVITY.path, label="Détail par secteur (A17)", icon=":material/factory:")

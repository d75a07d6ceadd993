"""Mon territoire: one territory against the region, its « faits saillants » and its series."""

import streamlit as st
import streamlit.components.v1 as components

from dashboard import (
    cards,
    chartdata,
    figures,
    highlights,
    partial,
    plenary,
    presentation,
    priorities,
    provenance,
    queries,
    tables,
)
from dashboard.frame import go_to, grid_columns, page_frame, presenting, source_caption, table_downloads
from dashboard.indicators import FAMILIES, period_label
from dashboard.territory import BREAKDOWNS, add_departement, add_france, breakdown_shares, chart_table
from loaders.domain.territory import REGION, town_named

view = page_frame("Mon territoire", presentable=True)
if presenting() and view.territory is not None:
    codes = list(view.territories["code"])
    back, middle, forward = st.columns([2, 5, 2], vertical_alignment="center")
    back.button("◀ Précédent", on_click=go_to, args=(presentation.neighbour(codes, view.territory, -1),),
                width="stretch")
    forward.button("Suivant ▶", on_click=go_to, args=(presentation.neighbour(codes, view.territory, 1),),
                   width="stretch")
    components.html(presentation.KEYS, height=0)
    middle.page_link("pages/1_mon_territoire.py", label="Quitter le mode présentation", icon=":material/close:",
                     query_params=presentation.leave(st.query_params.to_dict()))
if view.territory is None:
    st.title("Mon territoire")
    st.info("Choisissez un territoire dans le panneau de gauche, ou cliquez sur la carte de la vue régionale.")
    st.stop()
name = view.territory_name()
st.title(view.territory_title())
st.caption(f"{view.maille_label} — comparé à la région {REGION.name}")
chosen = priorities.current(view.base, view.rev, view.maille, view.territory)
priorities.show(chosen)
views = plenary.territory_views({f.id: queries.family_values(view.base, view.rev, view.maille, f.id) for f in FAMILIES},
                                {f.id: queries.family_values(view.base, view.rev, "region", f.id) for f in FAMILIES},
                                view.territory, name, view.period, view.reference, chosen)
place = highlights.Place(view.territory_title(), town_like=town_named(view.maille))
sentences = plenary.sentences(place, views)
changed = plenary.since_last_edition(view.base, view.rev, view.maille, view.territory, name, view.period,
                                     view.reference, views)
if changed:
    st.info(changed, icon=":material/history:")
st.header("Faits saillants")
st.markdown("\n".join(f"- {s}" for s in sentences) or "Pas encore de données pour ce territoire.")
for column, family_data in zip(st.columns(len(views)), views):
    column.metric(**cards.metric_card(family_data.figure), border=True)
st.caption(cards.periods_caption([v.figure for v in views]) + " " + source_caption(view, FAMILIES))
if presenting():
    views = views[:1]  # one main chart per screen
indexed = st.toggle("Indice base 100 à la période de référence", value=True, key="indice")
colors = {name: figures.territory_colors(list(view.territories["code"]))[view.territory],
          REGION.name: "#7f7f7f"}
if view.maille not in ("departement", "region"):
    members = queries.membership(view.base, view.rev, view.maille)
    add_departement(views, colors, members[members["territory"] == view.territory]["code_commune"].tolist(),
                    queries.territories(view.base, view.rev, "departement"),
                    {f.id: queries.family_values(view.base, view.rev, "departement", f.id) for f in FAMILIES})
add_france(views, colors, {f.id: queries.france_values(view.base, view.rev, f.id) for f in FAMILIES})
files = provenance.import_files(queries.imports(view.base, view.rev))
for family_data in views:
    if family_data.figure.period is None:
        continue
    st.header(family_data.family.label)
    base = chartdata.index_base(family_data.series, family_data.figure.reference) if indexed else None
    if base and base != family_data.figure.reference:
        st.caption(f"Indice base 100 en {period_label(base)} : pas de valeur en "
                   f"{period_label(family_data.figure.reference)}.")
    chart = figures.build_series_chart(family_data.series, colors, family_data.family.unit, base,
                                       breaks=family_data.family.source == "demandeurs_emploi")
    st.plotly_chart(chart,
                    config={"displayModeBar": False}, width="stretch")
    with st.expander("Données du graphique"):
        table = chart_table(family_data.series, provenance.origins(family_data.own, files))
        table_downloads(table, family_data.family.id)
        st.dataframe(tables.french(table), hide_index=True, width="stretch", placeholder="n.d.")
    details = [b for b in BREAKDOWNS if b[0] == family_data.family.id]
    if details and not presenting():
        st.markdown("**Répartition**")
        for column, (family_id, dimension, title, labels) in zip(grid_columns(len(details)), details):
            shares = breakdown_shares(
                queries.detail_values(view.base, view.rev, view.maille, family_id, dimension).query(
                    "territory == @view.territory"),
                queries.detail_values(view.base, view.rev, "region", family_id, dimension),
                family_data.figure.period, labels, name)
            if len(shares):
                column.caption(f"{title} — {period_label(shares.attrs['period'])}")
                column.plotly_chart(figures.build_share_bars(shares, colors), config={"displayModeBar": False},
                                    width="stretch", key=f"parts-{dimension}-{title}")
                with column.expander("Données"):
                    st.dataframe(tables.french(shares), hide_index=True, width="stretch", placeholder="n.d.")
if not presenting():
    st.header("Activité partielle : autorisations et indemnisation")
    maille = view.maille
    summary = partial.territory_summary({i: queries.family_indicator(view.base, view.rev, maille, i)
                                         for i in partial.PARTIAL_INDICATORS}, view.territory, view.period)
    if summary.empty:
        st.info("Pas de données d'activité partielle à cette maille ; voir la page « Activité partielle ».")
    else:
        st.dataframe(tables.french(summary), hide_index=True, width="stretch", placeholder="n.d.")
        st.page_link("pages/4_activite_partielle.py", label="Détail par secteur (A17)", icon=":material/factory:")

"""Feuille de route: the roadmap's themes, the territory's priorities (recorded by analysts) and their history."""

import streamlit as st

from dashboard.build import roadmap
from dashboard.data import assembly, queries
from dashboard.ui import access, priorities
from dashboard.ui.frame import page_frame
from dashboard.ui.pages import ROADMAP, TOOLBOX

view = page_frame(ROADMAP)
st.title(ROADMAP.title)
st.markdown("La feuille de route des CLEFOP (juillet 2020) demande une vue partagée de l'impact de la crise, "
            "une offre de services lisible et un plan d'action resserré sur **2 ou 3 priorités**, revu chaque "
            "année en plénière.")
if view.territory is None:
    st.info("Choisissez un territoire dans le panneau de gauche pour voir ou saisir ses priorités.")
    st.header(f"Priorités des territoires ({view.maille_short})")
    st.dataframe(roadmap.overview_table(queries.latest_priorities(view.base, view.rev, view.maille),
                                             view.territories), hide_index=True, width="stretch",
                 placeholder="à renseigner",
                 column_config={"Plénière": st.column_config.DateColumn(format="DD/MM/YYYY")})
else:
    st.header(view.territory_title())
    record = assembly.priorities_in_force(view.base, view.rev, view.maille, view.territory)
    priorities.show(record, hint=False)
    who = access.current_analyst(access.config())
    if view.edition is not None:
        st.caption("Édition : les priorités y sont celles de ce jour-là ; elles se saisissent sur les données "
                   "actuelles.")
    elif who:
        priorities.form(view.base, view.maille, view.territory, who, record)
    else:
        st.caption("Les priorités sont saisies par un analyste connecté (page « Importer des données »).")
    history = queries.priorities(view.base, view.rev, view.maille, view.territory)
    if len(history):
        st.subheader("Historique des choix")
        st.dataframe(roadmap.history_table(history), hide_index=True, width="stretch", placeholder="n.d.")
st.header("Les thèmes de la feuille de route")
st.table(roadmap.themes_table(), hide_index=True)
st.page_link(TOOLBOX.path, label="Boîte à outils : les mesures des partenaires par thème",
             icon=":material/handyman:")

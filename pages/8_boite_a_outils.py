"""Boîte à outils: the partners' service offer, filtered by theme, public and partner, exportable."""

import streamlit as st

from dashboard.build import roadmap
from dashboard.data import queries
from dashboard.ui import toolbox
from dashboard.ui.frame import page_frame, table_downloads
from dashboard.ui.pages import TOOLBOX
from loaders.domain.roadmap import THEME_BY_ID, THEMES

view = page_frame(TOOLBOX)
st.title(TOOLBOX.title)
items, provenance = queries.catalogue(view.base, view.rev)
theme_box, public_box, partner_box = st.columns(3)
theme = theme_box.selectbox("Thème", [None, *(t.id for t in THEMES)], key="toolbox-theme",
                            format_func=lambda t: "Tous les thèmes" if t is None else THEME_BY_ID[t].label)
public = public_box.selectbox("Public", roadmap.PUBLIC_CHOICES, key="toolbox-public",
                              format_func=lambda p: "Tous les publics" if p is None else p)
partner = partner_box.selectbox("Partenaire", [None, *roadmap.partners(items)], key="toolbox-partner",
                                format_func=lambda p: "Tous les partenaires" if p is None else p)
shown = roadmap.catalogue_table(roadmap.filter_catalogue(items, theme, public, partner))
st.caption(f"{len(shown)} mesure(s) sur {len(items)} — {provenance}. Le catalogue se met à jour par un import "
           "(page « Importer des données », onglet « Offre de services »).")
toolbox.cards(shown)
with st.expander("Vue tableau et téléchargement"):
    table_downloads(shown, "offre_de_services")
    st.dataframe(shown, hide_index=True, width="stretch", placeholder="n.d.",
                 column_config={"En savoir plus": st.column_config.LinkColumn(display_text="Site")})

"""Préparer la plénière: one deck for the territory chosen, or a zip of every territory's deck."""

from datetime import date

import streamlit as st

from dashboard.build.indicators import REFERENCES
from dashboard.data import queries
from dashboard.deck import files
from dashboard.ui import access, edition_forms
from dashboard.ui.errors import written
from dashboard.ui.frame import page_frame
from dashboard.ui.pages import PLENARY

view = page_frame(PLENARY)
st.title(PLENARY.title)
st.caption(f"Un diaporama PowerPoint (16:9) par territoire, fait des mêmes chiffres et des mêmes phrases que les "
           f"pages — {view.maille_label}, référence : {REFERENCES[view.reference].split(' (')[0].lower()}. Le "
           "territoire, la maille, la référence et la période se choisissent dans le panneau de gauche.")
left, right = st.columns(2)
when = left.date_input("Date de la plénière", value=view.edition.plenary if view.edition else date.today(),
                       format="DD/MM/YYYY", key="plenary-date")
extent = right.segmented_control("Diaporamas", ["territory", "all"], default="territory", key="plenary-scope",
                                format_func={"territory": "Le territoire choisi",
                                             "all": f"Tous les territoires ({len(view.territories)})"}.get)
when = when or date.today()
settings = access.config()
who = access.current_analyst(settings)
if not queries.has_data(view.base, view.rev):
    st.info(files.nothing_to_show("ce tableau de bord"), icon=":material/upload_file:")
elif extent == "all" and not who:
    st.info("Préparer les diaporamas de tous les territoires d'un coup est réservé aux analystes connectés (plusieurs "
            "minutes de calcul). Chacun peut préparer celui d'un territoire choisi.", icon=":material/lock:")
    with st.expander("Accès analyste"):
        access.login_panel(settings, view.base)
elif extent == "all":
    if st.button("Préparer les diaporamas", type="primary", icon=":material/slideshow:"):
        bar = st.progress(0.0, text="Préparation des diaporamas…")
        made = written(lambda: files.every_file(
            view.scope, when, progress=lambda done, total: bar.progress(done / total, text=f"{done}/{total}")))
        bar.empty()
        if made:
            st.download_button("Télécharger les diaporamas (.zip)", made.read_bytes,
                               f"plenieres_CLEFOP_{view.maille}_{when.isoformat()}.zip", type="primary",
                               icon=":material/download:", on_click="ignore")
elif view.territory is None:
    st.info("Choisissez un territoire dans le panneau de gauche, ou préparez les diaporamas de tous les territoires.")
elif st.button(f"Préparer le diaporama de {view.territory_title()}", type="primary", icon=":material/slideshow:"):
    with st.spinner("Préparation du diaporama…"):
        made = written(lambda: files.one(view.scope, when))
    if made:
        st.download_button(f"Télécharger {made[1]}", made[0], made[1], type="primary", icon=":material/download:",
                           on_click="ignore")
st.divider()
if view.edition is not None:
    st.caption(f"Les diaporamas ci-dessus montrent l'{view.edition.label().lower()}, telle que présentée ce jour-là.")
elif who:
    edition_forms.freeze_form(view.base, view.maille, who, "plenary")
else:
    st.caption("Après la plénière, un analyste connecté peut en figer l'édition, pour la revoir telle quelle "
               "après des révisions (page « Éditions »).")

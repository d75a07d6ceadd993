"""Éditions: the data as presented at a plenary, kept, opened again, and what changed since."""

import streamlit as st

from dashboard.build import changes, tables
from dashboard.build.fmt import plain
from dashboard.data import queries
from dashboard.ui import access, edition_forms, state
from dashboard.ui.frame import page_frame, table_downloads
from dashboard.ui.pages import EDITIONS, MY_TERRITORY
from loaders.domain.territory import EFOP

view = page_frame(EDITIONS)
st.title(EDITIONS.title)
st.caption("Une édition garde l'état des données présenté à une plénière (quels imports comptaient, le référentiel, "
           "la maille, les priorités) sans copier les valeurs : après des révisions, on revoit ce que la plénière a "
           "vu et on mesure ce qui a changé depuis.")
who = access.current_analyst(access.config())
if who and view.edition is None:
    edition_forms.freeze_form(view.base, view.maille, who, "page")
elif not who:
    st.caption("Les éditions se figent par un analyste connecté (page « Importer des données » ou « Préparer la "
               "plénière »).")
current_rev = queries.revision(view.base)
found = queries.editions(view.base, current_rev)
if not found:
    st.info("Aucune édition n'a encore été figée.")
    st.stop()
st.header("Les éditions")
for edition in found:
    line = st.columns([5, 2], vertical_alignment="center")
    line[0].markdown(f"**n° {edition.id} — {plain(edition.name)}** · {edition.label()} · figée le "
                     f"{edition.created_at:%d/%m/%Y à %H:%M} par {plain(edition.created_by)} · "
                     f"{len(edition.imports)} import(s) en vigueur")
    line[1].page_link(MY_TERRITORY.path, label="Ouvrir cette édition", icon=":material/history:",
                      query_params={state.EDITION: str(edition.id)})
    if who:
        with st.expander(f"Renommer l'édition n° {edition.id}"):
            edition_forms.rename_form(view.base, edition, who)
by_id = {e.id: e for e in found}
shown = st.selectbox("Ce qui a changé depuis l'édition", list(by_id), key="changes-edition",
                     index=list(by_id).index(view.edition.id) if view.edition else 0,
                     format_func=lambda e: changes.option_label(by_id[e]))
edition = by_id[shown]
changed = queries.changes(view.base, current_rev, edition.id)
st.header(f"Ce qui a changé depuis l'{edition.label().lower()}")
st.markdown(changes.summary(changed))
files = tables.import_files(queries.imports(view.base, current_rev))
names = changes.unit_names(queries.territories(view.base, current_rev, EFOP.id)
                            if EFOP.id in set(queries.mailles(view.base, current_rev)["id"]) else None)
sections = [("Valeurs révisées ou retirées", changes.revised_table(changed["revised"], files, names), "revisions"),
            ("Périodes ajoutées", changes.periods_table(changed["periods"]), "periodes"),
            ("Imports annulés", changes.imports_table(changed["undone"], undone=True), "annules"),
            ("Imports ajoutés", changes.imports_table(changed["added"], undone=False), "ajoutes"),
            ("Priorités choisies de nouveau", changes.priorities_table(changed["priorities"], names), "priorites")]
for title, table, name in sections:
    if table.empty:
        continue
    st.subheader(f"{title} ({len(table)})")
    table_downloads(table, f"edition_{edition.id}_{name}")
    st.dataframe(table, hide_index=True, width="stretch")

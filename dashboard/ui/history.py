"""The history of imports on the import page: the table, the original files, undo with confirmation."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from dashboard.build import import_report, tables
from dashboard.data import queries
from dashboard.ui.errors import written
from dashboard.ui.importing import finish
from loaders import actions
from loaders.actions import Workspace

PENDING_UNDO = "undo-pending"  # the import number awaiting confirmation of its undo


def history_section(base: str, rev: str, who: str) -> None:
    """Show every import; download its original file; undo one after confirmation."""
    imports = queries.imports(base, rev)
    if imports.empty:
        st.info("Aucun import pour l'instant.")
        return
    table = import_report.history_table(imports)
    st.dataframe(tables.french(table), hide_index=True, width="stretch", placeholder="n.d.",
                 column_config={"Date": st.column_config.DatetimeColumn(format="DD/MM/YYYY HH:mm")})
    rows = {int(r["N°"]): r for _, r in table.iterrows()}
    chosen = st.selectbox("Import", list(rows), key="history-choice",
                          format_func=lambda i: import_report.import_choice(rows[i]))
    record = imports[imports["id"] == chosen].iloc[0]
    download, undo = st.columns(2)
    archived = Workspace(Path(base)).archive.path(record["sha256"])
    if archived.exists():
        download.download_button("Télécharger le fichier d'origine", archived.read_bytes(), record["filename"],
                                 icon=":material/download:", on_click="ignore", key=f"original-{chosen}")
    if record["status"] != "active":
        undo.caption("Cet import est déjà annulé.")
        return
    undo.button("Annuler cet import", icon=":material/undo:", key="undo-ask",
                on_click=st.session_state.__setitem__, args=(PENDING_UNDO, chosen))
    if st.session_state.get(PENDING_UNDO) == chosen:
        relying = [e for e in queries.editions(base, rev) if chosen in e.imports]
        _confirm_undo(base, chosen, record["filename"], who, relying)


def _confirm_undo(base: str, import_id: int, filename: str, who: str, relying: list) -> None:
    kept = (f" Les éditions {', '.join(f'n° {e.id}' for e in relying)} s'appuient sur cet import : elles "
            "gardent leur vue, et l'annulation figurera dans ce qui a changé depuis.") if relying else ""
    st.warning(f"Annuler l'import n° {import_id} ({import_report.plain(filename)}) ? Ses valeurs ne compteront "
               f"plus et les valeurs précédentes reviendront. Le fichier reste dans l'archive.{kept}",
               icon=":material/warning:")
    yes, no = st.columns(2)
    if yes.button("Oui, annuler l'import", type="primary", key="undo-yes"):
        st.session_state.pop(PENDING_UNDO, None)
        if written(lambda: actions.undo_import(import_id, who, Workspace(Path(base))) or True):
            finish(f"Import n° {import_id} annulé : les valeurs précédentes sont de nouveau affichées.")
    if no.button("Non, le garder", key="undo-no"):
        st.session_state.pop(PENDING_UNDO, None)
        st.rerun()

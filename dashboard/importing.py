"""The import page's parts: checking uploads (cached, nothing written), the report, Confirmer / Annuler."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from dashboard import exports, imports_view, queries, roadmap_view, tables
from dashboard.fmt import plain
from loaders import geography, pipeline
from loaders.pipeline import Workspace
from loaders.sources import SOURCES
from loaders.store import StoreBusy, StoreUnreadable, StoreUnwritable
from loaders.template import build_template

ROUND = "import-round"  # bumped to empty the uploaders after Confirmer or Annuler
MESSAGE = "import-message"  # the outcome of the last action, shown once


@st.cache_data(show_spinner=False, max_entries=16)
def check_data_file(base: str, rev: str, content: bytes, filename: str, source: str | None,
                    territory: str | None = None) -> dict:
    """Analyse an uploaded data file without writing anything; return its report and the preview of changes."""
    workspace = Workspace(Path(base))
    report = pipeline.import_data_file(content, filename, source=source, overrides=_overrides(territory),
                                       dry_run=True, workspace=workspace)
    data = report.to_dict()
    data["known_periods"] = workspace.store.source_periods(report.source) if report.source else set()
    data["revised"] = imports_view.revisions_table(report.revisions)
    return data


@st.cache_data(show_spinner=False, max_entries=4)
def check_referential(base: str, rev: str, content: bytes, filename: str, name: str) -> dict:
    """Check an uploaded referential without writing anything."""
    report = pipeline.import_referential(content, filename, name=name, dry_run=True, workspace=Workspace(Path(base)))
    return report.to_dict()


@st.cache_data(show_spinner=False)
def template_bytes(base: str, rev: str, maille: str) -> bytes:
    """Return the Excel model for the territories of a maille."""
    return build_template(maille, Workspace(Path(base)).store.territories(maille))


@st.cache_data(show_spinner=False)
def referential_bytes(base: str, rev: str) -> tuple[bytes, str]:
    """Return the referential in use (EFOP when imported, else zones d'emploi 2020) as .xlsx, and its name."""
    store = Workspace(Path(base)).store
    maille = store.default_maille()
    frame = tables.build_composition_table(store.membership(maille), store.territories(maille), None)
    return exports.to_xlsx(frame, "Référentiel"), f"referentiel_{maille}.xlsx"


def upload_key(name: str) -> str:
    """Return the key of an uploader, changed after each action so that it empties."""
    return f"{name}-{st.session_state.get(ROUND, 0)}"


def written(action):
    """Run a write; when the disk or the database refuses it, say so in French and return None."""
    try:
        return action()
    except (StoreUnwritable, StoreBusy, StoreUnreadable) as trouble:
        st.error(f"{trouble} Rien n'a été importé.", icon=":material/database:")
        return None


def finish(message: str) -> None:
    """Remember the outcome, empty the uploaders and run the page again."""
    st.session_state[MESSAGE] = message
    st.session_state[ROUND] = st.session_state.get(ROUND, 0) + 1
    st.rerun()


def show_message() -> None:
    """Show the outcome of the last action once."""
    message = st.session_state.pop(MESSAGE, None)
    if message:
        st.success(message, icon=":material/check_circle:")


def _overrides(territory: str | None) -> dict | None:
    return {"territory": territory} if territory else None


TERRITORY_CHOICES = {None: "Lu dans le fichier (colonne, titre ou feuille)",
                     "region": "Pays de la Loire : le fichier porte sur toute la région",
                     "france": "France entière : gardé comme comparaison, jamais comme la région"}


def data_section(base: str, rev: str, maille: str, who: str) -> None:
    """Upload one or several extracts, read the reports, then confirm or cancel."""
    left, middle, right = st.columns([2, 2, 1])
    source = left.selectbox("Source des fichiers", [None, *SOURCES], key="import-source",
                            format_func=lambda s: "Détection automatique" if s is None else SOURCES[s].label)
    territory = middle.selectbox("Territoire couvert, quand le fichier ne le dit pas", list(TERRITORY_CHOICES),
                                 key="import-territory", format_func=TERRITORY_CHOICES.get)
    right.download_button("Modèle Excel à remplir", template_bytes(base, rev, maille), "modele_import_clefop.xlsx",
                          icon=":material/download:", on_click="ignore")
    files = st.file_uploader("Déposez un ou plusieurs extraits (xlsx, xlsm, xls, ods ou csv ; 50 Mo au plus chacun)",
                             accept_multiple_files=True, key=upload_key("data-files"))
    if not files:
        return
    progress = st.progress(0.0, text="Lecture des fichiers…")
    checked = []
    for index, file in enumerate(files):
        progress.progress(index / len(files), text=f"Lecture de {plain(file.name)} ({index + 1}/{len(files)})…")
        checked.append((file, check_data_file(base, rev, file.getvalue(), file.name, source, territory)))
    progress.empty()
    for file, data in checked:
        show_data_report(file.name, data)
    ready = [(file, data) for file, data in checked if data["status"] == "ok"]
    confirm, cancel = st.columns(2)
    if confirm.button(f"Confirmer l'import ({len(ready)} fichier(s))", type="primary", disabled=not ready,
                      icon=":material/done_all:"):
        done = written(lambda: [pipeline.import_data_file(
            file.getvalue(), file.name, source=source, overrides=_overrides(territory), who=who,
            workspace=Workspace(Path(base))) for file, _ in ready])
        if done is not None:
            finish(f"{sum(r.ok for r in done)} fichier(s) importé(s). Le tableau de bord montre les nouvelles valeurs.")
    if cancel.button("Annuler", icon=":material/close:"):
        finish("Import annulé : rien n'a été écrit.")


def show_data_report(name: str, data: dict) -> None:
    """Show one file's report: what was detected, what would change, the problems with their place."""
    ok = data["status"] == "ok"
    label = f"{plain(name)} — {'prêt à importer' if ok else 'refusé'}"
    with st.expander(label, expanded=True, icon=":material/task_alt:" if ok else ":material/block:"):
        if ok:
            st.success(imports_view.change_sentence(data, data["known_periods"]))
        else:
            st.error(f"Le fichier {plain(name)} ne peut pas être importé : corrigez les erreurs ci-dessous. "
                     "Rien n'a été écrit.")
        for line in imports_view.summary_lines(data):
            st.markdown(line)
        if len(data.get("sheets", [])) > 1 or any(s.get("set_aside") for s in data.get("sheets", [])):
            st.dataframe(imports_view.sheets_table(data), hide_index=True, width="stretch", placeholder="n.d.")
        for note in data["notes"]:
            st.caption(plain(note))
        show_problems(imports_view.problems_table(data))
        if ok and len(data["revised"]):
            st.caption("Valeurs révisées (200 premières) :")
            st.dataframe(tables.french(data["revised"]), hide_index=True, width="stretch", placeholder="n.d.")


def show_problems(problems, shown: int = 30) -> None:
    """Show the first problems as a plain table (readable on a projector), all of them in a scrollable one."""
    if problems.empty:
        return
    first = problems.head(shown).astype(object).where(problems.head(shown).notna(), "")
    st.table(first.map(lambda v: plain(v) if isinstance(v, str) else v), hide_index=True)  # cells are Markdown
    if len(problems) > shown:
        with st.expander(f"Les {len(problems)} problèmes"):
            st.dataframe(problems, hide_index=True, width="stretch", placeholder="n.d.")


def referential_section(base: str, rev: str, who: str) -> None:
    """Download the referential in use; upload the official one, check it, confirm or cancel."""
    content, filename = referential_bytes(base, rev)
    st.download_button("Référentiel en vigueur (.xlsx)", content, filename, icon=":material/download:",
                       on_click="ignore")
    name = st.text_input("Nom de la maille importée", value=geography.EFOP_LABEL, key="referential-name")
    file = st.file_uploader("Référentiel officiel des territoires EFOP (CSV ou Excel : commune ou EPCI → "
                            "territoire)", key=upload_key("referential-file"))
    if file is None:
        return
    data = check_referential(base, rev, file.getvalue(), file.name, name)
    verdict(data, f"{len(data['territories'])} territoire(s), {data['communes']} commune(s) rattachée(s). "
                  f"En confirmant, « {plain(name)} » devient la maille par défaut du tableau de bord.",
            f"Le référentiel {plain(file.name)}")
    choice = confirm_or_cancel(data, "le référentiel", "referential")
    imported = choice == "confirm" and written(lambda: pipeline.import_referential(
        file.getvalue(), file.name, name=name, who=who, workspace=Workspace(Path(base))))
    if imported:
        finish(f"Référentiel « {plain(name)} » importé : c'est maintenant la maille par défaut.")
    if choice == "cancel":
        finish("Import du référentiel annulé : rien n'a été écrit.")


def verdict(data: dict, success: str, subject: str) -> None:
    """Say whether a checked file can be imported, then list its problems with their place."""
    if data["status"] == "ok":
        st.success(success)
    else:
        st.error(f"{subject} ne peut pas être importé. Rien n'a été écrit.")
    show_problems(imports_view.problems_table(data))


def confirm_or_cancel(data: dict, what: str, key: str) -> str | None:
    """Show « Confirmer … » (only for an importable file) and « Annuler »; return which was clicked."""
    confirm, cancel = st.columns(2)
    if confirm.button(f"Confirmer {what}", type="primary", disabled=data["status"] != "ok", key=f"{key}-confirm"):
        return "confirm"
    if cancel.button("Annuler", key=f"{key}-cancel"):
        return "cancel"
    return None


@st.cache_data(show_spinner=False, max_entries=4)
def check_catalogue(base: str, rev: str, content: bytes, filename: str) -> dict:
    """Check an uploaded service-offer catalogue without writing anything."""
    return pipeline.import_catalogue(content, filename, dry_run=True, workspace=Workspace(Path(base))).to_dict()


def catalogue_section(base: str, rev: str, who: str) -> None:
    """Download the catalogue in force (edit it in a spreadsheet), upload the new one, check, confirm."""
    items, provenance = queries.catalogue(base, rev)
    st.download_button(f"Catalogue en vigueur (.xlsx, {provenance})",
                       exports.to_xlsx(roadmap_view.catalogue_table(items), "Offre de services"),
                       "offre_de_services.xlsx", icon=":material/download:", on_click="ignore")
    file = st.file_uploader("Catalogue modifié (xlsx, ods ou csv : une mesure par ligne, colonnes Nom, Porteur, "
                            "Publics, Thèmes, Description, En savoir plus)", key=upload_key("catalogue-file"))
    if file is None:
        return
    data = check_catalogue(base, rev, file.getvalue(), file.name)
    verdict(data, f"{data['items']} mesure(s) lue(s). En confirmant, ce catalogue remplace le {provenance}.",
            f"Le catalogue {plain(file.name)}")
    choice = confirm_or_cancel(data, "le catalogue", "catalogue")
    if choice == "confirm" and written(lambda: pipeline.import_catalogue(file.getvalue(), file.name, who=who,
                                                 workspace=Workspace(Path(base)))):
        finish(f"Catalogue importé : {data['items']} mesure(s). L'historique permet d'annuler cet import.")
    if choice == "cancel":
        finish("Import du catalogue annulé : rien n'a été écrit.")

"""The import page's parts: checking uploads (cached, nothing written), the report, Confirmer / Annuler."""

from __future__ import annotations

import json
from pathlib import Path

import streamlit as st

from dashboard.build import import_report, roadmap, tables
from dashboard.build.fmt import plain
from dashboard.data import queries
from dashboard.ui.errors import show_problems, written
from loaders import actions
from loaders.actions import Workspace
from loaders.domain.schema import IMPORT_KIND_BY_ID
from loaders.domain.sources import ADJUSTMENT, CATEGORY, SOURCES, STATED_INDICATORS
from loaders.domain.territory import FRANCE_LEVEL, LEVEL, REGION
from loaders.errors import UserError
from loaders.planning.kinds import CATALOGUE, DATA, REFERENTIAL
from loaders.planning.sheet_choice import SKIP_SHEETS
from loaders.samples.template import build_template
from loaders.store.plans import ImportReport, PlanNotFound
from loaders.values import geography

ROUND = "import-round"  # bumped to empty the uploaders after Confirmer or Annuler
MESSAGE = "import-message"  # the outcome of the last action, shown once


@st.cache_data(show_spinner=False, max_entries=16)
def check(base: str, rev: str, kind: str, content: bytes, filename: str, options: str) -> dict:
    """Analyse an upload of any kind and keep its plan (nothing else is written); return the report shown.

    `options` is the JSON of the import's options, so that the cache key stays small and hashable.
    """
    workspace = Workspace(Path(base))
    plan = actions.check_file(kind, content, filename, json.loads(options), workspace)
    data = plan.to_dict()
    if kind == DATA:
        data["known_periods"] = workspace.store.source_periods(plan.source) if plan.source else set()
        data["revised"] = import_report.revisions_table(plan.frame("revisions"))
    return data


def check_data_file(base: str, rev: str, content: bytes, filename: str, source: str | None,
                    chosen: dict[str, str | None] | None = None) -> dict:
    """Check an uploaded data file (its plan is kept for Confirmer); `chosen`: what the analyst said of it."""
    options = {"source": source, "overrides": {k: v for k, v in (chosen or {}).items() if v}}
    return check(base, rev, DATA, content, filename, json.dumps(options, sort_keys=True))


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
    return tables.to_xlsx(frame, "Référentiel"), f"referentiel_{maille}.xlsx"


def upload_key(name: str) -> str:
    """Return the key of an uploader, changed after each action so that it empties."""
    return f"{name}-{st.session_state.get(ROUND, 0)}"


def shown_plans(key: str, checked: list[dict]) -> list[str]:
    """Return the plans the analyst read before clicking (the last run's), and remember this run's.

    A click reruns the page; if the store moved meanwhile, this run has checked the file again into a new
    plan the analyst has not read yet: Confirmer must commit the one that was on screen (and be refused).
    """
    state = f"shown-plans-{key}"
    before = st.session_state.get(state, [])
    st.session_state[state] = [data["plan"] for data in checked if data["status"] == "ok"]
    return before


def confirm_plans(base: str, who: str, plan_ids: list[str]):
    """Commit the plans the analyst read (never the file again); None, said in French, when refused."""
    return written(lambda: actions.confirm(plan_ids, who, Workspace(Path(base))), refused=_forget_checks)


def _forget_checks(trouble: UserError) -> None:
    if isinstance(trouble, PlanNotFound):
        check.clear()  # the next run checks the file again instead of offering a plan that is gone


def cancel_plans(base: str, checked: list[dict]) -> None:
    """Forget the plans of a cancelled import, and the checks that made them."""
    actions.drop([data["plan"] for data in checked], Workspace(Path(base)))
    check.clear()


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


READ_IN_FILE = "Lu dans le fichier"
CHOICES = {  # what the analyst may say of a file that does not say it; nothing is chosen beforehand
    "category": ("Catégorie, quand le fichier ne la dit pas",
                 {None: READ_IN_FILE, **{c: f"Catégorie {c}" for c in CATEGORY.values}}),
    "adjustment": ("Type de données, quand le fichier ne le dit pas",
                   {None: READ_IN_FILE, **{a: label.capitalize() for a, label in ADJUSTMENT.labels.items()}}),
    "indicator": ("Offres comptées, quand le fichier ne le dit pas", {None: READ_IN_FILE, **STATED_INDICATORS}),
}
TERRITORY_CHOICES = {None: "Lu dans le fichier (colonne, titre ou feuille)",
                     LEVEL.region: f"{REGION.name} : le fichier porte sur toute la région",
                     FRANCE_LEVEL: "France entière : gardé comme comparaison, jamais comme la région"}


def data_section(base: str, rev: str, maille: str, who: str) -> None:
    """Upload one or several extracts, read the reports, then confirm or cancel."""
    left, middle, right = st.columns([2, 2, 1])
    source = left.selectbox("Source des fichiers", [None, *SOURCES], key="import-source",
                            format_func=lambda s: "Détection automatique" if s is None else SOURCES[s].label)
    chosen = {"territory": middle.selectbox("Territoire couvert, quand le fichier ne le dit pas",
                                            list(TERRITORY_CHOICES), key="import-territory",
                                            format_func=TERRITORY_CHOICES.get)}
    for column, (name, (label, options)) in zip(st.columns(len(CHOICES)), CHOICES.items()):
        chosen[name] = column.selectbox(label, list(options), key=f"import-{name}", format_func=options.get)
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
        left_out = {SKIP_SHEETS: st.session_state.get(_skip_key(file.name)) or None}
        checked.append((file, check_data_file(base, rev, file.getvalue(), file.name, source, chosen | left_out)))
    progress.empty()
    for file, data in checked:
        show_report(file.name, data)
        sheets = list(dict.fromkeys(entry["sheet"] for entry in data.get("sheets") or []))
        if len(sheets) > 1:
            st.multiselect(f"Feuilles laissées de côté — {plain(file.name)}", sheets, key=_skip_key(file.name),
                           placeholder="Aucune : toutes les feuilles sont lues",
                           help="Une feuille laissée de côté n'est pas lue ; le rapport et l'historique la nomment.")
    ready = [(file, data) for file, data in checked if data["status"] == "ok"]
    shown = shown_plans("data", [data for _, data in ready])
    confirm, cancel = st.columns(2)
    if confirm.button(f"Confirmer l'import ({len(ready)} fichier(s))", type="primary", disabled=not ready,
                      icon=":material/done_all:"):
        done = confirm_plans(base, who, shown)
        if done is not None:
            finish(f"{len(done)} fichier(s) importé(s), tels que vérifiés. Le tableau de bord montre les nouvelles "
                   "valeurs.")
    if cancel.button("Annuler", icon=":material/close:"):
        cancel_plans(base, [data for _, data in ready])
        finish("Import annulé : rien n'a été écrit.")


def _skip_key(filename: str) -> str:
    return f"skip-sheets-{filename}"


SUBJECTS = {DATA: "Le fichier", REFERENTIAL: "Le référentiel", CATALOGUE: "Le catalogue"}


def show_report(name: str, data: dict, replaced: str = "") -> None:
    """Show the report of a checked file of any kind: verdict, what was read, problems with their place."""
    report = ImportReport.of(data)
    ok = report.ok
    label = f"{plain(name)} — {'prêt à importer' if ok else 'refusé'}"
    with st.expander(label, expanded=True, icon=":material/task_alt:" if ok else ":material/block:"):
        if ok:
            st.success(import_report.verdict_sentence(report, data.get("known_periods"), replaced))
        else:
            st.error(f"{SUBJECTS[report.kind]} {plain(name)} ne peut pas être importé : corrigez les erreurs "
                     "ci-dessous. Rien n'a été écrit.")
        if report.kind == DATA:
            for line in import_report.summary_lines(report):
                st.markdown(line)
        if len(report.sheets) > 1 or any(s.get("set_aside") for s in report.sheets):
            st.dataframe(import_report.sheets_table(report), hide_index=True, width="stretch", placeholder="n.d.")
        for note in report.notes:
            st.caption(plain(note))
        show_problems(import_report.problems_table(report))
        if ok and len(data.get("revised", [])):
            st.caption("Valeurs révisées (200 premières) :")
            st.dataframe(tables.french(data["revised"]), hide_index=True, width="stretch", placeholder="n.d.")


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
    data = check(base, rev, REFERENTIAL, file.getvalue(), file.name, json.dumps({"name": name}))
    show_report(file.name, data)
    shown = shown_plans("referential", [data])
    choice = confirm_or_cancel(data, IMPORT_KIND_BY_ID[REFERENTIAL].written, "referential")
    if choice == "confirm" and confirm_plans(base, who, shown):
        finish(f"Référentiel « {plain(name)} » importé : c'est maintenant la maille par défaut.")
    if choice == "cancel":
        cancel_plans(base, [data] if data["status"] == "ok" else [])
        finish("Import du référentiel annulé : rien n'a été écrit.")


def confirm_or_cancel(data: dict, what: str, key: str) -> str | None:
    """Show « Confirmer … » (only for an importable file) and « Annuler »; return which was clicked."""
    confirm, cancel = st.columns(2)
    if confirm.button(f"Confirmer {what}", type="primary", disabled=data["status"] != "ok", key=f"{key}-confirm"):
        return "confirm"
    if cancel.button("Annuler", key=f"{key}-cancel"):
        return "cancel"
    return None


def catalogue_section(base: str, rev: str, who: str) -> None:
    """Download the catalogue in force (edit it in a spreadsheet), upload the new one, check, confirm."""
    items, provenance = queries.catalogue(base, rev)
    st.download_button(f"Catalogue en vigueur (.xlsx, {provenance})",
                       tables.to_xlsx(roadmap.catalogue_table(items), IMPORT_KIND_BY_ID[CATALOGUE].label),
                       "offre_de_services.xlsx", icon=":material/download:", on_click="ignore")
    file = st.file_uploader("Catalogue modifié (xlsx, ods ou csv : une mesure par ligne, colonnes Nom, Porteur, "
                            "Publics, Thèmes, Description, En savoir plus)", key=upload_key("catalogue-file"))
    if file is None:
        return
    data = check(base, rev, CATALOGUE, file.getvalue(), file.name, "{}")
    show_report(file.name, data, provenance)
    shown = shown_plans(CATALOGUE, [data])
    choice = confirm_or_cancel(data, IMPORT_KIND_BY_ID[CATALOGUE].written, CATALOGUE)
    if choice == "confirm" and confirm_plans(base, who, shown):
        finish(f"Catalogue importé : {data['items']} mesure(s). L'historique permet d'annuler cet import.")
    if choice == "cancel":
        cancel_plans(base, [data] if data["status"] == "ok" else [])
        finish("Import du catalogue annulé : rien n'a été écrit.")

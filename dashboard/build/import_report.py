"""Pure builders of the import page: French summaries of a report, the preview of changes, the history."""

from __future__ import annotations

import json

import pandas as pd

from dashboard.build import fmt
from dashboard.build.fmt import plain
from dashboard.build.indicators import period_label
from loaders.domain.schema import CATALOGUE, IMPORT_KINDS, REFERENTIAL
from loaders.domain.sources import SOURCES
from loaders.errors import ERROR, WARNING
from loaders.store.plans import ImportReport
from loaders.values.geocodes import LEVEL_BY_ID
from loaders.values.textnorm import visible

LAYOUTS = {"long": "une ligne par valeur", "large": "tableau croisé (périodes, catégories ou ventilations en colonnes)",
           "transposée": "transposé (périodes en lignes, territoires en colonnes)"}
SET_ASIDE = {"outside": "autres régions", "hors": "communes hors EPCI", "old": "EPCI d'un ancien périmètre",
             "none": "sans territoire (NA)", "unallocated": "non ventilées (sans territoire, « 99 »…)"}
KINDS = {kind.id: kind.label for kind in IMPORT_KINDS}
STATUSES = {"active": "en vigueur", "undone": "annulé"}


def span(periods: list[str]) -> str:
    """Return « T1 2020 à T4 2020 (4 périodes) », « avril 2020 » or « aucune »."""
    if not periods:
        return "aucune"
    if len(periods) == 1:
        return period_label(periods[0])
    return f"{period_label(periods[0])} à {period_label(periods[-1])} ({len(periods)} périodes)"


def summary_lines(report: ImportReport) -> list[str]:
    """Return what was detected in a file, one French line each (Markdown, names escaped)."""
    source = SOURCES[report.source].label if report.source in SOURCES else "non reconnue"
    level = LEVEL_BY_ID[report.level].label if report.level in LEVEL_BY_ID else report.level or "?"
    sheets = ", ".join(f"« {plain(s['sheet'])} » ({s.get('status', '?')})" for s in report.sheets)
    return [f"**Source** : {source} ; **disposition** : {LAYOUTS.get(report.layout, 'non reconnue')} ; "
            f"**niveau** : {level}.",
            f"**Périodes** : {span(report.periods)} ; **territoires** : {len(report.territories)}.",
            f"**Lignes** : {fmt.number(report.rows_read)} lues, {fmt.number(report.rows_kept)} "
            f"gardées, {fmt.number(report.rows_rejected)} écartées ; **cellules secrètes** : "
            f"{fmt.number(report.secret_cells)}.",
            f"**Feuilles** : {sheets or 'aucune'}.", *totals_lines(report)]


def totals_lines(report: ImportReport) -> list[str]:
    """Return the totals over the region's territories per indicator and category, and France's when given."""
    lines = []
    for totals in report.totals:
        parts = []
        for indicator, value in totals.values.items():
            if isinstance(value, dict):
                value = ", ".join(f"cat. {c} {fmt.number(v)}" for c, v in value.items())
            else:
                value = fmt.number(value)
            parts.append(f"{plain(indicator)} : {value}")
        label = f"{totals.label} (comparaison)" if totals.comparison else totals.label
        lines.append(f"**{label}** — " + " ; ".join(parts) + ".")
    return lines


def sheets_table(report: ImportReport) -> pd.DataFrame:
    """Return, per sheet, what it was taken for, what was kept and what was set aside (and why)."""
    rows = []
    for sheet in report.sheets:
        aside = ", ".join(f"{fmt.number(n)} {SET_ASIDE.get(k, k)}" for k, n in (sheet.get("set_aside") or {}).items())
        ignored = ", ".join(f"{c} « {visible(h)} »" for c, h in (sheet.get("ignored_columns") or {}).items())
        what = sheet.get("status", "?")
        if sheet.get("metadata"):
            what += " : " + " ; ".join(f"{k} = {visible(v)}" for k, v in sheet["metadata"].items() if k != "titre")
        rows.append({"Feuille": visible(sheet["sheet"]), "Lue comme": what,
                     "Disposition": LAYOUTS.get(sheet.get("layout"), ""), "Lignes lues": sheet.get("rows"),
                     "Lignes gardées": sheet.get("rows_kept"), "Écartées": aside, "Colonnes non reprises": ignored})
    return pd.DataFrame(rows, columns=["Feuille", "Lue comme", "Disposition", "Lignes lues", "Lignes gardées",
                                       "Écartées", "Colonnes non reprises"])


def change_sentence(report: ImportReport, known_periods: set[str]) -> str:
    """Return what confirming the file would change, e.g. « 2 nouvelles périodes (…), 12 valeurs révisées… »."""
    new = [p for p in report.periods if p not in known_periods]
    parts = [f"{len(new)} nouvelle(s) période(s) ({span(new)})" if new else "aucune nouvelle période",
             f"{fmt.number(report.revisions)} valeur(s) déjà en base révisée(s)",
             f"{len(report.territories)} territoire(s) concerné(s)"]
    return "En confirmant : " + ", ".join(parts) + "."


def verdict_sentence(report: ImportReport, known_periods: set[str] | None = None, replaced: str = "") -> str:
    """Return what confirming would do, for a report of any kind (data, referential, catalogue)."""
    if report.kind == REFERENTIAL:
        return (f"{len(report.territories)} territoire(s), {report.communes} commune(s) rattachée(s). En confirmant, "
                f"« {fmt.plain(report.name)} » devient la maille par défaut du tableau de bord.")
    if report.kind == CATALOGUE:
        return f"{report.items} mesure(s) lue(s). En confirmant, ce catalogue remplace le {replaced}."
    return change_sentence(report, known_periods or set())


def problems_table(report: ImportReport) -> pd.DataFrame:
    """Return errors then warnings with their Excel place, French column names."""
    rows = [{"Gravité": word, "Feuille": p.sheet, "Ligne": p.row, "Colonne": p.column, "Problème": p.message}
            for word, severity in (("erreur", ERROR), ("avertissement", WARNING)) for p in report.by_severity(severity)]
    return pd.DataFrame(rows, columns=["Gravité", "Feuille", "Ligne", "Colonne", "Problème"])


def revisions_table(revisions: pd.DataFrame, limit: int = 200) -> pd.DataFrame:
    """Return the first revised values: territory, period, indicator, old and new value."""
    if revisions.empty:
        return pd.DataFrame(columns=["Code territoire", "Période", "Indicateur", "Ancienne valeur", "Nouvelle valeur"])
    frame = revisions.head(limit)
    return pd.DataFrame({"Code territoire": frame["geo_code"], "Période": frame["period"].map(period_label),
                         "Indicateur": frame["indicator"], "Ancienne valeur": frame["old"],
                         "Nouvelle valeur": frame["new"]})


def history_table(imports: pd.DataFrame) -> pd.DataFrame:
    """Return the history of imports: date, who, file, source, periods, rows, status (newest first)."""
    periods = [span(_report(r).get("periods", [])) for r in imports.get("report", pd.Series(dtype=str))]
    return pd.DataFrame({
        "N°": imports["id"], "Date": imports["imported_at"], "Par": imports["imported_by"],
        "Fichier": imports["filename"], "Type": imports["kind"].map(KINDS).fillna(imports["kind"]),
        "Source": imports["source"].map({k: s.label for k, s in SOURCES.items()}).fillna(""),
        "Périodes": periods, "Lignes lues": imports["rows_read"], "Lignes gardées": imports["rows_kept"],
        "Statut": [_status(r) for r in imports.itertuples()]})


def _status(row) -> str:
    if row.status == "undone":
        return f"annulé le {row.undone_at:%d/%m/%Y} par {row.undone_by}"
    return STATUSES.get(row.status, row.status)


def _report(text: str | None) -> dict:
    try:
        return json.loads(text) if text else {}
    except json.JSONDecodeError:
        return {}


def import_choice(row: pd.Series) -> str:
    """Return how an import is named in the undo and download lists."""
    return f"n° {row['N°']} — {row['Fichier']} ({row['Date']:%d/%m/%Y %H:%M}, {row['Par']})"

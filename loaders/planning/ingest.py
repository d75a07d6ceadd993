"""Analysing one data file: find its tables, extract, check, and summarise it in a report."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

import numpy as np
import pandas as pd

from loaders.domain.schema import DIMENSIONS, KEY_COLUMNS, OBSERVATION_COLUMNS, ORIGIN_COLUMNS, SECRET
from loaders.domain.sources import RAW, SOURCES, category_order, total_of
from loaders.domain.territory import FRANCE_CODE, FRANCE_LEVEL, FRANCE_METRO, LEVEL
from loaders.errors import ERROR, WARNING, ImportRefused, Problem
from loaders.intake.reading import read_sheets
from loaders.planning import checks, sheet_choice
from loaders.tables.describe import describe, is_description
from loaders.tables.extract import Extractor
from loaders.tables.extract_base import constant_text
from loaders.tables.headers import WORKBOOK_INDICATOR, source_score, workbook_indicator
from loaders.tables.layouts import Table, find_tables
from loaders.values.codes import KeyCodes
from loaders.values.geocodes import LEVEL_BY_ID, GeoIndex, level_codes

StoredLookup = Callable[[pd.DataFrame, dict], pd.DataFrame]  # (rows, distinct key values) → stored values


@dataclass
class FileReport:
    """Everything the analyst needs to decide on a file, and the observations it would add."""

    filename: str
    source: str | None = None
    layout: str | None = None
    level: str | None = None
    sheets: list[dict] = field(default_factory=list)
    rows_read: int = 0
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)
    observations: pd.DataFrame = field(default_factory=pd.DataFrame)
    revisions: pd.DataFrame = field(default_factory=pd.DataFrame)
    duplicates: int = 0
    set_aside: dict[str, int] = field(default_factory=dict)
    set_aside_totals: dict[str, float] = field(default_factory=dict)
    old_names: list[str] = field(default_factory=list)
    codes: KeyCodes | None = None  # of the observations' columns, made by the checks

    @property
    def ok(self) -> bool:
        """Return True when no blocking error was found."""
        return not any(p.severity == ERROR for p in self.problems)

    def own_level(self) -> pd.DataFrame:
        """Return the observations of the region's own territories at the file's level (no France, no totals)."""
        if self.observations.empty or self.level == FRANCE_LEVEL:
            return self.observations.iloc[0:0]
        own = self.keycodes().isin("level", [self.level])
        return self.observations if own.all() else self.observations[own]  # for reading: not a copy

    def keycodes(self) -> KeyCodes:
        """Return the integer codes of the observations' columns (the checks' when they made them)."""
        self.codes = KeyCodes.of(self.observations, self.codes)
        return self.codes

    def totals(self, frame: pd.DataFrame | None = None) -> dict:
        """Return per indicator (and per category where the source has one) the sum at the other totals."""
        frame = self.own_level() if frame is None else frame
        result: dict = {}
        if frame.empty:
            return result
        frame = frame[["indicator", "adjustment", *DIMENSIONS, "value"]]  # rows are taken below: only these
        if frame["adjustment"].nunique() > 1:  # raw and seasonally adjusted are two views of the same counts
            frame = frame[frame["adjustment"] == RAW]
        by_category = SOURCES[self.source].has("category") if self.source in SOURCES else False
        for indicator, rows in frame.groupby("indicator"):
            if not by_category:
                result[indicator] = _sum_at_totals(rows, DIMENSIONS)
                continue
            others = [d for d in DIMENSIONS if d != "category"]
            groups = sorted(rows.groupby("category"), key=lambda c: category_order(c[0]))
            result[indicator] = {category: _sum_at_totals(part, others) for category, part in groups}
        return result

    def france(self, code: str = FRANCE_CODE) -> pd.DataFrame:
        """Return the rows of France entière (or of France métropolitaine), kept as a comparison level."""
        if self.observations.empty:
            return self.observations
        at_france = self.keycodes().isin("level", [FRANCE_LEVEL])
        if not at_france.any():
            return self.observations.iloc[0:0]
        france = self.observations[at_france]
        return france[france["geo_code"] == code]

    def to_dict(self) -> dict:
        """Return the JSON object printed by `python -m loaders import --json`."""
        own, france, codes = self.own_level(), self.france(), self.keycodes()
        cells = (codes.keys(["sheet", "row"])[self.observations["row"].notna().to_numpy()]
                 if len(self.observations) else [])
        kept = len(np.unique(cells))  # the cells of the file that gave an observation
        periods = sorted(codes.listed("period")[0]) if len(self.observations) else []
        return {
            "status": "ok" if self.ok else "error", "file": self.filename, "source": self.source,
            "layout": self.layout, "level": self.level, "sheets": self.sheets,
            "rows_read": self.rows_read, "rows_kept": kept, "rows_rejected": self.rows_read - kept,
            "observations": len(self.observations), "periods": periods,
            "territories": sorted(codes.listed("geo_code")[0] if own is self.observations else
                                  own["geo_code"].dropna().unique()) if len(own) else [],
            "missing_territories": self.missing_territories(own), "unknown": self.unknown,
            "secret_cells": int(codes.isin("flag", [SECRET]).sum()) if len(self.observations) else 0,
            "derived_totals": int(self.observations["row"].isna().sum()) if len(self.observations) else 0,
            "duplicates": self.duplicates, "revisions": len(self.revisions), "totals": self.totals(own),
            FRANCE_LEVEL: not france.empty or not self.france(FRANCE_METRO).empty, "france_totals": self.totals(france),
            "france_metro_totals": self.totals(self.france(FRANCE_METRO)),
            "set_aside": self.set_aside, "set_aside_totals": self.set_aside_totals, "old_names": self.old_names,
            "notes": list(dict.fromkeys(self.notes)),
            "errors": [p.to_dict() for p in self.problems if p.severity == ERROR],
            "warnings": [p.to_dict() for p in self.problems if p.severity == WARNING],
        }

    def missing_territories(self, own: pd.DataFrame | None = None) -> list[str]:
        """Return the territories of the file's level for which the file has no row (`own`: its own rows)."""
        if self.level in (None, LEVEL.commune, LEVEL.region) or self.observations.empty:
            return []
        expected = level_codes(self.level)
        return sorted(expected - set((self.own_level() if own is None else own)["geo_code"].unique()))


def _sum_at_totals(rows: pd.DataFrame, dimensions) -> float:
    """Return the sum of rows at the total of every breakdown that has one."""
    keep = np.ones(len(rows), dtype=bool)
    for dimension in dimensions:
        at_total = (rows[dimension] == total_of(dimension)).to_numpy()
        if (keep & at_total).any():
            keep &= at_total
    return float(np.nansum(rows["value"].to_numpy(dtype=float)[keep]))


def analyse_file(content: bytes, filename: str, source_id: str | None = None, overrides: dict | None = None,
                 geo: GeoIndex | None = None, stored: StoredLookup | None = None,
                 today: date | None = None) -> FileReport:
    """Read, detect, extract and check one file; nothing is written anywhere."""
    report = FileReport(filename)
    try:
        sheets = read_sheets(content, filename, report.notes)
    except ImportRefused as refused:
        report.problems = list(refused.problems)
        return report
    geo = geo or GeoIndex()
    skipped = sheet_choice.skipped(sheets, overrides, report.problems)
    frames = []
    descriptions = {sheet.name for sheet in sheets if not sheet.hidden and is_description(sheet)}
    found = {sheet.name: find_tables(sheet) for sheet in sheets if not sheet.hidden and sheet.name not in descriptions}
    context = _workbook_context(found, overrides)
    for sheet in sheets:
        if sheet.name in skipped:
            report.sheets.append({"sheet": sheet.name, "status": "laissée de côté"})
            report.notes.append(f"Feuille « {sheet.name} » laissée de côté à la demande de l'analyste : rien n'en est "
                                "importé.")
            continue
        if sheet.hidden:
            report.sheets.append({"sheet": sheet.name, "status": "masquée"})
            report.notes.append(f"Feuille masquée « {sheet.name} » ignorée.")
            continue
        if sheet.name in descriptions:
            report.sheets.append({"sheet": sheet.name, "status": "métadonnées", "metadata": describe(sheet)})
            continue
        tables = found[sheet.name]
        if not tables:
            report.sheets.append({"sheet": sheet.name, "status": "aucun tableau reconnu"})
            report.problems.append(Problem("Aucun tableau reconnu dans cette feuille : elle est ignorée.",
                                           sheet.name, severity=WARNING))
        for table in tables:
            frames.append(_extract_table(table, source_id, context, geo, today, report))
    frames = [f for f in frames if f is not None and len(f)]
    report.notes += sheet_choice.leave_out_note(report.sheets, report.problems)
    if not frames and report.ok:
        empty = next((p for p in report.problems if "aucune ligne de données" in p.message), None)
        report.problems.append(Problem(
            "Aucune donnée dans le fichier : les en-têtes sont là mais aucune ligne ne suit." if empty else
            "Aucune donnée exploitable trouvée dans le fichier (ni tableau, ni ligne de données reconnue).",
            empty.sheet if empty else None, empty.row if empty else None))
        return report
    if frames:
        _finish(report, pd.concat(frames, ignore_index=True), stored)
    return report


def _workbook_context(found: dict, overrides: dict | None) -> dict:
    """Return the overrides, with the indicator the workbook's sheets name (per source) when they agree."""
    tables = [t for sheet_tables in found.values() for t in sheet_tables]
    hints = {sid: workbook_indicator(tables, source) for sid, source in SOURCES.items()}
    return {**(overrides or {}), WORKBOOK_INDICATOR: {sid: h for sid, h in hints.items() if h}}


def _extract_table(table: Table, source_id, overrides, geo, today, report: FileReport) -> pd.DataFrame | None:
    source = _choose_source(table, source_id, report)
    entry = {"sheet": table.sheet, "layout": table.layout, "header_row": table.header_row + 1}
    report.sheets.append(entry)
    if source is None:
        entry["status"] = "refusée"
        return None
    extraction = Extractor(table, source, geo, overrides, today, report.filename).run()
    entry.update({"source": source.id, "status": "lue", "rows": extraction.rows_read,
                  "rows_kept": int(extraction.observations["row"].nunique()) if len(extraction.observations) else 0,
                  "set_aside": extraction.set_aside, "ignored_columns": table.ignored})
    for reason, count in extraction.set_aside.items():
        report.set_aside[reason] = report.set_aside.get(reason, 0) + count
    for indicator, total in extraction.set_aside_totals.items():
        report.set_aside_totals[indicator] = report.set_aside_totals.get(indicator, 0.0) + total
    report.old_names += [n for n in extraction.old_names if n not in report.old_names]
    report.rows_read += extraction.rows_read
    report.problems += extraction.problems
    report.notes += extraction.notes
    report.unknown += extraction.unknown
    report.layout = report.layout or table.layout
    report.source = report.source or source.id
    frame = extraction.observations
    if frame.empty:
        return frame
    frame["source"] = constant_text(source.id, frame.index)
    frame["sheet"] = constant_text(table.sheet, frame.index)
    frame["period"] = frame["period_code"]
    frame["value"] = frame["value_num"].astype(float)
    frame["flag"] = frame["flag"].where(frame["flag"] == SECRET, None)
    keep = [*(c for c in OBSERVATION_COLUMNS if c not in ORIGIN_COLUMNS), "row", "sheet", "value_col", "geo_raw"]
    if "geo@col" in frame:
        keep.append("geo@col")
    return frame[keep]


def _choose_source(table: Table, source_id: str | None, report: FileReport):
    if table.unit:  # before any source, chosen or not: no source of counts takes rates
        words, kind = table.unit
        report.problems.append(Problem(
            f"Les valeurs de ce tableau sont des {kind} (« {words} », au-dessus du tableau ou nom de la feuille) : le "
            "tableau de bord ne garde que des effectifs, et un taux ou une part n'en devient jamais un, même si la "
            "source est précisée. Rien n'est importé de ce tableau.", table.sheet, table.header_row + 1))
        return None
    scores = {sid: source_score(s, table.roles, table.title + " " + table.sheet + " " + report.filename)
              for sid, s in SOURCES.items()}
    best = max(scores, key=scores.get)
    if source_id:
        if scores[source_id] == 0 and scores[best] > 0:
            report.problems.append(Problem(
                f"Ce tableau ressemble à « {SOURCES[best].label} », pas à « {SOURCES[source_id].label} » comme "
                "indiqué : vérifiez le fichier ou la source choisie.", table.sheet, table.header_row + 1))
            return None
        return SOURCES[source_id]
    ranked = sorted(scores.values(), reverse=True)
    if ranked[0] == 0 or ranked[0] == ranked[1]:
        report.problems.append(Problem(
            "Source non reconnue : précisez-la (demandeurs_emploi, offres_emploi ou activite_partielle).",
            table.sheet, table.header_row + 1))
        return None
    return SOURCES[best]


def _finish(report: FileReport, frame: pd.DataFrame, stored: StoredLookup | None) -> None:
    frame = checks.merge_old_communes(frame, report.problems)
    codes = KeyCodes(frame)  # shared by the checks below while they keep the same frame
    frame = checks.drop_repeats(frame, report.notes, codes)
    codes = KeyCodes.of(frame, codes)
    report.duplicates = checks.find_duplicates(frame, report.problems, codes)
    if report.ok:
        frame = checks.derive_totals(frame, SOURCES[report.source], codes)
        codes = KeyCodes.of(frame, codes)
    levels = frame.loc[~frame["level"].isin([LEVEL.region, FRANCE_LEVEL]), "level"]
    fallback = LEVEL.region if (frame["level"] == LEVEL.region).any() else FRANCE_LEVEL
    report.level = levels.mode().iloc[0] if len(levels) else fallback
    checks.compare_with_region(frame, report.level, report.problems)
    source = SOURCES[report.source]
    checks.find_spikes(frame, 2.0 if source.id != "activite_partielle" else None, report.problems, codes)
    read = frame["row"].notna()  # derived totals have no cell of their own
    frame["origin_sheet"] = frame["sheet"].where(read, None)
    frame["origin_row"] = pd.to_numeric(frame["row"].where(read)).astype("Int64")
    frame["origin_col"] = frame["value_col"].where(read, None)
    report.observations, report.codes = frame, codes
    if stored is not None:
        listed = {key: codes.listed(key) for key in KEY_COLUMNS}
        report.revisions = checks.find_revisions(frame, stored(frame, listed))
        if len(report.revisions):
            report.notes.append(f"{len(report.revisions)} valeur(s) déjà en base seront révisées.")
    if report.level in LEVEL_BY_ID and report.level != LEVEL.region:
        missing = report.missing_territories()
        if missing:
            report.notes.append(f"{len(missing)} territoire(s) sans données : {', '.join(missing[:10])}.")

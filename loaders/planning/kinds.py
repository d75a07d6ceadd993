"""The three kinds of import, each an analyser that turns a file into a plan; everything after is shared."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pyarrow as pa

from loaders.domain.schema import CATALOGUE, DATA, IMPORT_KIND_BY_ID, OBSERVATION_COLUMNS, REFERENTIAL
from loaders.domain.territory import EFOP
from loaders.errors import ImportRefused
from loaders.intake.reading import read_sheets
from loaders.planning.ingest import analyse_file
from loaders.planning.referential import ReferentialReport, build_maille, parse_referential
from loaders.planning.roadmap import CatalogueReport, parse_catalogue
from loaders.planning.validate import check_observations
from loaders.store import as_arrow
from loaders.store.plans import Plan
from loaders.values import geography
from loaders.values.geocodes import GeoIndex

if TYPE_CHECKING:
    import pandas as pd

    from loaders.store import Store



@dataclass(frozen=True)
class Kind:
    """A kind of import: its name, what the French pages call it, its analyser and what it reads of the store
    with the store's revision (in the same connection: both of one state)."""

    name: str
    label: str
    analyse: Callable[[bytes, str, dict, Store, dict], dict]  # → the Plan's fields beyond the file and the revision
    reads: Callable[[Store], dict] = lambda store: {}


def _table(frame: pd.DataFrame) -> pa.Table:
    return pa.Table.from_pandas(frame.reset_index(drop=True), preserve_index=False)


def _data(content: bytes, filename: str, options: dict, store: Store, known: dict) -> dict:
    report = analyse_file(content, filename, options.get("source"), options.get("overrides") or None,
                          GeoIndex(known[EFOP.id]), store.current_values)
    if report.ok:  # checked against the catalogue before any plan can be committed
        report.problems.extend(check_observations(report.observations, report.codes))
    frames = {}
    if report.ok:  # still: the check may have refused rows
        frames["observations"] = as_arrow(report.observations[list(OBSERVATION_COLUMNS)], report.codes)
        if len(report.revisions):
            frames["revisions"] = _table(report.revisions)
    return {"summary": report.to_dict(), "problems": report.problems, "source": report.source, "frames": frames}


def _referential(content: bytes, filename: str, options: dict, store: Store, known: dict) -> dict:
    name = options.get("name") or geography.EFOP_LABEL
    try:
        report = parse_referential(read_sheets(content, filename), filename, name)
    except ImportRefused as refused:
        report = ReferentialReport(filename=filename, name=name, problems=list(refused.problems))
    frames, extra = {}, {}
    if report.ok:
        maille = build_maille(report)  # may add warnings to the report: before its summary
        frames = {"territories": _table(maille.territories), "membership": _table(maille.membership)}
        extra = {"maille": maille.id, "label": maille.label, "geojson": maille.geojson}
    summary = {**report.to_dict(), "rows_read": len(report.assignment), "rows_kept": len(report.assignment)}
    return {"summary": summary, "problems": report.problems, "frames": frames, "extra": extra}


def _catalogue(content: bytes, filename: str, options: dict, store: Store, known: dict) -> dict:
    try:
        report = parse_catalogue(content, filename)
    except ImportRefused as refused:
        report = CatalogueReport(filename, problems=list(refused.problems))
    frames = {"items": _table(report.items)} if report.ok else {}
    return {"summary": {**report.to_dict(), "rows_kept": len(report.items)}, "problems": report.problems,
            "frames": frames}


KINDS = {kind.name: kind for kind in (
    Kind(DATA, IMPORT_KIND_BY_ID[DATA].written, _data, lambda store: {EFOP.id: store.territories(EFOP.id)}),  # or none
    Kind(REFERENTIAL, IMPORT_KIND_BY_ID[REFERENTIAL].written, _referential),
    Kind(CATALOGUE, IMPORT_KIND_BY_ID[CATALOGUE].written, _catalogue),
)}


def analyse(kind: str, content: bytes, filename: str, options: dict, store: Store) -> Plan:
    """Analyse a file of any kind against the store as it is now; nothing is written."""
    with store.held() as start:
        base, known = start.revision(), KINDS[kind].reads(start)
    fields = KINDS[kind].analyse(content, filename, options, store, known)
    return Plan(kind, filename, hashlib.sha256(content).hexdigest(), options, base, fields["summary"],
                tuple(fields["problems"]), fields.get("source"), fields.get("frames", {}), fields.get("extra", {}))

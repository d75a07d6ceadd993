"""Import flows shared by the command line and the app: archive, parse, validate, commit, journal."""

from __future__ import annotations

import getpass
import json
import os
from datetime import datetime
from pathlib import Path

from loaders import geography
from loaders.archive import Archive
from loaders.errors import ImportRefused
from loaders.geocodes import GeoIndex
from loaders.ingest import FileReport, analyse_file
from loaders.reading import read_sheets
from loaders.referential import ReferentialReport, build_maille, parse_referential
from loaders.schema import OBSERVATION_COLUMNS
from loaders.settings import archive_dir, data_dir, database_path
from loaders.store import ImportRecord, Store

REFERENTIAL = "referentiel"
DATA = "donnees"
DEMO_USER = "démonstration"


class Workspace:
    """A data folder: its store and its archive, always used together."""

    def __init__(self, base: Path | None = None) -> None:
        self.base = base or data_dir()
        self.store = Store(database_path(self.base))
        self.archive = Archive(archive_dir(self.base))


def command_line_user() -> str:
    """Return who runs the command line, as recorded in the import history."""
    return f"{getpass.getuser()} (ligne de commande)"


def import_referential(content: bytes, filename: str, *, name: str = geography.EFOP_LABEL,
                       dry_run: bool = False, who: str | None = None, workspace: Workspace | None = None,
                       import_id: int | None = None, at: datetime | None = None) -> ReferentialReport:
    """Validate an EFOP referential file and, unless dry-run or refused, make it the EFOP maille."""
    workspace = workspace or Workspace()
    sha = None if dry_run else workspace.archive.put(content)
    try:
        report = parse_referential(read_sheets(content, filename), filename, name)
    except ImportRefused as refused:
        report = ReferentialReport(filename=filename, name=name, problems=list(refused.problems))
    if not report.ok:
        return report
    maille = build_maille(report)
    if dry_run:
        return report
    record = ImportRecord(kind=REFERENTIAL, filename=filename, sha256=sha, imported_by=who or command_line_user(),
                          options=json.dumps({"name": name}), rows_read=len(report.assignment),
                          rows_kept=len(report.assignment), report=json.dumps(report.to_dict(), ensure_ascii=False),
                          imported_at=at or datetime.now())
    journal = _journal_import(workspace, record) if import_id is None else None
    workspace.store.add_import(record, maille=maille, import_id=import_id, on_commit=journal)
    return report


def import_data_file(content: bytes, filename: str, *, source: str | None = None, overrides: dict | None = None,
                     dry_run: bool = False, who: str | None = None, workspace: Workspace | None = None,
                     import_id: int | None = None, at: datetime | None = None) -> FileReport:
    """Analyse a data file and, unless dry-run or refused, add its observations in one transaction."""
    workspace = workspace or Workspace()
    sha = None if dry_run else workspace.archive.put(content)
    store = workspace.store
    efop = store.territories(geography.EFOP_ID) if geography.EFOP_ID in set(store.mailles()["id"]) else None
    report = analyse_file(content, filename, source, overrides, GeoIndex(efop), store.current_values)
    if not report.ok or dry_run:
        return report
    summary = report.to_dict()
    record = ImportRecord(kind=DATA, filename=filename, sha256=sha, imported_by=who or command_line_user(),
                          source=report.source, options=json.dumps({"source": source, "overrides": overrides or {}}),
                          rows_read=report.rows_read, rows_kept=summary["rows_kept"],
                          report=json.dumps(summary, ensure_ascii=False, default=str), imported_at=at or datetime.now())
    journal = _journal_import(workspace, record) if import_id is None else None
    store.add_import(record, report.observations[list(OBSERVATION_COLUMNS)], import_id=import_id, on_commit=journal)
    return report


def import_demo(workspace: Workspace | None = None) -> list[FileReport]:
    """Import the demo extracts through the ordinary loaders (used on the first start of an empty store)."""
    from loaders.demo import demo_files
    workspace = workspace or Workspace()
    return [import_data_file(content, name, who=DEMO_USER, workspace=workspace)
            for name, content in demo_files().items()]


def undo_import(import_id: int, who: str | None = None, workspace: Workspace | None = None) -> None:
    """Undo an import (its rows stop counting) and journal it."""
    workspace = workspace or Workspace()
    who = who or command_line_user()
    at = datetime.now()
    workspace.store.undo_import(import_id, who, at, on_commit=lambda i: workspace.archive.append(
        {"event": "undo", "id": i, "by": who, "at": at.isoformat()}))


def _journal_import(workspace: Workspace, record: ImportRecord):
    def append(import_id: int) -> None:
        workspace.archive.append({
            "event": "import", "id": import_id, "kind": record.kind, "source": record.source,
            "filename": record.filename, "sha256": record.sha256, "options": json.loads(record.options),
            "by": record.imported_by, "at": record.imported_at.isoformat()})
    return append


def rebuild(workspace: Workspace | None = None) -> int:
    """Rebuild the database from the archive's journal; return the number of imports replayed."""
    workspace = workspace or Workspace()
    target = workspace.store.path
    scratch = target.with_name(target.name + ".rebuild")
    for leftover in (scratch, scratch.with_name(scratch.name + ".wal")):
        leftover.unlink(missing_ok=True)
    replica = Workspace(workspace.base)
    replica.store = Store(scratch)
    count = 0
    for event in workspace.archive.events():
        if event["event"] == "undo":
            replica.store.undo_import(event["id"], event["by"], datetime.fromisoformat(event["at"]))
            continue
        _replay(event, replica)
        count += 1
    os.replace(scratch, target)
    Path(str(target) + ".wal").unlink(missing_ok=True)
    return count


def _replay(event: dict, replica: Workspace) -> None:
    content = replica.archive.read(event["sha256"])
    at = datetime.fromisoformat(event["at"])
    options = event["options"]
    if event["kind"] == REFERENTIAL:
        import_referential(content, event["filename"], name=options.get("name", geography.EFOP_LABEL),
                           who=event["by"], workspace=replica, import_id=event["id"], at=at)
    elif event["kind"] == DATA:
        import_data_file(content, event["filename"], source=options.get("source"),
                         overrides=options.get("overrides") or None, who=event["by"], workspace=replica,
                         import_id=event["id"], at=at)
    else:
        raise ValueError(f"Type d'import inconnu dans le journal : {event['kind']}")

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
from loaders.reading import read_sheets
from loaders.referential import ReferentialReport, build_maille, parse_referential
from loaders.settings import archive_dir, data_dir, database_path
from loaders.store import ImportRecord, Store

REFERENTIAL = "referentiel"


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
    if event["kind"] == REFERENTIAL:
        import_referential(content, event["filename"], name=event["options"].get("name", geography.EFOP_LABEL),
                           who=event["by"], workspace=replica, import_id=event["id"], at=at)
    else:
        raise ValueError(f"Type d'import inconnu dans le journal : {event['kind']}")

"""Import flows shared by the command line and the app: archive, parse, validate, commit, journal."""

from __future__ import annotations

import json
import os
import threading
from datetime import date, datetime
from pathlib import Path

from loaders import editions
from loaders.errors import ImportRefused, StalePlan, UserError
from loaders.health import REPAIRABLE, store_diagnosis, store_problem
from loaders.journal import journal_import, recover
from loaders.planning import kinds
from loaders.planning.kinds import CATALOGUE, DATA, REFERENTIAL
from loaders.planning.plan import Plan
from loaders.planning.roadmap import check_priorities
from loaders.settings import setting
from loaders.store import ImportRecord, MailleData, Store, StoreUnreadable
from loaders.store.roadmap import PriorityRecord
from loaders.values import geography
from loaders.workspace import Workspace, command_line_user

# The names the app and the command line use from here, whatever module holds them.
__all__ = ["REPAIRABLE", "Workspace", "command_line_user", "recover", "store_diagnosis", "store_problem"]

DIRECT_ATTEMPTS = 5  # analyses of a direct import when other imports keep landing meanwhile
DEMO_USER = "démonstration"


def import_file(kind: str, content: bytes, filename: str, options: dict, *, dry_run: bool = False,
                who: str | None = None, workspace: Workspace | None = None, import_id: int | None = None,
                at: datetime | None = None) -> Plan:
    """Analyse a file of any kind and, unless dry-run or refused, commit its plan at once.

    When another import lands between the analysis and the commit, the file is analysed again (the report
    returned is always the one of what was written), a few times at most.
    """
    workspace = workspace or Workspace()
    for attempt in range(DIRECT_ATTEMPTS):
        plan = kinds.analyse(kind, content, filename, options, workspace.store)
        if not plan.ok or dry_run:
            return plan
        try:
            commit(plan, workspace, content=content, who=who, import_id=import_id, at=at)
            return plan
        except StalePlan:
            if attempt == DIRECT_ATTEMPTS - 1:
                raise
    return plan


def check_file(kind: str, content: bytes, filename: str, options: dict, workspace: Workspace | None = None) -> Plan:
    """Analyse a file and keep its plan in the data folder, to be confirmed by its id; nothing else is written."""
    workspace = workspace or Workspace()
    plan = kinds.analyse(kind, content, filename, options, workspace.store)
    if plan.ok:
        workspace.plans.save(plan, content)
    return plan


def confirm(plan_ids: list[str], who: str | None = None, workspace: Workspace | None = None) -> list[Plan]:
    """Commit kept plans, in order, exactly as they were shown; refused (StalePlan) if the store moved since.

    Plans checked together share their base revision: each one after the first expects the revision its
    predecessor left, so only this batch may have moved the store.
    """
    workspace = workspace or Workspace()
    plans = [workspace.plans.load(plan_id) for plan_id in plan_ids]
    expected = plans[0].base_revision if plans else None
    for plan in plans:
        if plan.base_revision != plans[0].base_revision:
            raise StalePlan("Ces fichiers n'ont pas été vérifiés sur le même état de la base : vérifiez-les de "
                            "nouveau ensemble. Rien n'a été écrit.")
        import_id = commit(plan, workspace, content_path=workspace.plans.content_path(plan.id), who=who,
                           base_revision=expected)
        expected = f"{import_id}.{expected.split('.')[1]}"
        workspace.plans.drop(plan.id)
    workspace.plans.prune(expected if plans else workspace.store.revision())  # the revision the batch left
    return plans


def drop(plan_ids: list[str], workspace: Workspace | None = None) -> None:
    """Forget kept plans (the analyst cancelled): nothing is written."""
    workspace = workspace or Workspace()
    for plan_id in plan_ids:
        workspace.plans.drop(plan_id)


def commit(plan: Plan, workspace: Workspace, *, content: bytes | None = None, content_path: Path | None = None,
           who: str | None = None, import_id: int | None = None, at: datetime | None = None,
           base_revision: str | None = None) -> int:
    """Write a plan in one transaction, journaled; the same path for every kind, direct or confirmed."""
    if not plan.ok:
        raise ImportRefused(plan.filename, list(plan.problems))
    sha = workspace.archive.put(content) if content is not None else workspace.archive.adopt(content_path, plan.sha256)
    record = ImportRecord(kind=plan.kind, filename=plan.filename, sha256=sha, imported_by=who or command_line_user(),
                          source=plan.source, options=json.dumps(plan.options, ensure_ascii=False),
                          rows_read=int(plan.summary.get("rows_read", 0)),
                          rows_kept=int(plan.summary.get("rows_kept", 0)),
                          report=json.dumps(plan.summary, ensure_ascii=False, default=str),
                          imported_at=at or datetime.now())
    journal = journal_import(workspace, record) if import_id is None else None
    return workspace.store.add_import(record, **_writes(plan), import_id=import_id, on_commit=journal,
                                      base_revision=base_revision or plan.base_revision)


def _writes(plan: Plan) -> dict:
    """Return what the store writes for a plan: observations, a maille or a catalogue."""
    if "territories" in plan.frames:
        extra = plan.extra
        return {"maille": MailleData(extra["maille"], extra["label"], plan.frame("territories"),
                                     plan.frame("membership"), extra["geojson"])}
    if "items" in plan.frames:
        return {"catalogue": plan.frame("items")}
    return {"observations": plan.frames.get("observations")}


def import_referential(content: bytes, filename: str, *, name: str = geography.EFOP_LABEL, **how) -> Plan:
    """Validate an EFOP referential file and, unless dry-run or refused, make it the EFOP maille."""
    return import_file(REFERENTIAL, content, filename, {"name": name}, **how)


def import_data_file(content: bytes, filename: str, *, source: str | None = None, overrides: dict | None = None,
                     **how) -> Plan:
    """Analyse a data file and, unless dry-run or refused, add its observations in one transaction."""
    return import_file(DATA, content, filename, {"source": source, "overrides": overrides or {}}, **how)


def import_catalogue(content: bytes, filename: str, **how) -> Plan:
    """Check a service-offer catalogue and, unless dry-run or refused, make it the catalogue in force."""
    return import_file(CATALOGUE, content, filename, {}, **how)


def import_demo(workspace: Workspace | None = None, progress=None) -> list[Plan]:
    """Import the demo extracts through the ordinary loaders; `progress(done, total)` after each file."""
    from loaders.demo_set import demo_files
    workspace = workspace or Workspace()
    files = demo_files()
    reports = []
    for name, content in files.items():
        report = import_data_file(content, name, who=DEMO_USER, workspace=workspace)
        if not report.ok:  # the demo is our own data: a refusal is a bug, never a silent gap
            raise RuntimeError(f"Données de démonstration refusées : {report.to_dict()['errors'][:3]}")
        reports.append(report)
        if progress:
            progress(len(reports), len(files))
    return reports


def demo_wanted(workspace: Workspace) -> bool:
    """Return True when the demo data should be imported: enabled, and nothing was ever imported here."""
    if not int(setting("CLEFOP_DEMO")):
        return False
    imported = any(e["event"] == "import" for e in workspace.archive.events())
    return not imported and workspace.store.imports().empty


def undo_import(import_id: int, who: str | None = None, workspace: Workspace | None = None) -> None:
    """Undo an import (its rows stop counting) and journal it."""
    workspace = workspace or Workspace()
    who = who or command_line_user()
    at = datetime.now()
    workspace.store.undo_import(import_id, who, at, on_commit=lambda i: workspace.archive.append(
        {"event": "undo", "id": i, "by": who, "at": at.isoformat()}))


class RebuildRefused(UserError):
    """The archive cannot give back everything the database or the journal holds: nothing was replaced."""


_REPAIR = threading.Lock()  # one repair at a time in a dashboard process


def restore(workspace: Workspace | None = None, only_if_needed: bool = False) -> int:
    """Set an unreadable database aside (renamed with its WAL, never deleted) and rebuild it from the archive.

    Only a missing or damaged database is touched: a busy, read-only or full one is left as it is. With
    `only_if_needed` (the dashboard's button), a database that is fine by now is left alone: a second click,
    or another analyst's, finds the repair done and returns 0.
    """
    workspace = workspace or Workspace()
    with _REPAIR:
        found = store_diagnosis(workspace)
        if found and found[0] not in REPAIRABLE:
            raise RebuildRefused(f"Reconstruction refusée : {found[1]}")
        if found is None and only_if_needed:
            return 0
        return _restore(workspace)


def _restore(workspace: Workspace) -> int:
    target = workspace.store.path
    if target.exists():
        try:
            workspace.store.check()
        except StoreUnreadable:
            _set_aside(target, "illisible")
    return rebuild(workspace)


def _set_aside(target: Path, why: str) -> None:
    kept = target.with_name(f"{target.name}.{why}-{datetime.now():%Y%m%d-%H%M%S}")
    target.rename(kept)
    wal = Path(str(target) + ".wal")
    if wal.exists():
        wal.rename(Path(str(kept) + ".wal"))


def rebuild(workspace: Workspace | None = None) -> int:
    """Rebuild the database from the archive's journal; return the number of imports replayed.

    Refused, with what is missing, when an archived file is gone or when the database holds imports the
    journal does not know: a rebuild never gives a smaller store without saying so. The database replaced is
    kept beside the new one (renamed, with its WAL) once the new one is complete.
    """
    workspace = workspace or Workspace()
    events = workspace.archive.events()
    _check_rebuildable(workspace, events)
    target = workspace.store.path
    scratch = target.with_name(target.name + ".rebuild")
    for leftover in (scratch, scratch.with_name(scratch.name + ".wal")):
        leftover.unlink(missing_ok=True)
    replica = Workspace(workspace.base)
    replica.store = Store(scratch)
    count = 0
    for event in events:
        if event["event"] == "undo":
            replica.store.undo_import(event["id"], event["by"], datetime.fromisoformat(event["at"]))
            continue
        if event["event"] == "priorities":
            replica.store.add_priorities(_priority_record(event), event["id"])
            continue
        if event["event"] in editions.EVENTS:
            editions.replay(event, replica.store)
            continue
        _replay(event, replica)
        count += 1
    if target.exists():
        _set_aside(target, "avant-reconstruction")
    os.replace(scratch, target)
    return count


def _check_rebuildable(workspace: Workspace, events: list[dict]) -> None:
    lost = [f"n° {e['id']} « {e['filename']} »" for e in events
            if e["event"] == "import" and not workspace.archive.path(e["sha256"]).exists()]
    if lost:
        raise RebuildRefused(f"Reconstruction refusée : {len(lost)} fichier(s) importé(s) manquent dans l'archive "
                             f"({', '.join(lost[:10])}) ; la base actuelle est gardée telle quelle.")
    if not workspace.store.path.exists():
        return
    try:
        known = set(workspace.store.imports()["id"])
    except StoreUnreadable:
        return
    unjournaled = sorted(known - {e["id"] for e in events if e["event"] == "import"})
    if unjournaled:
        raise RebuildRefused(f"Reconstruction refusée : la base garde {len(unjournaled)} import(s) que le journal "
                             f"ne connaît pas (n° {', '.join(map(str, unjournaled[:10]))}) ; la base actuelle est "
                             "gardée telle quelle.")


def _replay(event: dict, replica: Workspace) -> None:
    if event["kind"] not in kinds.KINDS:
        raise RebuildRefused(f"Reconstruction refusée : type d'import inconnu dans le journal ({event['kind']}).")
    options = event["options"]
    if event["kind"] == DATA:  # journals written before plans kept only the options given
        options = {"source": options.get("source"), "overrides": options.get("overrides") or {}}
    content = replica.archive.read(event["sha256"])
    plan = kinds.analyse(event["kind"], content, event["filename"], options, replica.store)
    commit(plan, replica, content=content, who=event["by"], import_id=event["id"],
           at=datetime.fromisoformat(event["at"]))


def record_priorities(maille: str, territory: str, themes: list[str], plenary: date | None, note: str = "",
                      who: str | None = None, workspace: Workspace | None = None) -> int:
    """Record the priorities a CLEFOP chose for its territory (kept with their history, journaled)."""
    problem = check_priorities(themes)
    if problem:
        raise UserError(problem)
    workspace = workspace or Workspace()
    record = PriorityRecord(maille, territory, list(dict.fromkeys(themes)), plenary, note.strip(),
                            who or command_line_user(), datetime.now())
    return workspace.store.add_priorities(record, on_commit=lambda i: workspace.archive.append({
        "event": "priorities", "id": i, "maille": maille, "territory": territory, "themes": record.themes,
        "plenary": plenary.isoformat() if plenary else None, "note": record.note, "by": record.recorded_by,
        "at": record.recorded_at.isoformat()}))


def _priority_record(event: dict) -> PriorityRecord:
    return PriorityRecord(event["maille"], event["territory"], event["themes"],
                          date.fromisoformat(event["plenary"]) if event["plenary"] else None, event["note"],
                          event["by"], datetime.fromisoformat(event["at"]))

"""Putting the database back from the archive: restore an unreadable one, rebuild by replaying the journal."""

from __future__ import annotations

import os
import threading
from datetime import datetime
from pathlib import Path

from loaders.actions import editions
from loaders.actions.imports import commit
from loaders.actions.priorities import priority_record
from loaders.domain.schema import DATA
from loaders.errors import UserError
from loaders.planning import kinds
from loaders.store import Store, StoreUnreadable
from loaders.store.health import REPAIRABLE, store_diagnosis
from loaders.store.journal import EDITION, EDITION_RENAMED, EVENT_KINDS, IMPORT, PRIORITIES, UNDO
from loaders.store.workspace import Workspace


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
    for event in events:
        REPLAY[event["event"]](event, replica)
    if target.exists():
        _set_aside(target, "avant-reconstruction")
    os.replace(scratch, target)
    return sum(e["event"] == IMPORT.name for e in events)


def _check_rebuildable(workspace: Workspace, events: list[dict]) -> None:
    unknown = sorted({str(e.get("event")) for e in events} - set(REPLAY))
    if unknown:
        raise RebuildRefused(f"Reconstruction refusée : opération inconnue dans le journal ({', '.join(unknown)}) ; "
                             "la base actuelle est gardée telle quelle.")
    lost = [f"n° {e['id']} « {e['filename']} »" for e in events
            if e["event"] == IMPORT.name and not workspace.archive.path(e["sha256"]).exists()]
    if lost:
        raise RebuildRefused(f"Reconstruction refusée : {len(lost)} fichier(s) importé(s) manquent dans l'archive "
                             f"({', '.join(lost[:10])}) ; la base actuelle est gardée telle quelle.")
    if not workspace.store.path.exists():
        return
    try:
        known = set(workspace.store.imports()["id"])
    except StoreUnreadable:
        return
    unjournaled = sorted(known - {e["id"] for e in events if e["event"] == IMPORT.name})
    if unjournaled:
        raise RebuildRefused(f"Reconstruction refusée : la base garde {len(unjournaled)} import(s) que le journal "
                             f"ne connaît pas (n° {', '.join(map(str, unjournaled[:10]))}) ; la base actuelle est "
                             "gardée telle quelle.")


def _replay_import(event: dict, replica: Workspace) -> None:
    if event["kind"] not in kinds.KINDS:
        raise RebuildRefused(f"Reconstruction refusée : type d'import inconnu dans le journal ({event['kind']}).")
    options = event["options"]
    if event["kind"] == DATA:  # journals written before plans kept only the options given
        options = {"source": options.get("source"), "overrides": options.get("overrides") or {}}
    content = replica.archive.read(event["sha256"])
    plan = kinds.analyse(event["kind"], content, event["filename"], options, replica.store)
    commit(plan, replica, content=content, who=event["by"], import_id=event["id"],
           at=datetime.fromisoformat(event["at"]))


def _replay_undo(event: dict, replica: Workspace) -> None:
    replica.store.undo_import(event["id"], event["by"], datetime.fromisoformat(event["at"]))


def _replay_priorities(event: dict, replica: Workspace) -> None:
    replica.store.add_priorities(priority_record(event), event["id"])


# How a rebuild writes each kind of journal line again (loaders.store.journal declares the kinds).
REPLAY = {IMPORT.name: _replay_import, UNDO.name: _replay_undo, PRIORITIES.name: _replay_priorities,
          EDITION.name: editions.replay, EDITION_RENAMED.name: editions.replay}
assert set(REPLAY) == set(EVENT_KINDS), "every kind of journal line has its replay"

"""The journal kept in step with the database: each operation journaled at its commit, and after a crash only a
last operation the database proves it never committed is dropped."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from loaders import editions
from loaders.store import ImportRecord, StoreUnreadable
from loaders.workspace import Workspace

if TYPE_CHECKING:
    import pandas as pd

IMPORT_EVENTS = ("import", "undo")


def journal_import(workspace: Workspace, record: ImportRecord):
    """Return the function that journals an import once the store has given it its number."""
    def append(import_id: int) -> None:
        events = workspace.archive.events()
        orphans = [e for e in events if e["event"] in IMPORT_EVENTS and e["id"] >= import_id]
        if orphans and (len(orphans) > 1 or orphans[0] is not events[-1]):
            raise StoreUnreadable(f"Le journal garde {len(orphans)} opération(s) que la base ne connaît pas : "
                                  "la base ne correspond plus à l'archive. Reconstruisez-la avant d'importer.")
        if orphans:  # the one event a crash left between the journal and the commit
            workspace.archive.rewrite(events[:-1])
        workspace.archive.append({
            "event": "import", "id": import_id, "kind": record.kind, "source": record.source,
            "filename": record.filename, "sha256": record.sha256, "options": json.loads(record.options),
            "by": record.imported_by, "at": record.imported_at.isoformat()})
    return append


def recover(workspace: Workspace | None = None) -> int:
    """Put the journal back in step with the database after a crash; return how many events were dropped.

    The journal is the record: only its last event may be dropped, and only when the database proves it
    was never committed (a crash between the journal's write and the commit). A torn last line (a crash while
    writing it) is written again from the database when the database holds that operation.
    """
    workspace = workspace or Workspace()
    if not workspace.store.path.exists() or not workspace.archive.journal_path.exists():
        return 0
    with workspace.store.frozen() as (held, records):
        events = workspace.archive.events()
        raw = workspace.archive.journal_path.read_bytes()
        torn = not raw.endswith(b"\n")
        missing = _committed_but_unjournaled(records, events, held[0]) if torn else []
        dropped = 1 if events and not _committed(events[-1], *held) \
            and all(_committed(e, *held) for e in events[:-1]) else 0
        if torn or dropped:
            workspace.archive.rewrite(events[:len(events) - dropped] + missing)
    return dropped


def _committed_but_unjournaled(records: pd.DataFrame, events: list[dict], states: dict[int, str]) -> list[dict]:
    """Return the events of the database's last operation when the journal lost its line (`records`: the
    imports' records by id)."""
    journaled = {e["id"] for e in events if e["event"] == "import"}
    undone = {e["id"] for e in events if e["event"] == "undo"}
    found = []
    for import_id in sorted(set(states) - journaled):
        row = records.loc[import_id]
        found.append({"event": "import", "id": int(import_id), "kind": row["kind"], "source": row["source"],
                      "filename": row["filename"], "sha256": row["sha256"], "options": json.loads(row["options"]),
                      "by": row["imported_by"], "at": row["imported_at"].isoformat()})
    for import_id in sorted(i for i, status in states.items() if status == "undone" and i not in undone):
        row = records.loc[import_id]
        found.append({"event": "undo", "id": int(import_id), "by": row["undone_by"],
                      "at": row["undone_at"].isoformat()})
    return found


def _committed(event: dict, states: dict[int, str], priorities: set[int], names: dict[int, str]) -> bool:
    if event["event"] in editions.EVENTS:
        return editions.committed(event, names)
    if event["event"] == "priorities":
        return event["id"] in priorities
    return event["id"] in states and (event["event"] == "import" or states[event["id"]] == "undone")

"""The journal kept in step with the database: one registry of the kinds of event it records, each with how it
is written and how the database shows it was committed. After a crash only a last operation the database proves
it never committed is dropped. (How each kind is replayed by a rebuild is declared by loaders.actions.repair.)"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from loaders.store import ImportRecord, StoreUnreadable
from loaders.store.records import read_only_place
from loaders.store.workspace import Workspace

if TYPE_CHECKING:
    import pandas as pd

    from loaders.store.editions import Edition
    from loaders.store.roadmap import PriorityRecord


@dataclass(frozen=True)
class Held:
    """What the database holds, as the journal is checked against it."""

    states: dict[int, str]  # import id → status
    priorities: set[int]  # priority record ids
    names: dict[int, str]  # édition id → name


@dataclass(frozen=True)
class EventKind:
    """A kind of journal line: its name, and whether the database holds what such a line wrote."""

    name: str
    committed: Callable[[dict, Held], bool]


IMPORT = EventKind("import", lambda e, held: e["id"] in held.states)
UNDO = EventKind("undo", lambda e, held: held.states.get(e["id"]) == "undone")
PRIORITIES = EventKind("priorities", lambda e, held: e["id"] in held.priorities)
EDITION = EventKind("edition", lambda e, held: e["id"] in held.names)
EDITION_RENAMED = EventKind("edition_renamed", lambda e, held: held.names.get(e["id"]) == e["name"])
EVENT_KINDS = {k.name: k for k in (IMPORT, UNDO, PRIORITIES, EDITION, EDITION_RENAMED)}


def import_event(import_id: int, kind: str, source: str | None, filename: str, sha256: str, options: dict,
                 by: str, at: datetime) -> dict:
    """Return the journal line of an import."""
    return {"event": IMPORT.name, "id": int(import_id), "kind": kind, "source": source, "filename": filename,
            "sha256": sha256, "options": options, "by": by, "at": at.isoformat()}


def undo_event(import_id: int, by: str, at: datetime) -> dict:
    """Return the journal line of an undone import."""
    return {"event": UNDO.name, "id": int(import_id), "by": by, "at": at.isoformat()}


def priorities_event(record_id: int, record: PriorityRecord) -> dict:
    """Return the journal line of the priorities a territory chose."""
    plenary = record.plenary.isoformat() if record.plenary else None
    return {"event": PRIORITIES.name, "id": record_id, "maille": record.maille, "territory": record.territory,
            "themes": record.themes, "plenary": plenary, "note": record.note, "by": record.recorded_by,
            "at": record.recorded_at.isoformat()}


def edition_event(edition: Edition, who: str, at: datetime) -> dict:
    """Return the journal line of a frozen édition (the state it shows, so that a rebuild keeps it)."""
    return {"event": EDITION.name, "id": edition.id, "name": edition.name, "plenary": edition.plenary.isoformat(),
            "maille": edition.maille, "imports": list(edition.imports), "last_import": edition.last_import,
            "last_priority": edition.last_priority, "by": who, "at": at.isoformat()}


def renamed_event(edition_id: int, name: str, who: str, at: datetime) -> dict:
    """Return the journal line of an édition's new name."""
    return {"event": EDITION_RENAMED.name, "id": edition_id, "name": name, "by": who, "at": at.isoformat()}


def event_date(event: dict, key: str = "plenary") -> date | None:
    """Return a date a journal line keeps as text (None when it keeps none)."""
    return date.fromisoformat(event[key]) if event.get(key) else None


def journal_import(workspace: Workspace, record: ImportRecord):
    """Return the function that journals an import once the store has given it its number."""
    def append(import_id: int) -> None:
        events = workspace.archive.events()
        orphans = [e for e in events if e["event"] in (IMPORT.name, UNDO.name) and e["id"] >= import_id]
        if orphans and (len(orphans) > 1 or orphans[0] is not events[-1]):
            raise StoreUnreadable(f"Le journal garde {len(orphans)} opération(s) que la base ne connaît pas : "
                                  "la base ne correspond plus à l'archive. Reconstruisez-la avant d'importer.")
        if orphans:  # the one event a crash left between the journal and the commit
            workspace.archive.rewrite(events[:-1])
        workspace.archive.append(import_event(import_id, record.kind, record.source, record.filename, record.sha256,
                                              json.loads(record.options), record.imported_by, record.imported_at))
    return append


def recover(workspace: Workspace | None = None) -> int:
    """Put the journal back in step with the database after a crash; return how many events were dropped.

    The journal is the record: only its last event may be dropped, and only when the database proves it
    was never committed (a crash between the journal's write and the commit). A torn last line (a crash while
    writing it) is written again from the database when the database holds that operation.
    """
    workspace = workspace or Workspace()
    journal = workspace.archive.journal_path
    if not workspace.store.path.exists() or not journal.exists() or read_only_place(journal):
        return 0
    with workspace.store.frozen() as (held, records):
        held = Held(*held)
        events = workspace.archive.events()
        raw = workspace.archive.journal_path.read_bytes()
        torn = not raw.endswith(b"\n")
        missing = _committed_but_unjournaled(records, events, held.states) if torn else []
        dropped = 1 if events and not committed(events[-1], held) \
            and all(committed(e, held) for e in events[:-1]) else 0
        if torn or dropped:
            workspace.archive.rewrite(events[:len(events) - dropped] + missing)
    return dropped


def committed(event: dict, held: Held) -> bool:
    """Return True when the database holds what a journal line wrote (an unknown kind never is)."""
    kind = EVENT_KINDS.get(event.get("event"))
    return bool(kind and kind.committed(event, held))


def _committed_but_unjournaled(records: pd.DataFrame, events: list[dict], states: dict[int, str]) -> list[dict]:
    """Return the events of the database's last operation when the journal lost its line (`records`: the
    imports' records by id)."""
    journaled = {e["id"] for e in events if e["event"] == IMPORT.name}
    undone = {e["id"] for e in events if e["event"] == UNDO.name}
    found = []
    for import_id in sorted(set(states) - journaled):
        row = records.loc[import_id]
        found.append(import_event(import_id, row["kind"], row["source"], row["filename"], row["sha256"],
                                  json.loads(row["options"]), row["imported_by"], row["imported_at"]))
    for import_id in sorted(i for i, status in states.items() if status == "undone" and i not in undone):
        row = records.loc[import_id]
        found.append(undo_event(import_id, row["undone_by"], row["undone_at"]))
    return found

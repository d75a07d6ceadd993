"""The priorities a CLEFOP chooses for its territory: checked, recorded with their history, journaled."""

from __future__ import annotations

from datetime import date, datetime

from loaders.errors import UserError
from loaders.planning.roadmap import check_priorities
from loaders.store.journal import event_date, priorities_event
from loaders.store.roadmap import PriorityRecord
from loaders.store.workspace import Workspace, command_line_user


def record_priorities(maille: str, territory: str, themes: list[str], plenary: date | None, note: str = "",
                      who: str | None = None, workspace: Workspace | None = None) -> int:
    """Record the priorities a CLEFOP chose for its territory (kept with their history, journaled)."""
    problem = check_priorities(themes)
    if problem:
        raise UserError(problem)
    workspace = workspace or Workspace()
    record = PriorityRecord(maille, territory, list(dict.fromkeys(themes)), plenary, note.strip(),
                            who or command_line_user(), datetime.now())
    return workspace.store.add_priorities(record, on_commit=lambda i: workspace.archive.append(
        priorities_event(i, record)))


def priority_record(event: dict) -> PriorityRecord:
    """Return the priorities a journal line recorded (rebuild)."""
    return PriorityRecord(event["maille"], event["territory"], event["themes"], event_date(event), event["note"],
                          event["by"], datetime.fromisoformat(event["at"]))

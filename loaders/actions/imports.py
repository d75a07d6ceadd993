"""Imports of every kind, direct or checked then confirmed, and their undoing: archived, committed, journaled."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

from loaders.domain.schema import CATALOGUE, DATA, REFERENTIAL
from loaders.errors import ImportRefused, StalePlan, UserError
from loaders.planning import kinds
from loaders.store import ImportRecord, MailleData
from loaders.store.journal import journal_import, undo_event
from loaders.store.plans import Plan
from loaders.store.workspace import Workspace, command_line_user
from loaders.values import geography

DIRECT_ATTEMPTS = 5  # analyses of a direct import when other imports keep landing meanwhile


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
    earlier = _committed_earlier(plans, workspace)
    if plans and len(earlier) == len(plans):
        for plan in plans:
            workspace.plans.drop(plan.id)
        raise AlreadyImported("Déjà importé, tel que vérifié, par une confirmation qu'un arrêt a interrompue juste "
                              f"après : {', '.join(earlier.values())}. Rien de plus n'a été écrit.")
    plans = [plan for plan in plans if plan.id not in earlier]
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


class AlreadyImported(UserError):
    """Every plan confirmed was committed by a confirmation a crash cut short before it forgot them."""

    exit_code = 0


def _committed_earlier(plans: list[Plan], workspace: Workspace) -> dict[str, str]:
    """Return plan id → « import n° N « file » » for the plans the store already holds: committed after the
    revision they were checked on, from the same file with the same options."""
    if not plans:
        return {}
    imports = workspace.store.imports()
    found = {}
    for plan in plans:
        since = int(plan.base_revision.split(".")[0])
        same = imports[(imports["id"] > since) & (imports["sha256"] == plan.sha256) & (imports["kind"] == plan.kind)
                       & (imports["options"] == json.dumps(plan.options, ensure_ascii=False))]
        if len(same):
            found[plan.id] = f"import n° {int(same['id'].iloc[-1])} « {plan.filename} »"
    return found


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
        return dict(catalogue=plan.frame("items"))
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


def undo_import(import_id: int, who: str | None = None, workspace: Workspace | None = None) -> None:
    """Undo an import (its rows stop counting) and journal it."""
    workspace = workspace or Workspace()
    who = who or command_line_user()
    at = datetime.now()
    workspace.store.undo_import(import_id, who, at, on_commit=lambda i: workspace.archive.append(
        undo_event(i, who, at)))

"""The demo data: imported through the ordinary loaders on a data folder that never imported anything."""

from __future__ import annotations

from loaders.actions.imports import import_data_file
from loaders.samples import DEMO_USER, demo_files
from loaders.settings import setting
from loaders.store.journal import IMPORT
from loaders.store.plans import Plan
from loaders.store.records import read_only_place
from loaders.store.workspace import Workspace


def import_demo(workspace: Workspace | None = None, progress=None) -> list[Plan]:
    """Import the demo extracts through the ordinary loaders; `progress(done, total)` after each file."""
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
    if not int(setting("CLEFOP_DEMO")) or read_only_place(workspace.base):
        return False
    imported = any(e["event"] == IMPORT.name for e in workspace.archive.events())
    return not imported and workspace.store.imports().empty

"""Why the database cannot be used, told apart: what a rebuild cures and what it would make worse."""

from __future__ import annotations

import os
import shutil
import sys
import time
from pathlib import Path

from loaders.store import StoreBusy, StoreUnreadable
from loaders.store.records import JournalDamaged, read_only_place
from loaders.store.workspace import Workspace


def store_problem(workspace: Workspace | None = None) -> str | None:
    """Return, in French, why the database cannot be used, or None."""
    found = store_diagnosis(workspace)
    return found[1] if found else None


REPAIRABLE = ("missing", "damaged")  # what a rebuild from the archive cures
JOURNAL = "journal"  # a damaged journal: the database can still be read, nothing may be written
READ_ONLY = "readonly"  # a folder this account may not write to: the database is read, nothing is written
READABLE_KINDS = (JOURNAL, READ_ONLY)  # the pages are shown, with the reason told to analysts


def store_diagnosis(workspace: Workspace | None = None) -> tuple[str, str] | None:
    """Tell apart why the database cannot be used: (kind, French message with what to do), or None.

    Kinds: « missing », « damaged » (a rebuild from the archive cures them), « busy » (another process
    writes), « readonly » (the pages are read, nothing is written) and « full » (the machine must be fixed first: a
    rebuild would make things worse),
    « journal » (a line of the journal does not read: someone must put it right before anything is written).
    """
    workspace = workspace or Workspace()
    try:
        events = workspace.archive.events()
    except JournalDamaged as damaged:
        return JOURNAL, damaged.message
    path = workspace.store.path
    rebuildable = "elle peut être reconstruite à partir de l'archive des fichiers importés."
    if not path.exists():
        count = len(events)
        return ("missing", f"La base de données {path} est introuvable alors que l'archive garde {count} "
                           f"opération(s) : {rebuildable}") if count else None
    if read_only_place(path):
        return (READ_ONLY, f"Le dossier de données {path.parent} est en lecture seule pour ce compte (disque monté "
                           "en lecture seule, ou droits d'un autre compte) : le tableau de bord se consulte, mais "
                           "imports, annulations et éditions sont refusés tant que l'écriture n'est pas rétablie. "
                           "Ne reconstruisez pas la base.")
    if shutil.disk_usage(path.parent).free < 16 * 1024 * 1024:
        return ("full", f"Le disque qui porte {path.parent} est plein : libérez de la place ; la base n'est pas "
                        "abîmée, ne la reconstruisez pas.")
    for attempt in range(3):  # a damaged file fails every time; a passing glitch does not
        try:
            workspace.store.check()
            return None
        except StoreBusy as busy:
            return ("busy", f"{busy} Un import en ligne de commande est sans doute en cours.")
        except StoreUnreadable as exc:
            print(f"Base illisible (essai {attempt + 1}) : {exc}", file=sys.stderr, flush=True)
            time.sleep(0.2)
    return "damaged", (f"La base de données {path} est illisible (fichier endommagé ou d'un autre format) : "
                       f"{rebuildable}")


RECHECK_SECONDS = 30.0  # a healthy diagnosis is taken again at least this often, even on unchanged files
_HEALTHY: dict[Path, tuple] = {}  # data folder → (state of its files, monotonic time) when found healthy


def _files_state(workspace: Workspace) -> tuple:
    path = workspace.store.path
    found = []
    for file in (path, path.with_name(path.name + ".wal"), workspace.archive.journal_path):
        try:
            stat = os.stat(file)
            found.append((stat.st_ino, stat.st_mtime_ns, stat.st_size))
        except FileNotFoundError:
            found.append(None)
    return tuple(found)


def page_diagnosis(workspace: Workspace) -> tuple[str, str] | None:
    """Return store_diagnosis, taken again only when the database, its log or the journal changed since it found
    nothing wrong, or after RECHECK_SECONDS: a page asks on every run, which opened the database each time."""
    state, now = _files_state(workspace), time.monotonic()
    seen = _HEALTHY.get(workspace.base)
    if seen is not None and seen[0] == state and now - seen[1] < RECHECK_SECONDS:
        return None
    found = store_diagnosis(workspace)
    if found is None:
        _HEALTHY[workspace.base] = (state, now)
    else:
        _HEALTHY.pop(workspace.base, None)
    return found

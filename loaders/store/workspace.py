"""A data folder: its store, its archive and its kept plans, always used together."""

from __future__ import annotations

import getpass
import os
from pathlib import Path

from loaders.settings import archive_dir, data_dir, database_path, plans_dir
from loaders.store import Store, StoreUnreadable
from loaders.store.archive import Archive
from loaders.store.plans import Plans
from loaders.store.records import read_only_place


class Workspace:
    """A data folder: its store and its archive, always used together."""

    def __init__(self, base: Path | None = None) -> None:
        self.base = base or data_dir()
        self.archive = Archive(archive_dir(self.base))
        self.plans = Plans(plans_dir(self.base))
        self.store = Store(database_path(self.base), may_create=self._refuse_an_empty_base)

    def _refuse_an_empty_base(self) -> None:
        """Never replace a missing database by an empty one while the journal records operations."""
        count = len(self.archive.events())
        if count:
            raise StoreUnreadable(f"La base de données {self.store.path.name} est introuvable alors que l'archive "
                                  f"garde {count} opération(s) : rien n'est écrit tant qu'elle n'est pas "
                                  "reconstruite à partir de l'archive.")


def command_line_user() -> str:
    """Return who runs the command line, as recorded in the import history."""
    return f"{getpass.getuser()} (ligne de commande)"


def prepare(base: Path) -> bool:
    """Make the data folder ready for this process and return whether it may be written.

    A missing folder is made private to this account (700). What the process creates afterwards gets the folder's
    own access (a folder shared with a group, 2770, shares its new files with the group; a private one keeps them
    private). What is found is never changed: a folder of another account, or a read-only one, is used as it is.
    """
    if not base.exists() and not read_only_place(base):
        os.umask(0o077)
        base.mkdir(parents=True, exist_ok=True)
    if base.is_dir():
        os.umask(~base.stat().st_mode & 0o077)
    return not read_only_place(base)

"""A data folder: its store, its archive and its kept plans, always used together."""

from __future__ import annotations

import getpass
from pathlib import Path

from loaders.settings import archive_dir, data_dir, database_path, plans_dir
from loaders.store import Store, StoreUnreadable
from loaders.store.archive import Archive
from loaders.store.plans import Plans


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

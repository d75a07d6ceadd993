"""The only writers: every change to a data folder goes through these verbs, which the command line and the app
call alike (imports, confirm, undo, rebuild, éditions, priorities, demo, the analyst password)."""

from loaders.actions import access, backup, editions
from loaders.actions.demo import DEMO_USER, demo_wanted, import_demo
from loaders.actions.imports import (
    check_file,
    commit,
    confirm,
    drop,
    import_catalogue,
    import_data_file,
    import_file,
    import_referential,
    undo_import,
)
from loaders.actions.priorities import record_priorities
from loaders.actions.repair import RebuildRefused, rebuild, restore
from loaders.store.health import REPAIRABLE, page_diagnosis, store_diagnosis, store_problem
from loaders.store.journal import recover
from loaders.store.workspace import Workspace, command_line_user, prepare

__all__ = ["DEMO_USER", "REPAIRABLE", "RebuildRefused", "Workspace", "access", "backup", "check_file",
           "command_line_user", "commit", "confirm", "demo_wanted", "drop", "editions", "import_catalogue",
           "import_data_file", "import_demo", "import_file", "import_referential", "prepare", "rebuild", "recover",
           "page_diagnosis", "record_priorities", "restore", "store_diagnosis", "store_problem", "undo_import"]

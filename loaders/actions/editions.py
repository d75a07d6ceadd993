"""Freezing, renaming and replaying éditions: journaled like imports, so that a rebuild keeps them."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from loaders.errors import UserError
from loaders.store import Store
from loaders.store.editions import Edition, UnknownEdition
from loaders.store.journal import EDITION_RENAMED, edition_event, event_date, renamed_event

if TYPE_CHECKING:
    from loaders.store.workspace import Workspace

MAX_NAME = 120

__all__ = ["Edition", "UnknownEdition", "default_name", "freeze", "rename", "find"]


def default_name(plenary: date) -> str:
    """Return « Plénière CLEFOP du 15/11/2026 », the name proposed for an édition."""
    return f"Plénière CLEFOP du {plenary:%d/%m/%Y}"


def _checked(name: str) -> str:
    name = " ".join(name.split())
    if not name:
        raise UserError("Donnez un nom à l'édition (par exemple « Plénière CLEFOP du 15/11/2026 ») : rien n'a "
                        "été enregistré.")
    if len(name) > MAX_NAME:
        raise UserError(f"Le nom de l'édition dépasse {MAX_NAME} caractères : rien n'a été enregistré.")
    return name


def freeze(name: str, plenary: date, maille: str, who: str, workspace: Workspace) -> Edition:
    """Record the state that counts now as an édition (which imports, maille, priorities) and journal it."""
    name = _checked(name)
    at = datetime.now()
    return workspace.store.add_edition(name, plenary, maille, who, at, on_commit=lambda e: workspace.archive.append(
        edition_event(e, who, at)))


def rename(edition_id: int, name: str, who: str, workspace: Workspace) -> None:
    """Give an édition another name (journaled); what it shows never changes."""
    name = _checked(name)
    at = datetime.now()
    workspace.store.rename_edition(edition_id, name, on_commit=lambda i: workspace.archive.append(
        renamed_event(i, name, who, at)))


def find(store: Store, edition_id: str | int) -> Edition:
    """Return the édition a link or a command names by its number; UnknownEdition otherwise."""
    try:
        number = int(str(edition_id).strip())
    except ValueError:
        raise UnknownEdition(f"« {edition_id} » n'est pas un numéro d'édition.") from None
    return store.edition(number)


def replay(event: dict, replica: Workspace) -> None:
    """Write a journaled édition event again (rebuild): same number, same recorded state, same name."""
    if event["event"] == EDITION_RENAMED.name:
        replica.store.rename_edition(event["id"], event["name"])
        return
    replica.store.add_edition(event["name"], event_date(event), event["maille"], event["by"],
                      datetime.fromisoformat(event["at"]), edition_id=event["id"],
                      state={k: event[k] for k in ("imports", "last_import", "last_priority")})


"""Files written for the user outside the data folder (an export, a deck): whole or not at all, with French
messages for a missing folder, a full disk or missing rights."""

from __future__ import annotations

import errno
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from loaders.errors import UserError


def write_whole(target: Path, write: Callable[[BinaryIO], object]) -> None:
    """Write a file through `write(handle)` into a temporary file beside it, then move it into place: a file of
    the same name stays as it was on failure."""
    if not target.parent.is_dir():
        raise UserError(f"Le dossier « {target.parent} » n'existe pas : créez-le ou choisissez-en un autre. "
                        "Rien n'a été écrit.")
    try:
        handle, scratch = tempfile.mkstemp(dir=target.parent, prefix=f".{target.stem[:40]}-", suffix=".tmp")
    except OSError as trouble:
        raise UserError(f"Impossible d'écrire dans « {target.parent} » ({why(trouble)}). Rien n'a été écrit.") \
            from None
    try:
        with os.fdopen(handle, "wb") as output:
            write(output)
            output.flush()
            os.fsync(output.fileno())
        os.replace(scratch, target)
    except OSError as trouble:
        Path(scratch).unlink(missing_ok=True)
        raise UserError(f"« {target.name} » n'a pas pu être écrit ({why(trouble)}) : rien n'a été écrit, un fichier "
                        "du même nom est resté tel qu'il était.") from None


def why(trouble: OSError) -> str:
    """Return, in French, why the system refused a write."""
    if trouble.errno == errno.ENOSPC:
        return "le disque est plein"
    if trouble.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return "droits insuffisants ou disque en lecture seule"
    return "erreur du système"

"""Decks for one territory or every territory of a maille: bytes, file names, the zip."""

from __future__ import annotations

import errno
import io
import os
import re
import tempfile
import unicodedata
import zipfile
from datetime import date
from pathlib import Path

from dashboard.data import assembly, queries
from dashboard.data.scope import Scope
from dashboard.deck import slides
from loaders.errors import UserError


def save(content: bytes, target: Path) -> None:
    """Write a deck (or their zip) whole or not at all: a file of the same name stays as it was on failure."""
    if not target.parent.is_dir():
        raise UserError(f"Le dossier « {target.parent} » n'existe pas : créez-le ou choisissez-en un autre. "
                        "Rien n'a été écrit.")
    try:
        handle, scratch = tempfile.mkstemp(dir=target.parent, prefix=".diaporama-", suffix=".tmp")
    except OSError as trouble:
        raise UserError(f"Impossible d'écrire dans « {target.parent} » ({_why(trouble)}). Rien n'a été écrit.") \
            from None
    try:
        with os.fdopen(handle, "wb") as output:
            output.write(content)
            output.flush()
            os.fsync(output.fileno())
        os.replace(scratch, target)
    except OSError as trouble:
        Path(scratch).unlink(missing_ok=True)
        raise UserError(f"« {target.name} » n'a pas pu être écrit ({_why(trouble)}) : rien n'a été écrit, un fichier "
                        "du même nom est resté tel qu'il était.") from None


def _why(trouble: OSError) -> str:
    if trouble.errno == errno.ENOSPC:
        return "le disque est plein"
    if trouble.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return "droits insuffisants ou disque en lecture seule"
    return "erreur du système"


def file_name(name: str, plenary_date: date) -> str:
    """Return « pleniere_CLEFOP_Les_Sables-d_Olonne_2026-12-15.pptx » (ASCII, safe everywhere)."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    safe = re.sub(r"[^A-Za-z0-9-]+", "_", ascii_name).strip("_")[:80] or "territoire"
    return f"pleniere_CLEFOP_{safe}_{plenary_date.isoformat()}.pptx"


def one(scope: Scope, plenary_date: date) -> tuple[bytes, str]:
    """Return the deck of the scope's territory and its file name."""
    view = assembly.collect(scope, plenary_date)
    return slides.build_deck(view), file_name(view.name, plenary_date)


def every(scope: Scope, plenary_date: date, progress=None) -> bytes:
    """Return a zip of the decks of every territory of the scope's maille; `progress(done, total)` after each."""
    codes = list(queries.territories(scope.base, scope.rev, scope.maille)["code"])
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for index, code in enumerate(codes, start=1):
            content, name = one(scope.at(code), plenary_date)
            archive.writestr(name, content)
            if progress:
                progress(index, len(codes))
    return buffer.getvalue()

"""Decks for one territory or every territory of a maille: bytes, file names, the zip."""

from __future__ import annotations

import hashlib
import io
import os
import re
import tempfile
import threading
import unicodedata
import zipfile
from datetime import date
from pathlib import Path

from dashboard.data import assembly, queries
from dashboard.data.scope import Scope
from dashboard.deck import slides
from loaders.errors import UserError
from loaders.outputs import write_whole


def file_name(name: str, plenary_date: date) -> str:
    """Return « pleniere_CLEFOP_Les_Sables-d_Olonne_2026-12-15.pptx » (ASCII, safe everywhere)."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    safe = re.sub(r"[^A-Za-z0-9-]+", "_", ascii_name).strip("_")[:80] or "territoire"
    return f"pleniere_CLEFOP_{safe}_{plenary_date.isoformat()}.pptx"


def nothing_to_show(where: str) -> str:
    """Return, in French, why no deck is made for a place without data, and what to import."""
    return (f"Pas de données pour {where} : un diaporama n'y montrerait que « n.d. ». Importez d'abord des extraits "
            "(demandeurs d'emploi, offres d'emploi ou activité partielle : page « Importer des données », ou "
            "python -m loaders import). Aucun diaporama n'a été écrit.")


def one(scope: Scope, plenary_date: date) -> tuple[bytes, str]:
    """Return the deck of the scope's territory and its file name; refused when it has no data at all."""
    view = assembly.collect(scope, plenary_date)
    if not _has_data(view):
        raise UserError(nothing_to_show(f"« {view.name} »"))
    return slides.build_deck(view), file_name(view.name, plenary_date)


def _has_data(view) -> bool:
    return any(family.figure.period for family in view.views)


class DecksBusy(UserError):
    """Every territory's decks are being made already: one such generation at a time."""


_GENERATING = threading.Lock()
KEPT_ZIPS = 8  # zips of every territory's decks kept ready, the most recent ones


def every_file(scope: Scope, plenary_date: date, progress=None) -> Path:
    """Return a file holding the zip of every territory's decks: made once per state of the data, édition, maille,
    reference, period and date (kept among the KEPT_ZIPS most recent), one generation at a time; DecksBusy when
    another one is under way."""
    key = hashlib.sha256(repr((scope.base, scope.rev, scope.maille, scope.reference, scope.period,
                               plenary_date.isoformat())).encode()).hexdigest()[:32]
    folder = Path(tempfile.gettempdir()) / f"clefop-diaporamas-{os.getuid()}"
    target = folder / f"{key}.zip"
    if target.is_file():
        return target
    if not _GENERATING.acquire(blocking=False):
        raise DecksBusy("Les diaporamas de tous les territoires sont déjà en préparation : réessayez dans une "
                        "minute, ils seront prêts.")
    try:
        if not target.is_file():
            folder.mkdir(mode=0o700, exist_ok=True)
            content = every(scope, plenary_date, progress)
            write_whole(target, lambda output: output.write(content))
            for old in sorted(folder.glob("*.zip"), key=lambda p: p.stat().st_mtime)[:-KEPT_ZIPS]:
                old.unlink(missing_ok=True)
    finally:
        _GENERATING.release()
    return target


def every(scope: Scope, plenary_date: date, progress=None) -> bytes:
    """Return a zip of the decks of every territory of the scope's maille; `progress(done, total)` after each."""
    codes = list(queries.territories(scope.base, scope.rev, scope.maille)["code"])
    buffer = io.BytesIO()
    taken: set[str] = set()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for index, code in enumerate(codes, start=1):
            view = assembly.collect(scope.at(code), plenary_date)
            if _has_data(view):  # a territory without any data gets no deck, as with `one`
                archive.writestr(_unique(file_name(view.name, plenary_date), taken), slides.build_deck(view))
            if progress:
                progress(index, len(codes))
    if not taken:
        raise UserError(nothing_to_show("aucun territoire de cette maille"))
    return buffer.getvalue()


def _unique(name: str, taken: set[str]) -> str:
    """Return a zip entry name no other territory's deck has taken (names that read alike once made ASCII)."""
    stem, number = name.removesuffix(".pptx"), 1
    while name in taken:
        number += 1
        name = f"{stem}_{number}.pptx"
    taken.add(name)
    return name

"""Decks for one territory or every territory of a maille: bytes, file names, the zip."""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from datetime import date

from dashboard.data import assembly, queries
from dashboard.data.scope import Scope
from dashboard.deck import slides


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
    taken: set[str] = set()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for index, code in enumerate(codes, start=1):
            content, name = one(scope.at(code), plenary_date)
            archive.writestr(_unique(name, taken), content)
            if progress:
                progress(index, len(codes))
    return buffer.getvalue()


def _unique(name: str, taken: set[str]) -> str:
    """Return a zip entry name no other territory's deck has taken (names that read alike once made ASCII)."""
    stem, number = name.removesuffix(".pptx"), 1
    while name in taken:
        number += 1
        name = f"{stem}_{number}.pptx"
    taken.add(name)
    return name

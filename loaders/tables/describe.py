"""Description and contents sheets: read as what the workbook says about itself, never as data."""

from __future__ import annotations

import re

from loaders.intake.reading import Sheet
from loaders.tables.cells import is_value
from loaders.tables.columns import is_blank
from loaders.values.textnorm import normalize

DESCRIPTION_SHEETS = ("description", "descriptif", "sommaire", "lisez moi", "notice", "methodologie", "methode",
                      "definitions", "contents", "table des matieres", "presentation", "avertissement", "sources",
                      "metadonnees", "a lire", "readme")
FIELDS = {"source": "source", "champ": "champ", "referentiel": "referentiel", "periode": "periode",
          "niveau geographique": "niveau", "date d extraction": "extraction", "extraction": "extraction",
          "unite": "unite"}
MAX_DESCRIPTION_ROWS = 200
_FIELD = re.compile(r"^\s*([^:]{3,40}?)\s*:\s*(.+)$")


def is_description(sheet: Sheet) -> bool:
    """Return True for a sheet named as a description, or one of prose only (no number in its cells)."""
    name = normalize(sheet.name)
    if any(name == w or name.startswith(w + " ") for w in DESCRIPTION_SHEETS):
        return True
    if len(sheet.rows) > MAX_DESCRIPTION_ROWS:  # a contents sheet is short; a data sheet is not read twice
        return False
    cells = [c for row in sheet.rows for c in row if not is_blank(c)]
    prose = any(isinstance(c, str) and len(c) >= 80 for c in cells)
    return prose and not any(is_value(c) for c in cells)


def describe(sheet: Sheet) -> dict[str, str]:
    """Return the fields a description sheet states (« Source : … », « Champ : … », « Référentiel : … »)."""
    found: dict[str, str] = {}
    for row in sheet.rows:
        for cell in row:
            for line in str(cell).splitlines() if isinstance(cell, str) else []:
                match = _FIELD.match(line)
                label = normalize(match.group(1)) if match else ""
                key = next((k for w, k in FIELDS.items() if label == w or label.startswith(w + " ")), None)
                if key and key not in found:
                    found[key] = " ".join(match.group(2).split())
    title = next((str(c) for row in sheet.rows[:5] for c in row if isinstance(c, str) and len(c) > 20), "")
    if title:
        found.setdefault("titre", " ".join(title.split()))
    return found

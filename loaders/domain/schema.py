"""Columns of the observation table, shared by the parsers and the store."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Role:
    """A column the parser looks for: its name and the header words that announce it."""

    name: str
    synonyms: tuple[str, ...]
    excludes: tuple[str, ...] = ()


TOTAL = "ensemble"

# Breakdown dimensions; a row that is not broken down on one of them holds TOTAL there.
DIMENSIONS = ("category", "sex", "age", "seniority", "offer_type", "domain", "sector")

KEY_COLUMNS = ("source", "indicator", "level", "geo_code", "period", "adjustment") + DIMENSIONS



@dataclass(frozen=True)
class ImportKind:
    """A kind of import: its id (kept in the history and the journal), its name in the history's « Type » column,
    the tab of the import page that takes it, and how a sentence names what it writes."""

    id: str
    label: str
    tab: str
    written: str


# The kinds of import: observations, the EFOP referential (a maille), the service catalogue.
DATA, REFERENTIAL, CATALOGUE = "donnees", "referentiel", "catalogue"
IMPORT_KINDS = (ImportKind(DATA, "Données", "Extraits de données", "les données"),
                ImportKind(REFERENTIAL, "Référentiel EFOP", "Référentiel des territoires", "le référentiel"),
                ImportKind(CATALOGUE, "Offre de services", "Offre de services", "le catalogue"))
IMPORT_KIND_BY_ID = {kind.id: kind for kind in IMPORT_KINDS}

OBSERVATION_COLUMNS = {
    "source": "TEXT",
    "indicator": "TEXT",
    "level": "TEXT",
    "geo_code": "TEXT",
    "period": "TEXT",
    "period_type": "TEXT",
    "period_start": "DATE",
    "adjustment": "TEXT",
    **{d: "TEXT" for d in DIMENSIONS},
    "value": "DOUBLE",
    "flag": "TEXT",
    # where the value was read: sheet, Excel row and column (no row: derived by the import, a sum of details)
    "origin_sheet": "TEXT",
    "origin_row": "INTEGER",
    "origin_col": "TEXT",
}
ORIGIN_COLUMNS = ("origin_sheet", "origin_row", "origin_col")

SECRET = "secret"
LOWER_BOUND = "minorant"

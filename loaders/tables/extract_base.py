"""What an extraction yields, and the lookups it is built with."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pyarrow as pa

from loaders.domain.territory import REGION
from loaders.errors import Problem

MAX_LISTED = 20
UNREADABLE = {  # flags of cells that are not a usable count, and what the analyst is told
    "invalide": "« {value} » n'est pas un nombre.",
    "ambigu": "« {value} » : plusieurs points ou virgules, la lecture n'est pas sûre (1.234.567 ? 1,234.5 ?) ; "
              "écrivez le nombre sans séparateur de milliers.",
    "non fini": "« {value} » n'est pas un nombre fini : un effectif ne peut pas valoir l'infini.",
}
# What a file must state itself (or the analyst say), never assumed: the message names what is missing and how to
# say it. A job-seeker file without a category is most often categories A to E together (STMT's default).
STATED = {
    "category": "Catégorie de demandeurs d'emploi non précisée (ni colonne, ni en-tête, ni titre, ni nom de feuille "
                "ou de fichier) : ces valeurs peuvent être la catégorie A, A, B, C ou A à E. Précisez-la : option "
                "--category (par exemple --category ABCDE), ou « Catégorie » sur la page d'import.",
    "indicator": "Le fichier ne dit pas quelles offres il compte (« Offres », « Nombre d'offres » : collectées ou "
                 "diffusées ?) : précisez-le (option --indicator offres_collectees ou --indicator offres_diffusees, "
                 "ou « Offres comptées » sur la page d'import).",
    "adjustment": "Le fichier ne dit pas si ses données sont brutes ou corrigées des variations saisonnières "
                  "(CVS-CJO) : précisez-le (option --adjustment brut ou --adjustment cvs, ou « Type de données » sur "
                  "la page d'import).",
}
SET_ASIDE = {  # rows kept out of the store, counted in the report by reason
    "outside": f"{{count}} ligne(s) d'autres régions ignorées (hors {REGION.name}).",
    "hors": "{count} ligne(s) « communes hors EPCI » mises de côté (elles ne forment pas un territoire).",
    "old": "{count} ligne(s) d'EPCI d'un ancien périmètre mises de côté.",
    "none": "{count} ligne(s) sans territoire (NA) mises de côté.",
    "unallocated": "{count} ligne(s) non ventilée(s) (sans territoire, « 99 », « Non renseigné », « Étranger »…) mises "
                   "de côté, sommées dans aucun territoire",
}


@dataclass
class Extraction:
    """Observations found in one table, and what went wrong."""

    observations: pd.DataFrame
    problems: list[Problem] = field(default_factory=list)
    rows_read: int = 0
    notes: list[str] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)
    outside: int = 0
    set_aside: dict[str, int] = field(default_factory=dict)
    set_aside_totals: dict[str, float] = field(default_factory=dict)  # per indicator, rows not allocated
    old_names: list[str] = field(default_factory=list)


def distinct(values: pd.Series) -> tuple[np.ndarray, list]:
    """Return the code of each row's value and the distinct values (a missing value is one too)."""
    if not isinstance(values.dtype, pd.StringDtype):
        codes, uniques = pd.factorize(values.astype(object), use_na_sentinel=False)
        return codes, list(uniques)
    codes, uniques = pd.factorize(values, use_na_sentinel=False)  # Arrow text: dictionary-encoded as it is
    return codes, [None if pd.isna(u) else u for u in uniques]  # a missing cell, as in a column of objects


TEXT = pa.large_string()  # how pandas keeps text: Arrow text made so becomes a column without a copy


def text_column(values: pa.Array, index: pd.Index) -> pd.Series:
    """Return Arrow text (of type TEXT) as a pandas column of text."""
    return pd.Series(pd.array(values, dtype="str"), index=index)


def constant_text(value: str, index: pd.Index) -> pd.Series:
    """Return a column of text that holds one value in every row."""
    return text_column(pa.repeat(pa.scalar(value, TEXT), len(index)), index)


def expand(resolved: list, codes: np.ndarray, index: pd.Index) -> pd.Series:
    """Return the column whose rows take the resolved value of their code; text (or missing) as Arrow text."""
    if any(isinstance(v, str) for v in resolved) and all(v is None or isinstance(v, str) for v in resolved):
        return text_column(pa.array(resolved, type=TEXT).take(codes), index)
    column = np.empty(len(resolved), dtype=object)
    for i, value in enumerate(resolved):
        column[i] = value
    return pd.Series(column[codes], index=index, dtype=object)


def lookup(values: pd.Series, resolve) -> pd.Series:
    """Apply `resolve` once per distinct value (tables repeat the same few codes thousands of times)."""
    return lookups(values, resolve)[0]


def lookups(values: pd.Series, *resolvers) -> list[pd.Series]:
    """Apply each resolver once per distinct value: one column per resolver, the values coded once."""
    codes, uniques = distinct(values)
    return [expand([resolve(value) for value in uniques], codes, values.index) for resolve in resolvers]


def lookup_fields(values: pd.Series, resolve, fields: dict[str, str]) -> dict[str, pd.Series]:
    """Resolve each distinct value once into an object, and return some of its attributes as columns."""
    codes, uniques = distinct(values)
    objects = [resolve(u) for u in uniques]
    return {name: expand([getattr(o, attribute) if o is not None else None for o in objects], codes, values.index)
            for name, attribute in fields.items()}

"""What an extraction yields, and the lookups it is built with."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from loaders.errors import Problem

MAX_LISTED = 20
UNREADABLE = {  # flags of cells that are not a usable count, and what the analyst is told
    "invalide": "« {value} » n'est pas un nombre.",
    "ambigu": "« {value} » : plusieurs points ou virgules, la lecture n'est pas sûre (1.234.567 ? 1,234.5 ?) ; "
              "écrivez le nombre sans séparateur de milliers.",
    "non fini": "« {value} » n'est pas un nombre fini : un effectif ne peut pas valoir l'infini.",
}
SET_ASIDE = {  # rows kept out of the store, counted in the report by reason
    "outside": "{count} ligne(s) d'autres régions ignorées (hors Pays de la Loire).",
    "hors": "{count} ligne(s) « communes hors EPCI » mises de côté (elles ne forment pas un territoire).",
    "old": "{count} ligne(s) d'EPCI d'un ancien périmètre mises de côté.",
    "none": "{count} ligne(s) sans territoire (NA) mises de côté.",
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
    old_names: list[str] = field(default_factory=list)


def lookup(values: pd.Series, resolve) -> pd.Series:
    """Apply `resolve` once per distinct value (tables repeat the same few codes thousands of times)."""
    codes, uniques = pd.factorize(values.astype(object), use_na_sentinel=False)
    resolved = np.empty(len(uniques), dtype=object)
    for i, value in enumerate(uniques):
        resolved[i] = resolve(value)
    return pd.Series(resolved[codes], index=values.index, dtype=object)


def lookup_fields(values: pd.Series, resolve, fields: dict[str, str]) -> dict[str, pd.Series]:
    """Resolve each distinct value once into an object, and return some of its attributes as columns."""
    codes, uniques = pd.factorize(values.astype(object), use_na_sentinel=False)
    objects = [resolve(u) for u in uniques]
    result = {}
    for name, attribute in fields.items():
        column = np.empty(len(objects), dtype=object)
        for i, obj in enumerate(objects):
            column[i] = getattr(obj, attribute) if obj is not None else None
        result[name] = pd.Series(column[codes], index=values.index, dtype=object)
    return result

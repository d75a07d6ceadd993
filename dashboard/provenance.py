"""Where a number comes from, in one French sentence: import, file, sheet and Excel cells."""

from __future__ import annotations

import pandas as pd


def origin_text(row: dict, files: dict[int, str]) -> str:
    """Return « Import n° 12 (defm.xlsx), feuille « par catégorie », cellule B28 », or the sum it is."""
    ids = [int(i) for i in str(row.get("imports") or "").split(",") if i.strip().isdigit()]
    if not ids:
        return ""
    where = ", ".join(f"n° {i} ({files[i]})" if i in files else f"n° {i}" for i in sorted(ids))
    imports = ("Import " if len(ids) == 1 else "Imports ") + where
    cells, read = int(row.get("cells") or 0), int(row.get("read_cells") or 0)
    if read == 0:
        return f"{imports} : calculé à l'import (somme des détails du fichier)"
    sheets = int(row.get("sheets") or 0)
    sheet = f"feuille « {row['origin_sheet']} »" if sheets == 1 else f"{sheets} feuilles"
    if cells == 1:
        return f"{imports}, {sheet}, cellule {row['origin_col']}{int(row['first_row'])}"
    first, last = int(row["first_row"]), int(row["last_row"])
    lines = f"ligne {first}" if first == last else f"lignes {first} à {last}"
    return f"{imports}, somme de {cells} valeurs, {sheet}, {lines}"


def origins(values: pd.DataFrame, files: dict[int, str]) -> pd.DataFrame:
    """Return period and origin sentence of a territory's values (columns of SeriesQueries.territory_values)."""
    if values.empty or "imports" not in values:
        return pd.DataFrame(columns=["period", "origin"])
    return pd.DataFrame({"period": values["period"].to_numpy(),
                         "origin": [origin_text(r, files) for r in values.to_dict("records")]})


def import_files(imports: pd.DataFrame) -> dict[int, str]:
    """Return import id → file name, from the import history."""
    if imports.empty:
        return {}
    return dict(zip(imports["id"].astype(int), imports["filename"]))

"""Pure builders of the tables shown to users (French column names), of where each of their numbers comes from,
and of their downloads (.xlsx and .csv, with text that cannot run as a formula)."""

from __future__ import annotations

import io

import pandas as pd

from dashboard.build.fmt import number, percent
from loaders.values import geography
from loaders.values.textnorm import name_key, spreadsheet_safe

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def build_composition_table(members: pd.DataFrame, territories: pd.DataFrame, territory: str | None) -> pd.DataFrame:
    """Return the communes of one territory (or of all) with their territory and population."""
    communes = geography.communes()[["code_commune", "nom_commune", "code_departement", "population"]]
    frame = members.merge(communes, on="code_commune").merge(
        territories.rename(columns={"code": "territory", "name": "territory_name"}), on="territory")
    if territory is not None:
        frame = frame[frame["territory"] == territory]
    frame = frame.sort_values(["territory_name", "nom_commune"], key=lambda col: col.map(name_key))
    return frame.rename(columns={"territory_name": "Territoire", "code_commune": "Code commune",
                                 "nom_commune": "Commune", "code_departement": "Département",
                                 "population": "Population"})[
        ["Territoire", "Code commune", "Commune", "Département", "Population"]]


def build_grid_table(grid: pd.DataFrame) -> pd.DataFrame:
    """Return one row per territory: code, name, communes, population, whether it is a regional part only."""
    return pd.DataFrame({"Code": grid["code"], "Territoire": grid["name"], "Communes": grid["communes"],
                         "Population": grid["population"],
                         "Partie régionale": grid["regional_part"].map({True: "oui", False: ""})})


def total_population(frame: pd.DataFrame) -> str:
    """Return the summed population of a composition table, formatted in French."""
    return number(int(frame["Population"].sum()))


def french(frame: pd.DataFrame, decimals: dict[str, int] | None = None):
    """Return a table styled to show its numbers the French way, whatever the browser's language.

    Columns named with « % » are percentages (signed when they are changes); other numeric columns show no
    decimals when every value is whole, one otherwise, unless `decimals` says. Sorting keeps the numbers.
    """
    formats = {}
    for column in frame.columns:
        if not pd.api.types.is_numeric_dtype(frame[column]) or pd.api.types.is_bool_dtype(frame[column]):
            continue
        name = str(column)
        if "%" in name:
            formats[column] = _percent_format("évolution" in name.lower())
        else:
            values = frame[column].dropna()
            digits = (decimals or {}).get(name, 0 if (values == values.round()).all() else 1)
            formats[column] = _number_format(digits)
    return frame.style.format(formats, na_rep="n.d.")


def _percent_format(signed: bool):
    return lambda value: percent(value, signed=signed)


def _number_format(digits: int):
    return lambda value: number(value, digits)


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


def neutralise(frame: pd.DataFrame) -> pd.DataFrame:
    """Prefix with an apostrophe every text cell that a spreadsheet would take for a formula."""
    safe = frame.copy()
    safe.columns = [spreadsheet_safe(c) for c in safe.columns]  # headers can be territory names from a referential
    for column in safe.columns:
        if safe[column].dtype == object or pd.api.types.is_string_dtype(safe[column]):
            safe[column] = safe[column].map(spreadsheet_safe)
    return safe


def to_xlsx(frame: pd.DataFrame, sheet: str = "Données") -> bytes:
    """Return the table as an .xlsx file (texts never become formulas)."""
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="xlsxwriter",
                        engine_kwargs={"options": {"strings_to_formulas": False, "strings_to_urls": False}}) as xl:
        neutralise(frame).to_excel(xl, sheet_name=sheet[:31], index=False)
    return buffer.getvalue()


def to_csv(frame: pd.DataFrame) -> bytes:
    """Return the table as a semicolon CSV in UTF-8 with BOM, decimal comma, as French spreadsheets expect."""
    return neutralise(frame).to_csv(index=False, sep=";", decimal=",").encode("utf-8-sig")

"""Pure builders of tables shown to users, with French column names."""

from __future__ import annotations

import pandas as pd

from dashboard.fmt import number, percent
from loaders.values import geography
from loaders.values.textnorm import name_key


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

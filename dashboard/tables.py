"""Pure builders of tables shown to users, with French column names."""

from __future__ import annotations

import pandas as pd

from dashboard.fmt import number
from loaders import geography
from loaders.textnorm import name_key


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


def total_population(frame: pd.DataFrame) -> str:
    """Return the summed population of a composition table, formatted in French."""
    return number(int(frame["Population"].sum()))

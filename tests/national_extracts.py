"""National files as producers publish them, generated with fixed seeds: a DARES quarterly regional series
(transposed: periods in rows, régions in columns) and a ministry partial-activity annex by département."""

from __future__ import annotations

import random
from dataclasses import dataclass

import openpyxl
import pandas as pd

from loaders.samples.workbooks import workbook_bytes
from loaders.settings import REFERENCE_DIR


@dataclass(frozen=True)
class National:
    """A generated national file and what a correct import keeps of it."""

    content: bytes
    region: dict[str, float]  # indicator → sum over the region's rows kept
    france: dict[str, float]
    periods: list[str]
    outside_rows: int  # rows (columns in a transposed table) of other régions


def region_names() -> list[str]:
    frame = pd.read_csv(REFERENCE_DIR / "regions_france.csv", dtype=str, keep_default_na=False)
    regions = frame[(frame["millesime"] == "2016") & (frame["code_region"].str.len() == 2)]  # the 18 régions
    return list(regions["nom_region"])


def dares_regional_quarters(seed: int = 11) -> National:
    """« DEFM A » line above one column per région, « 1996T1 » … in the first column, France at the end."""
    rng = random.Random(seed)
    regions = region_names()
    quarters = [f"{y}T{q}" for y in range(1996, 2021) for q in range(1, 5)]
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "DEFM A régions"
    sheet.append(["Demandeurs d'emploi inscrits à Pôle emploi en fin de trimestre, par région (données CVS-CJO)"])
    sheet.append([])
    sheet.append(["", "DEFM A"])
    sheet.merge_cells(start_row=3, start_column=2, end_row=3, end_column=len(regions) + 3)
    sheet.append(["", *regions, "France métropolitaine", "France"])
    region_sum, france_sum = 0.0, 0.0
    for quarter in quarters:
        values = [rng.randrange(20_000, 400_000, 10) for _ in regions]
        metro = sum(v for name, v in zip(regions, values) if name not in OVERSEAS)
        sheet.append([quarter, *values, metro, sum(values)])
        region_sum += values[regions.index("Pays de la Loire")]
        france_sum += sum(values)
    sheet.append([])
    sheet.append(["Source : Pôle emploi-Dares, STMT ; données CVS-CJO."])
    sheet.append(["Champ : France (hors Mayotte) ; demandeurs d'emploi tenus de rechercher un emploi, sans emploi."])
    periods = [f"{q[:4]}-T{q[-1]}" for q in quarters]
    return National(workbook_bytes(book), {"A": region_sum}, {"A": france_sum}, periods, len(regions) - 1)


OVERSEAS = {"Guadeloupe", "Martinique", "Guyane", "La Réunion", "Mayotte"}


def partial_activity_annex(seed: int = 5) -> National:
    """Ministry annex: every département, code and name, three indicators, secret cells, notes below."""
    rng = random.Random(seed)
    departements = pd.read_csv(REFERENCE_DIR / "departements_france.csv", dtype=str, keep_default_na=False)
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Annexe 2"
    sheet.append(["Activité partielle : demandes d'autorisation préalable déposées du 1er mars au 21 juillet 2020, "
                  "par département"])
    sheet.append(["Données provisoires"])
    sheet.append(["Code département", "Département", "Nombre de demandes déposées", "Nombre de salariés concernés",
                  "Nombre d'heures demandées"])
    region = {"dap_demandes": 0, "dap_salaries": 0, "dap_heures": 0}
    france = dict.fromkeys(region, 0)
    for code, name, reg in departements[["code_departement", "nom_departement", "code_region"]].itertuples(
            index=False):
        values = [rng.randrange(300, 30_000), rng.randrange(2_000, 200_000), rng.randrange(100_000, 9_000_000)]
        cells = list(values)
        if code in ("976", "975"):
            cells = ["s", "s", "s"]  # secret: a flag, never 0
        sheet.append([code, name, *cells])
        for key, value, cell in zip(region, values, cells):
            if cell == "s":
                continue
            france[key] += value
            if reg == "52":
                region[key] += value
    sheet.append(["", "Total France", *france.values()])
    sheet.append(["Source : ASP-DGEFP-Dares, SI APART, extraction du 22 juillet 2020."])
    sheet.append(["Note : une demande peut couvrir plusieurs mois ; s : secret statistique."])
    outside = int((departements["code_region"] != "52").sum())
    return National(workbook_bytes(book), region, france, ["cumul-2020-07-21"], outside)

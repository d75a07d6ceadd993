"""Deterministic generators of realistic input files for the tests (no hand-made binaries)."""

from __future__ import annotations

import random

import openpyxl
import pandas as pd

from loaders.samples.workbooks import workbook_bytes
from loaders.values import geography

# 23 zones d'emploi grouped into 18 plausible territories (an illustration, not the official grid).
EFOP_GROUPS = {
    "5201": "Ancenis", "5202": "Angers", "5203": "Challans", "5204": "Château-Gontier - Sud Mayenne",
    "5205": "Châteaubriant", "5206": "Cholet", "5207": "Fontenay-le-Comte", "5208": "Nord Sarthe",
    "5209": "Vallée du Loir - Sud Sarthe", "5210": "La Roche-sur-Yon", "5211": "Laval", "5212": "Le Mans",
    "5213": "Les Herbiers - Montaigu", "5214": "Les Sables-d'Olonne", "5215": "Mayenne", "5216": "Nantes",
    "5217": "Nantes", "5218": "Vallée du Loir - Sud Sarthe", "5219": "Saint-Nazaire", "5220": "Saumur",
    "5221": "Angers", "0051": "Nord Sarthe", "0062": "Châteaubriant",
}


def efop_assignment() -> pd.DataFrame:
    """Return code_commune, territory name and territory code for the illustrative EFOP grid."""
    com = geography.communes()[["code_commune", "nom_commune", "code_ze2020", "code_epci"]].copy()
    com["territoire"] = com["code_ze2020"].map(EFOP_GROUPS)
    names = sorted(com["territoire"].unique())
    com["code_territoire"] = com["territoire"].map({n: f"EFOP{i + 1:02d}" for i, n in enumerate(names)})
    return com


def one_territory_per_commune_csv() -> bytes:
    """Return a referential of 1 228 territories, one per commune, named « Commune (code) » (names are unique)."""
    com = geography.communes()
    rows = ["Code commune;Code territoire;Territoire",
            *[f"{c.code_commune};T{c.code_commune};{c.nom_commune} ({c.code_commune})" for c in com.itertuples()]]
    return ("\n".join(rows) + "\n").encode("utf-8")


def odd_headers_workbook(seed: int = 7) -> bytes:
    """Return an xlsx referential by commune as a publisher would shape it: titles, odd headers, notes."""
    rng = random.Random(seed)
    com = efop_assignment()
    passage = {new: old for old, new in geography.passage().items()}
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Territoires EFOP "
    ws.append(["Territoires EFOP par communes en Pays de la Loire"])
    ws.append(["Mise à jour : janvier 2026"])
    ws.append([])
    ws.append(["N° du\nterritoire", "Territoire  EFOP (libellé)", "Code INSEE de la commune", "Nom de la Commune"])
    for row in com.itertuples(index=False):
        code = row.code_commune
        if code in passage and rng.random() < 0.3:
            code = passage[code]  # an older (delegated) code for the same commune
        value = int(code) if code.isdigit() and rng.random() < 0.5 else code
        ws.append([row.code_territoire, row.territoire, value, row.nom_commune])
    ws.append([])
    ws.append(["Source : Région des Pays de la Loire"])
    ws.append(["* Communes au 1er janvier 2026"])
    return workbook_bytes(wb)


def epci_csv() -> bytes:
    """Return a cp1252 semicolon CSV referential by EPCI (L'Île-d'Yeu given by its commune code)."""
    com = efop_assignment()
    epci = com.groupby("code_epci").agg(territoire=("territoire", "first"), code=("code_territoire", "first"))
    lines = ["Siren EPCI;Territoire EFOP"]
    lines += [f"{siren};{row.territoire}" for siren, row in epci.iterrows()]
    return ("\r\n".join(lines) + "\r\n").encode("cp1252")


def efop_csv_with_name(odd_name: str) -> bytes:
    """Return a CSV referential by commune in which the Cholet territory carries an odd (hostile) name."""
    com = efop_assignment()
    com["territoire"] = com["territoire"].replace({"Cholet": odd_name})
    rows = ["code_commune;territoire", *[f"{r.code_commune};{r.territoire}" for r in com.itertuples()]]
    return ("\n".join(rows) + "\n").encode("utf-8")


def broken_referential() -> bytes:
    """Return a CSV referential with an unknown code, a commune twice and communes left out."""
    com = efop_assignment()
    rows = ["code_commune,territoire"]
    rows += [f"{r.code_commune},{r.territoire}" for r in com.iloc[:1200].itertuples()]
    rows.append("44999,Nantes")
    rows.append(f"{com.iloc[0].code_commune},Cholet")
    return ("\n".join(rows) + "\n").encode("utf-8")




def observations(values: dict[tuple[str, str], float], source: str = "demandeurs_emploi",
                 indicator: str = "demandeurs") -> pd.DataFrame:
    """Return observation rows for (zone d'emploi code, month) → value, other columns at their totals."""
    from loaders.domain.schema import DIMENSIONS, TOTAL
    rows = []
    for (code, month), value in values.items():
        row = {"source": source, "indicator": indicator, "level": "zone_emploi", "geo_code": code,
               "period": month, "period_type": "month", "period_start": pd.Timestamp(month + "-01").date(),
               "adjustment": "brut", "value": value, "flag": None, "origin_sheet": "Feuil1",
               "origin_row": len(rows) + 2, "origin_col": "E"}
        row.update({d: TOTAL for d in DIMENSIONS})
        row["category"] = "A"
        rows.append(row)
    return pd.DataFrame(rows)

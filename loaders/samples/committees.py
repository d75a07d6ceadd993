"""Demo extracts at the level of the comités locaux pour l'emploi (CLE), as France Travail publishes them by CLPE
code. Each committee is the sum of its communes, each commune following its zone d'emploi's own crisis (see
loaders.samples.series), so that committees differ as real territories do and add up to the zones' region."""

from __future__ import annotations

import random
from datetime import date

import pandas as pd

from loaders.domain.territory import CLE, PARTIAL_SUFFIX, REGION
from loaders.samples.series import (
    SEED,
    SHORT_MONTHS,
    job_seekers_a,
    latest_full_quarter,
    local,
    months_until,
    offers_regional,
    round_to,
    shares,
)
from loaders.samples.workbooks import titled_sheet, workbook_bytes
from loaders.values import geography

CATEGORIES = (("A", 1.0), ("B", 0.19), ("C", 0.98), ("ABC", 1 / 0.46))


def pieces(zones: pd.DataFrame) -> pd.DataFrame:
    """Return each (committee, zone d'emploi) pair with its share of the region's population and the zone's path."""
    communes = geography.communes()
    pop = communes.groupby([CLE.column, "code_ze2020"], as_index=False)["population"].sum()
    pop["weight"] = pop["population"] / communes["population"].sum()
    return pop.merge(zones.drop(columns=["share", "name"]), left_on="code_ze2020", right_on="code")


def committees() -> pd.DataFrame:
    """Return code and name of each committee, as France Travail writes them (the regional parts too)."""
    names = geography.builtin_territories().query(f"maille == '{CLE.id}'")
    return pd.DataFrame({"code": names["code"], "name": names["nom"].str.removesuffix(PARTIAL_SUFFIX)})


def committee_levels(parts: pd.DataFrame, regional, calm, month: date) -> pd.Series:
    """Return each committee's level in a month (before its own noise): the sum of its zone pieces."""
    values = [local(regional, calm, z, month) * z.weight for z in parts.itertuples()]
    return pd.Series(values, index=parts[CLE.column]).groupby(level=0).sum()


def job_seekers_csv(today: date) -> bytes:
    """France Travail's monthly extract by CLE: CLPE code, label, month, category, raw data."""
    rng = random.Random(SEED + 6)
    parts = pieces(shares(random.Random(SEED)))
    names = committees().set_index("code")["name"]
    lines = ["C_TERRITOIRE_ID;C_LBLTERRITOIRE;Mois;Type de données;Catégorie;Nombre de demandeurs d'emploi"]
    for month in months_until(latest_full_quarter(today)):
        levels = committee_levels(parts, job_seekers_a(month), job_seekers_a(date(2019, month.month, 1)), month)
        for code, level in levels.items():
            for category, weight in CATEGORIES:
                value = round_to(level * weight * rng.uniform(0.99, 1.01), 10)
                lines.append(f"{code};{names[code].upper()};{month:%Y-%m};Brutes;{category};{value}")
    return ("\n".join(lines) + "\n").encode("utf-8")


def offers_xlsx(today: date) -> bytes:
    """Wide workbook: offers collected by committee (rows) and month (columns), raw data said in the title."""
    rng = random.Random(SEED + 7)
    parts = pieces(shares(random.Random(SEED + 20)))
    months = months_until(latest_full_quarter(today))
    wb, ws = titled_sheet("Offres par CLE", [
        "Offres d'emploi collectées par France Travail, par comité local pour l'emploi",
        f"Données brutes, {REGION.name}"])
    ws.append(["Code CLPE", "Comité local pour l'emploi",
               *[f"{SHORT_MONTHS[m.month - 1]}-{m.year % 100:02d}" for m in months]])
    columns = []
    for month in months:
        calm = offers_regional(date(2019, month.month, 1)) * (1 + 0.04 * max(0, month.year - 2020))
        columns.append(committee_levels(parts, offers_regional(month), calm, month))
    table = pd.concat(columns, axis=1)
    names = committees().set_index("code")["name"]
    for code, row in table.iterrows():
        ws.append([code, names[code], *[round_to(v * rng.uniform(0.95, 1.05), 1) for v in row]])
    ws.append([])
    ws.append(["Source : France Travail (données fictives de démonstration)."])
    return workbook_bytes(wb)

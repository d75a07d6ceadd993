"""Deterministic demo extracts for the three sources, in the layouts analysts really receive.

Magnitudes follow published Pays de la Loire figures: job seekers cat. A ≈ 165 000 in T3 2019, 234 410 in
April 2020, 177 520 in T4 2020 (cat. A ≈ 46 % of ABC); job offers −60 % year on year in April 2020;
partial activity authorisations cumulated from 1 March to 21 July 2020: 881 895 employees, 406.5 M hours,
69 850 establishments; indemnisation April 2020: 504 200 employees, 45.2 M hours. Territory shares follow
commune populations; each zone has its own seeded depth of the 2020 shock and its own path after it, per
family (the region keeps its curve). The numbers are illustrative, not real statistics.
"""

from __future__ import annotations

import math
import random
from datetime import date

import numpy as np
import pandas as pd
from openpyxl.styles import Alignment, Font

from loaders.domain.territory import REGION
from loaders.samples.workbooks import titled_sheet, workbook_bytes
from loaders.values import geography

SEED = 2020
SHORT_MONTHS = ("janv", "févr", "mars", "avr", "mai", "juin", "juil", "août", "sept", "oct", "nov", "déc")
START = date(2019, 1, 1)
A17_WEIGHTS = {"AZ": 1, "DE": 2, "C1": 6, "C2": 1, "C3": 4, "C4": 4, "C5": 9, "FZ": 10, "GZ": 16, "HZ": 7,
               "IZ": 10, "JZ": 3, "KZ": 2, "LZ": 2, "MN": 14, "OQ": 6, "RU": 3}


def latest_full_quarter(today: date) -> date:
    """Return the first month of the last quarter that has fully elapsed."""
    quarter_start = date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    month = quarter_start.month - 3
    return date(quarter_start.year - (month < 1), month + 12 * (month < 1), 1)


def months_until(last_quarter: date) -> list[date]:
    """Return every month from January 2019 to the end of the given quarter."""
    end = date(last_quarter.year, last_quarter.month + 2, 1)
    months, current = [], START
    while current <= end:
        months.append(current)
        current = date(current.year + current.month // 12, current.month % 12 + 1, 1)
    return months


def job_seekers_a(month: date) -> float:
    """Return the regional cat. A stock at the end of a month (raw)."""
    t = (month.year - 2019) * 12 + month.month - 1
    base = 166_000 - 60 * t
    shape = {(2020, 3): 1.057, (2020, 4): 1.406, (2020, 5): 1.36, (2020, 6): 1.22, (2020, 7): 1.15,
             (2020, 8): 1.13, (2020, 9): 1.10, (2020, 10): 1.09, (2020, 11): 1.12, (2020, 12): 1.08}
    factor = shape.get((month.year, month.month), 1.0)
    if month.year == 2021:
        factor = 1.07 - 0.012 * month.month
    if month.year >= 2022:
        factor = 0.93 - 0.004 * min(t - 36, 24)
    if month >= date(2025, 1, 1):
        factor *= 1.07  # automatic registration under the loi plein emploi
    season = 1 + 0.02 * math.cos((month.month - 2) / 12 * 2 * math.pi)
    return base * factor * season


def shares(rng: random.Random) -> pd.DataFrame:
    """Return each zone d'emploi's population share and its own crisis, drawn per family by the caller's seed.

    `depth` scales the 2020 shock, `drift` is where the zone stands after the crisis against the region
    (± 12 %), reached at a pace set by `pace` (months). Both are weighted so that the region keeps its curve.
    """
    com = geography.communes()
    pop = com.groupby("code_ze2020")["population"].sum()
    names = geography.builtin_territories().query("maille == 'ze2020'").set_index("code")["nom"]
    frame = pd.DataFrame({"code": pop.index, "share": (pop / pop.sum()).values})
    frame["name"] = frame["code"].map(names).str.replace(" (partie régionale)", "", regex=False)
    depth = pd.Series([rng.uniform(0.55, 1.6) for _ in range(len(frame))])
    frame["amplitude"] = depth / (depth * frame["share"]).sum()
    drift = pd.Series([rng.uniform(-0.12, 0.12) for _ in range(len(frame))])
    frame["drift"] = drift - (drift * frame["share"]).sum()
    frame["pace"] = [rng.uniform(6, 36) for _ in range(len(frame))]
    frame["main_departement"] = frame["code"].map(com.groupby("code_ze2020")["code_departement"].agg(
        lambda s: s.value_counts().index[0]))
    return frame


def local(regional: float, calm: float, zone, month: date) -> float:
    """Return a zone's level (before its population share): the region's shock scaled by the zone's depth,
    then its own post-crisis drift, reached at its own pace (fictitious but plausible divergence)."""
    level = calm * (1 + (regional / calm - 1) * zone.amplitude) if calm else regional
    after = (month.year - 2020) * 12 + month.month - 6  # months since June 2020
    return level * (1 + zone.drift * min(1.0, max(0, after) / zone.pace))


def round_to(value: float, step: int) -> int:
    """Round to a multiple of `step` (ministry files are rounded to 5)."""
    return int(step * round(value / step))


def quarterly_job_seekers_csv(today: date) -> bytes:
    """Long DARES-style CSV by zone d'emploi, quarterly averages, raw and CVS-CJO, with breakdowns."""
    rng = random.Random(SEED)
    zones = shares(rng)
    months = months_until(latest_full_quarter(today))
    quarters = sorted({(m.year, (m.month - 1) // 3 + 1) for m in months})
    breakdowns = ([("Ensemble", "Ensemble", "Ensemble", 1.0)]
                  + [(s, "Ensemble", "Ensemble", w) for s, w in (("Femmes", 0.52), ("Hommes", 0.48))]
                  + [("Ensemble", a, "Ensemble", w) for a, w in (("Moins de 25 ans", 0.15),
                                                               ("25 à 49 ans", 0.58), ("50 ans ou plus", 0.27))]
                  + [("Ensemble", "Ensemble", s, w) for s, w in (("Moins d'un an", 0.55), ("Un an ou plus", 0.45))])
    categories = (("A", 1.0), ("B", 0.19), ("C", 0.98), ("ABC", 1 / 0.46))
    lines = ["Date;Code région;Région;Code zone d'emploi;Zone d'emploi;Type de données;Catégorie;Sexe;"
             "Tranche d'âge;Ancienneté;Nombre de demandeurs d'emploi"]
    for year, q in quarters:
        qmonths = [date(year, 3 * q - 2 + k, 1) for k in range(3)]
        regional = sum(job_seekers_a(m) for m in qmonths) / 3
        calm = sum(job_seekers_a(date(2019, m.month, 1)) for m in qmonths) / 3
        for zone in zones.itertuples():
            base = local(regional, calm, zone, qmonths[1]) * zone.share
            for data_type, adjust in (("Brutes", 1.0), ("CVS-CJO", 1.0 + 0.01 * math.sin(q))):
                for category, weight in categories:
                    for sex, age, seniority, part in breakdowns:
                        value = round_to(base * weight * part * adjust * rng.uniform(0.985, 1.015), 10)
                        lines.append(f"{year}-T{q};{REGION.code};{REGION.name};{zone.code};{zone.name};{data_type};"
                                     f"{category};{sex};{age};{seniority};{value}")
    return ("\n".join(lines) + "\n").encode("utf-8-sig")


def monthly_job_seekers_xlsx(today: date) -> bytes:
    """Wide workbook: titles, zones in rows, months in columns, regional total, notes."""
    rng = random.Random(SEED + 1)
    zones = shares(random.Random(SEED))
    months = months_until(latest_full_quarter(today))
    wb, ws = titled_sheet("DEFM cat A ", ["Demandeurs d'emploi en fin de mois inscrits en catégorie A, par zone "
                                          "d'emploi", f"Données brutes, {REGION.name}"])
    ws.append(["Code", "Zone d'emploi", *[f"{SHORT_MONTHS[m.month - 1]}-{m.year % 100:02d}" for m in months]])
    total = np.zeros(len(months))
    for zone in zones.itertuples():
        row = []
        for i, m in enumerate(months):
            regional = job_seekers_a(m)
            calm = job_seekers_a(date(2019, m.month, 1))
            value = round_to(local(regional, calm, zone, m) * zone.share * rng.uniform(0.99, 1.01), 10)
            row.append(value)
            total[i] += value
        ws.append([zone.code, zone.name, *row])
    ws.append([REGION.code, REGION.name, *[int(v) for v in total]])
    ws.append([])
    ws.append(["Source : France Travail, DARES, STMT (données fictives de démonstration)."])
    ws.append(["Champ : demandeurs d'emploi tenus de rechercher un emploi, sans emploi (catégorie A)."])
    ws["A1"].font = Font(bold=True, size=13)
    return workbook_bytes(wb)


def offers_xlsx(today: date) -> bytes:
    """Wide workbook with a two-row header: offer type merged over the months, zones in rows."""
    rng = random.Random(SEED + 2)
    zones = shares(random.Random(SEED + 20))  # offers have their own crisis per zone
    months = months_until(latest_full_quarter(today))
    types = (("Offres durables (plus de 6 mois)", 0.45), ("Offres temporaires (1 à 6 mois)", 0.35),
             ("Offres occasionnelles (moins d'un mois)", 0.20))
    wb, ws = titled_sheet("Offres collectées", ["Offres d'emploi collectées par France Travail, par zone "
                                                "d'emploi et type d'offre", f"Données brutes, {REGION.name}"])
    top, second = ["", ""], ["Code zone d'emploi", "Zone d'emploi"]
    for label, _ in types:
        start = len(top) + 1
        top += [label] + [""] * (len(months) - 1)
        second += [m for m in months]
        ws.merge_cells(start_row=4, start_column=start, end_row=4, end_column=start + len(months) - 1)
    for col, value in enumerate(top, start=1):
        ws.cell(row=4, column=col, value=value or None)
    for col, value in enumerate(second, start=1):
        cell = ws.cell(row=5, column=col, value=value)
        if isinstance(value, date):
            cell.number_format = "mmm-yy"
    for zone in zones.itertuples():
        row = [zone.code, zone.name]
        for _, weight in types:
            for m in months:
                calm = offers_regional(date(2019, m.month, 1)) * (1 + 0.04 * max(0, m.year - 2020))
                row.append(round_to(local(offers_regional(m), calm, zone, m) * weight * zone.share
                                    * rng.uniform(0.9, 1.1), 1))
        ws.append(row)
    ws.append([])
    ws.append(["Source : France Travail (données fictives de démonstration)."])
    ws["A1"].alignment = Alignment(wrap_text=False)
    return workbook_bytes(wb)


def offers_regional(month: date) -> float:
    """Return the regional number of offers collected in a month."""
    base = 31_000 * (1 + 0.08 * math.sin((month.month - 3) / 12 * 2 * math.pi))
    crisis = {(2020, 3): 0.72, (2020, 4): 0.40, (2020, 5): 0.62, (2020, 6): 0.85, (2020, 11): 0.85}
    growth = 1 + 0.04 * max(0, month.year - 2020)
    return base * crisis.get((month.year, month.month), 1.0) * growth


def partial_activity_annex_xlsx() -> bytes:
    """The ministry's cumulative authorisation annex: titles, A17 × département, rounded to 5, gaps."""
    rng = random.Random(SEED + 3)
    deps = geography.communes().groupby("code_departement")["population"].sum()
    weights = {d: p / deps.sum() for d, p in deps.items()}
    total_w = sum(A17_WEIGHTS.values())
    wb, ws = titled_sheet("DAP cumul ", ["Activité partielle : demandes d'autorisation préalable déposées du "
                                         "1er mars au 21 juillet 2020",
                                         f"{REGION.name}, par secteur (A17) et département"])
    ws.append(["A17", "Code du département", "Nombre de demandes déposées", "Nombre d'établissements concernés",
               "Nombre de salariés concernés", "Nombre d'heures demandées"])
    raw = {(code, dep): weight / total_w * dep_w * rng.uniform(0.85, 1.15)
           for code, weight in A17_WEIGHTS.items() for dep, dep_w in weights.items()}
    norm = sum(raw.values())
    for (code, dep), share in raw.items():
        values = [v * share / norm for v in (75_400, 69_850, 881_895, 406_500_000)]
        ws.append([code, dep, *[round_to(v, 5) if v >= 10 else None for v in values]])
    ws.append([])
    ws.append(["Source : DARES, DGEFP, SI activité partielle (données fictives de démonstration)."])
    ws.append(["Les effectifs sont arrondis à 5 ; les cellules de moins de 10 ne sont pas diffusées."])
    return workbook_bytes(wb)


def partial_activity_monthly_rows(today: date) -> pd.DataFrame:
    """Monthly indemnisation by département and A17 (month, dep, a17, requests, employees, hours), unrounded."""
    rng = random.Random(SEED + 4)
    deps = geography.communes().groupby("code_departement")["population"].sum()
    total_w = sum(A17_WEIGHTS.values())
    profile = {(2020, 3): 0.55, (2020, 4): 1.0, (2020, 5): 0.72, (2020, 6): 0.35, (2020, 7): 0.18,
               (2020, 8): 0.12, (2020, 9): 0.13, (2020, 10): 0.15, (2020, 11): 0.38, (2020, 12): 0.30,
               (2021, 1): 0.27, (2021, 2): 0.25, (2021, 3): 0.24, (2021, 4): 0.31, (2021, 5): 0.22}
    rows = []
    for month in months_until(latest_full_quarter(today)):
        level = profile.get((month.year, month.month), 0.0 if month < date(2020, 3, 1) else 0.02)
        if level == 0:
            continue
        for code, weight in A17_WEIGHTS.items():
            for dep, pop in deps.items():
                share = weight / total_w * pop / deps.sum() * rng.uniform(0.9, 1.1) * level
                if 504_200 * share >= 5:
                    rows.append((month, dep, code, 52_000 * share, 504_200 * share, 45_200_000 * share))
    return pd.DataFrame(rows, columns=["month", "dep", "a17", "requests", "employees", "hours"])


def partial_activity_monthly_csv(today: date) -> bytes:
    """Monthly indemnisation extract by département and A17, in the DARES column names."""
    lines = ["reg;dep;DI_MOIS_ANNEE;a17;Nombre de DI;Effectif en DI;Heures en DI"]
    for row in partial_activity_monthly_rows(today).itertuples():
        lines.append(f"52;{row.dep};{row.month.month:02d}{row.month.year};{row.a17};{round_to(row.requests, 5)};"
                     f"{round_to(row.employees, 5)};{round_to(row.hours, 5)}")
    return ("\n".join(lines) + "\n").encode("utf-8")


def partial_activity_communes_csv(today: date) -> bytes:
    """A State services' extract of the SI activité partielle by establishment commune and A17, monthly:
    employees in indemnisation (DI) and covered by authorisations (DAP, about 1,6 times as many).

    The département × sector figures of the national series are shared between the département's communes by
    population and by the zone d'emploi's own depth of the crisis (so that territories differ while the
    départements add up). A cell of fewer than 3 establishments (about 40 employees) is secret (« s »); there is
    no row where the commune would have hardly any establishment of the sector (under 25 employees).
    """
    rng = np.random.default_rng(SEED + 5)
    depth = shares(random.Random(SEED + 50)).set_index("code")["amplitude"]
    com = geography.communes()
    com = com.assign(weight=com["population"] * com["code_ze2020"].map(depth))
    com["weight"] = com["weight"] / com.groupby("code_departement")["weight"].transform("sum")
    rows = partial_activity_monthly_rows(today).merge(
        com[["code_commune", "nom_commune", "code_departement", "weight"]], left_on="dep",
        right_on="code_departement")
    employees = (rows["employees"] * rows["weight"] * rng.uniform(0.85, 1.15, len(rows))).to_numpy()
    kept = employees >= 25
    table = rows.loc[kept, ["code_commune", "nom_commune", "a17"]].copy()
    table["month"] = rows.loc[kept, "month"].map(lambda m: f"{m.year}-{m.month:02d}")
    for column, factor in (("effectif", 1), ("dap", 1.6)):
        values = employees[kept] * factor
        table[column] = np.where(employees[kept] < 40, "s", (5 * np.round(values / 5)).astype(int).astype(str))
    table = table.sort_values(["month", "code_commune", "a17"])
    table.columns = ["Code commune de l'établissement", "Commune", "A17", "Mois", "Effectif en DI",
                     "Salariés concernés (DAP)"]
    return table.to_csv(sep=";", index=False).encode("utf-8")

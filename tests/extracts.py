"""Generators of extracts as analysts receive them, each with the figures the loaders must find.

Every generator is deterministic (fixed seed) and computes its expectations from the values it writes,
independently of the loaders.
"""

from __future__ import annotations

import io
import random
import zipfile
from dataclasses import dataclass, field
from datetime import datetime

import openpyxl
import pandas as pd

from loaders.domain.reference import a17_sectors
from loaders.samples.workbooks import workbook_bytes
from loaders.values import geography

ZE = geography.builtin_territories().query("maille == 'ze2020'")
ZE_NAMES = dict(zip(ZE["code"], ZE["nom"].str.replace(" (partie régionale)", "", regex=False)))
QUARTERS = ["2020-T1", "2020-T2", "2020-T3", "2020-T4"]
A17 = a17_sectors()


@dataclass
class Extract:
    """A generated file and what the loaders must report about it."""

    name: str
    content: bytes
    source: str
    layout: str
    level: str
    periods: list[str]
    territories: int
    totals: dict[str, float]
    secret_cells: int = 0
    extra: dict = field(default_factory=dict)




def dares_long_csv(seed: int = 1) -> Extract:
    """DARES open-data layout by zone d'emploi, with BOM, other-region rows, region totals, NBSP and a secret."""
    rng = random.Random(seed)
    header = ("Date;Code région;Région;Code zone d'emploi;Zone d'emploi;Type de données;Catégorie;Sexe;"
              "Tranche d'âge;Ancienneté;Nombre de demandeurs d'emploi")
    lines, total, secret = [header], 0.0, 0
    for period in QUARTERS:
        for data_type in ("Brutes", "CVS-CJO"):
            for category in ("A", "ABC"):
                regional = 0
                for code, name in ZE_NAMES.items():
                    ensemble = rng.randint(2_000, 40_000) * (1 if category == "A" else 2)
                    women = ensemble * 52 // 100
                    cells = [f"{ensemble:,}".replace(",", "\u00a0") if rng.random() < 0.1 else str(ensemble),
                             women, ensemble - women]
                    if code == "5208" and period == "2020-T3" and category == "ABC" and data_type == "Brutes":
                        cells, ensemble = ["s", "s", "s"], 0
                        secret += 3
                    for sex, value in zip(("Ensemble", "Femmes", "Hommes"), cells):
                        lines.append(f"{period.replace('-T', '-T')};52;Pays de la Loire;{code};{name};{data_type};"
                                     f"{category};{sex};Ensemble;Ensemble;{value}")
                    regional += ensemble
                    if category == "ABC" and data_type == "Brutes":
                        total += ensemble
                lines.append(f"{period};52;Pays de la Loire;;Total région;{data_type};{category};Ensemble;"
                             f"Ensemble;Ensemble;{regional}")
                lines.append(f"{period};24;Centre-Val de Loire;2401;Bourges;{data_type};{category};Ensemble;"
                             f"Ensemble;Ensemble;{rng.randint(1000, 9000)}")
    lines.append("Source : France Travail, DARES (STMT).")
    content = ("\n".join(lines) + "\n").encode("utf-8-sig")
    return Extract("de_ze_dares.csv", content, "demandeurs_emploi", "long", "zone_emploi", QUARTERS, 23,
                   {"demandeurs": total}, secret)


def commune_long_xlsx(seed: int = 2) -> Extract:
    """Commune-level workbook, 2018 codes for merged communes, codes as numbers, a title and notes."""
    rng = random.Random(seed)
    passage = geography.passage()
    old_for = {}
    for old, new in passage.items():
        old_for.setdefault(new, []).append(old)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Communes"
    ws.append(["Demandeurs d'emploi en catégorie A par commune, 1er trimestre 2020, données brutes"])
    ws.append([])
    ws.append(["Code INSEE\nde la commune", "Libellé", "Trimestre", "Catégorie", "Nombre de DEFM"])
    total = 0
    for code in geography.communes()["code_commune"]:
        codes = old_for.get(code, [code])[:2] if code in old_for and rng.random() < 0.8 else [code]
        for written in codes:
            value = rng.randint(0, 900)
            total += value
            ws.append([int(written) if written.isdigit() else written, "", "1er trimestre 2020", "A", value])
    ws.append(["Source : France Travail (fictif). Champ : communes de la région."])
    return Extract("de_communes.xlsx", workbook_bytes(wb), "demandeurs_emploi", "long", "commune", ["2020-T1"], 1228,
                   {"demandeurs": total})


def wide_quarters_xlsx(seed: int = 3) -> Extract:
    """Publication table: titles, merged category row over quarters, odd names, a regional row, notes."""
    rng = random.Random(seed)
    odd = {"5206": "CHOLET", "5219": "St-Nazaire", "5214": "les sables-d'olonne", "5216": "Nantes ",
           "5204": "Château-Gontier-sur-Mayenne"}
    headers = ["T1 2020", "2e trimestre 2020", "3e trimestre 2020", "T4 2020"]
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Tableau 3"
    ws.append(["Demandeurs d'emploi par zone d'emploi"])
    ws.append(["Moyennes trimestrielles, données brutes"])
    ws.append(["Zone d'emploi", "Catégorie A", None, None, None, "Catégories A, B, C", None, None, None])
    ws.merge_cells("B3:E3")
    ws.merge_cells("F3:I3")
    ws.append([None, *headers, *headers])
    totals, secret, region = 0, 0, [0] * 8
    for code, name in ZE_NAMES.items():
        a = [rng.randint(1000, 20000) for _ in headers]
        abc = [v * 2 + rng.randint(0, 99) for v in a]
        if code == "5201":
            abc[2] = "nd"
            secret += 1
        totals += sum(v for v in abc if isinstance(v, int))
        region = [r + (v if isinstance(v, int) else 0) for r, v in zip(region, a + abc)]
        ws.append([odd.get(code, name), *a, *abc])
    ws.append(["Pays de la Loire", *region])
    ws.append([])
    ws.append(["Source : France Travail, DARES."])
    ws.append(["* nd : non diffusé (secret statistique)."])
    return Extract("de_publication.xlsx", workbook_bytes(wb), "demandeurs_emploi", "large", "zone_emploi", QUARTERS, 23,
                   {"demandeurs": totals}, secret)


def offers_wide_dates_xlsx(seed: int = 4) -> Extract:
    """Offers by département, real Excel dates as column headers, a merged offer-type row."""
    rng = random.Random(seed)
    months = [datetime(2020, m, 1) for m in range(1, 7)]
    deps = {"44": "Loire-Atlantique", "49": "Maine-et-Loire", "53": "Mayenne", "72": "Sarthe", "85": "Vendée"}
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "OEE"
    ws.append(["Offres d'emploi collectées par département (données brutes)"])
    ws.append(["", "", "Offres durables", *[None] * 5, "Offres temporaires", *[None] * 5])
    ws.merge_cells("C2:H2")
    ws.merge_cells("I2:N2")
    ws.append(["Code département", "Département", *months, *months])
    for col in range(3, 15):
        ws.cell(row=3, column=col).number_format = "mmm-yy"
    total = 0
    for code, name in deps.items():
        values = [rng.randint(300, 9000) for _ in range(12)]
        total += sum(values)
        ws.append([code, name, *values])
    return Extract("offres_dep.xlsx", workbook_bytes(wb), "offres_emploi", "large", "departement",
                   [f"2020-{m:02d}" for m in range(1, 7)], 5, {"offres_collectees": total})


def offers_long_epci_csv(seed: int = 5) -> Extract:
    """Comma CSV in cp1252, EPCI SIREN, « mars-20 » months, ROME codes, collected and diffused offers."""
    rng = random.Random(seed)
    sirens = geography.builtin_territories().query("maille == 'epci' and code.str.len() == 9")["code"]
    lines = ["SIREN EPCI,Mois,Type de données,Code ROME,Offres collectées,Offres diffusées"]
    collected = diffused = 0
    for siren in sirens:
        for month in ("mars-20", "avr-20"):
            for rome in ("K2204", "N1103", "J1501"):
                c = rng.randint(0, 200)
                d = rng.randint(0, c)
                collected, diffused = collected + c, diffused + d
                lines.append(f"{siren},{month},Brutes,{rome},{c},{d}")
    content = ("\r\n".join(lines) + "\r\n").encode("cp1252")
    return Extract("offres_epci.csv", content, "offres_emploi", "long", "epci", ["2020-03", "2020-04"], 71,
                   {"offres_collectees": collected, "offres_diffusees": diffused})


def partial_activity_annex_xlsx(seed: int = 6) -> Extract:
    """The ministry's cumulative annex: trailing-space sheet name, DARES labels, numeric département codes."""
    rng = random.Random(seed)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Annexe 2  "
    ws.append(["Activité partielle"])
    ws.append(["Demandes d'autorisation préalable déposées du 1er mars au 21 juillet 2020"])
    ws.append(["Pays de la Loire"])
    ws.append(["A17", "Code du département", "Nombre de demandes déposées", "Nombre de salariés concernés",
               "Nombre d'heures demandées", "Nombre d'établissements concernés"])
    totals = {"dap_demandes": 0, "dap_salaries": 0, "dap_heures": 0, "dap_etablissements": 0}
    secret = 0
    for label in A17["libelle_dares"]:
        for dep in (44.0, 49.0, 53.0, 72.0, 85.0):
            values = [5 * rng.randint(0, 400), 5 * rng.randint(0, 6000), 5 * rng.randint(0, 600000),
                      5 * rng.randint(0, 300)]
            if rng.random() < 0.05:
                values[1] = None
                secret += 1
            for key, value in zip(totals, values):
                totals[key] += value or 0
            ws.append([label, dep, *values])
    ws.append(["Source : DARES-DGEFP. Les effectifs sont arrondis à 5."])
    return Extract("dap_annexe.xlsx", workbook_bytes(wb), "activite_partielle", "long", "departement",
                   ["cumul-2020-07-21"], 5, totals, secret)


def partial_activity_monthly_csv(seed: int = 7) -> Extract:
    """Regional monthly indemnisation file in DARES column names (reg, DI_MOIS_ANNEE, a17…)."""
    rng = random.Random(seed)
    lines = ["reg;DI_MOIS_ANNEE;a17;Nombre de DI;Effectif en DI;Heures en DI"]
    totals = {"di_demandes": 0, "di_salaries": 0, "di_heures": 0}
    for month in ("032020", "042020", "052020"):
        for code in A17["code_a17"]:
            values = [rng.randint(10, 900), rng.randint(100, 50000), rng.randint(1000, 4_000_000)]
            for key, value in zip(totals, values):
                totals[key] += value
            lines.append(f"52;{month};{code};{';'.join(str(v) for v in values)}")
    return Extract("di_mensuel.csv", ("\n".join(lines) + "\n").encode("utf-8"), "activite_partielle", "long",
                   "region", ["2020-03", "2020-04", "2020-05"], 1, totals)


def partial_activity_wide_xlsx(seed: int = 8) -> Extract:
    """Employees placed in partial activity by département (names) and month, « avr-20 » headers, a total."""
    rng = random.Random(seed)
    deps = ["Loire-Atlantique", "MAINE ET LOIRE", "Mayenne", "Sarthe", "Vendée"]
    headers = ["mars-20", "avr-20", "mai-20", "juin-20"]
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Effectifs DI"
    ws.append(["Activité partielle : salariés effectivement placés (demandes d'indemnisation)"])
    ws.append([])
    ws.append(["Département", *headers])
    total = 0
    for name in deps:
        values = [5 * rng.randint(1000, 40000) for _ in headers]
        total += sum(values)
        ws.append([name, *values])
    ws.append(["Source : ASP-DARES-DGEFP."])
    return Extract("di_departements.xlsx", workbook_bytes(wb), "activite_partielle", "large", "departement",
                   ["2020-03", "2020-04", "2020-05", "2020-06"], 5, {"di_salaries": total})


def as_ods(extract: Extract) -> Extract:
    """Return the same table as an OpenDocument spreadsheet (first sheet, values only)."""
    frame = pd.read_excel(io.BytesIO(extract.content), header=None, dtype=object, engine="openpyxl")
    buffer = io.BytesIO()
    frame.to_excel(buffer, engine="odf", header=False, index=False, sheet_name="Feuille1")
    return Extract(extract.name.replace(".xlsx", ".ods"), buffer.getvalue(), extract.source, extract.layout,
                   extract.level, extract.periods, extract.territories, extract.totals, extract.secret_cells)


def as_xls(extract: Extract) -> Extract:
    """Return the same table as a legacy .xls workbook."""
    import xlwt
    source = openpyxl.load_workbook(io.BytesIO(extract.content)).active
    book = xlwt.Workbook()
    sheet = book.add_sheet("Feuil1")
    for r, row in enumerate(source.iter_rows(values_only=True)):
        for c, value in enumerate(row):
            if value is not None:
                sheet.write(r, c, value)
    buffer = io.BytesIO()
    book.save(buffer)
    return Extract(extract.name.replace(".xlsx", ".xls"), buffer.getvalue(), extract.source, extract.layout,
                   extract.level, extract.periods, extract.territories, extract.totals, extract.secret_cells)


def as_xlsm(extract: Extract) -> Extract:
    """Return the same workbook declared macro-enabled, with a (never run) VBA project part."""
    source = zipfile.ZipFile(io.BytesIO(extract.content))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "[Content_Types].xml":
                data = data.replace(b"sheet.main+xml", b"sheet.macroEnabled.main+xml").replace(
                    b"</Types>", b'<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/>'
                                 b"</Types>")
            target.writestr(item, data)
        target.writestr("xl/vbaProject.bin", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))
    return Extract(extract.name.replace(".xlsx", ".xlsm"), buffer.getvalue(), extract.source, extract.layout,
                   extract.level, extract.periods, extract.territories, extract.totals, extract.secret_cells)


def all_extracts() -> list[Extract]:
    """Return every layout × source fixture, and the same tables in the other accepted formats."""
    base = [dares_long_csv(), commune_long_xlsx(), wide_quarters_xlsx(), offers_wide_dates_xlsx(),
            offers_long_epci_csv(), partial_activity_annex_xlsx(), partial_activity_monthly_csv(),
            partial_activity_wide_xlsx()]
    return [*base, as_xls(wide_quarters_xlsx()), as_xlsm(partial_activity_annex_xlsx()),
            as_ods(offers_wide_dates_xlsx())]


def monthly_update_xlsx(months: list[datetime], seed: int = 9) -> Extract:
    """A monthly update as published: title, real dates as column headers, zones d'emploi, a regional row."""
    rng = random.Random(seed)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "DEFM cat A"
    ws.append(["Demandeurs d'emploi inscrits en catégorie A, données brutes, par zone d'emploi"])
    ws.append(["Zone d'emploi", *months])
    region = [0] * len(months)
    for name in ZE_NAMES.values():
        values = [rng.randint(2_000, 30_000) for _ in months]
        region = [r + v for r, v in zip(region, values)]
        ws.append([name, *values])
    ws.append(["Pays de la Loire", *region])
    ws.append(["Source : France Travail – DARES, STMT."])
    periods = [f"{m:%Y-%m}" for m in months]
    return Extract("defm_cat_A_mise_a_jour.xlsx", workbook_bytes(wb), "demandeurs_emploi", "large", "zone_emploi",
                   periods, 23, {"demandeurs": float(sum(region))})


def at_total(totals: dict) -> dict[str, float]:
    """Return one figure per indicator from the report's totals: the total category (ABC) when split by category."""
    flat = {}
    for indicator, value in totals.items():
        if isinstance(value, dict):
            value = value.get("ABC", next(iter(value.values())) if len(value) == 1 else None)
        flat[indicator] = value
    return flat

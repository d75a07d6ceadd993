"""The France Travail – DARES quarterly CVS-CJO workbook of job seekers, generated with a fixed seed.

Thirteen sheets as the publication lays them out: a table of contents, France entière and France métropolitaine
side by side, sex and age, seniority bands written over two lines, hours worked, reasons for entering and leaving
the register, diploma, two regional sheets (one column per région, France at the end) and notes. « Période » is
merged over the two header rows of every table.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

import openpyxl

from loaders.samples.workbooks import workbook_bytes
from tests.national_extracts import OVERSEAS, region_names

QUARTERS = [f"{year}T{quarter}" for year in range(1996, 2026) for quarter in range(1, 5)][:118]  # 1996T1 … 2025T2
CATEGORIES = ("Catégorie A", "Catégorie B", "Catégorie C", "Catégories A, B, C", "Catégorie D", "Catégorie E")
SENIORITY = ("Moins de 3 mois", "De 3 mois\nà moins de 6 mois", "De 6 mois\nà moins d'un an",
             "De 1 an\nà moins de 2 ans", "De 2 ans\nà moins de 3 ans", "3 ans ou plus")
HOURS = ("De 1 à 39 heures", "De 40 à 78 heures", "De 79 à 150 heures", "Plus de 150 heures")
ENTRIES = ("Fin de contrat à durée déterminée", "Fin de mission d'intérim", "Licenciement économique",
           "Autre licenciement", "Démission", "Rupture conventionnelle", "Première entrée", "Reprise d'activité",
           "Autres cas")
EXITS = ("Reprise d'emploi déclarée", "Entrée en stage ou en formation", "Arrêt de recherche",
         "Cessation d'inscription pour défaut d'actualisation", "Radiation administrative", "Autres cas")
DIPLOMAS = ("Sans diplôme", "CAP, BEP", "Baccalauréat", "Bac + 2", "Bac + 3 ou plus")
TITLE = "Demandeurs d'emploi inscrits à France Travail en fin de trimestre, données CVS-CJO"
WHOLE, METRO = "Champ : France hors Mayotte.", "Champ : France métropolitaine."


@dataclass
class Quarterly:
    """The workbook and the sums a correct import keeps of it."""

    content: bytes = b""
    region: dict[str, float] = field(default_factory=dict)  # category → Pays de la Loire, over the quarters
    france: dict[str, float] = field(default_factory=dict)  # category → France entière, sheet « Tab1 »
    metro: dict[str, float] = field(default_factory=dict)  # category → France métropolitaine, sheet « Tab1 »
    seniority: dict[str, float] = field(default_factory=dict)  # band (as written) → France entière, ABC
    sheets: list[str] = field(default_factory=list)


def _table(book, name: str, title: str, groups: list[tuple[str, tuple[str, ...]]], champ: str = WHOLE):
    """A sheet with its title, « Période » merged over two header rows, groups merged above their columns."""
    sheet = book.create_sheet(name)
    sheet.append([title])
    sheet.append([champ])
    sheet.append([])
    sheet.cell(row=4, column=1, value="Période")
    sheet.merge_cells(start_row=4, start_column=1, end_row=5, end_column=1)
    column = 2
    for group, labels in groups:
        sheet.cell(row=4, column=column, value=group)
        if len(labels) > 1:
            sheet.merge_cells(start_row=4, start_column=column, end_row=4, end_column=column + len(labels) - 1)
        for offset, label in enumerate(labels):
            sheet.cell(row=5, column=column + offset, value=label)
        column += len(labels)
    return sheet


def _rows(sheet, rng: random.Random, width: int, low: int, high: int) -> list[list[int]]:
    rows = []
    for quarter in QUARTERS:
        values = [rng.randrange(low, high, 100) for _ in range(width)]
        sheet.append([quarter, *values])
        rows.append(values)
    _notes(sheet)
    return rows


def _notes(sheet) -> None:
    sheet.append([])
    sheet.append(["Source : France Travail – Dares, STMT ; données CVS-CJO."])
    sheet.append(["Lecture : au 2e trimestre 2025, … demandeurs d'emploi sont inscrits en catégorie A."])


def quarterly_workbook(seed: int = 13) -> Quarterly:
    """Return the 13-sheet workbook and its expected sums."""
    rng = random.Random(seed)
    book = openpyxl.Workbook()
    contents = book.active
    contents.title = "Sommaire"
    made = Quarterly()
    tables = [("Tab1", "par catégorie"), ("Tab2", "par sexe et âge"), ("Tab3", "par ancienneté d'inscription"),
              ("Tab4", "par nombre d'heures travaillées"), ("Tab5", "entrées par motif"),
              ("Tab6", "sorties par motif"), ("Tab7", "par niveau de diplôme"), ("Tab8", "par sexe, France métro."),
              ("Tab9", "ancienneté, France métro."), ("Tab10", "catégorie A par région"),
              ("Tab11", "catégories A, B, C par région")]
    contents.append([TITLE])
    contents.append([])
    for name, label in tables:
        contents.append([name, label])
    regional = _regional_values(rng)
    _france(book, rng, made, regional)
    _breakdowns(book, rng, made)
    _regional(book, made, regional)
    notes = book.create_sheet("Notes")
    notes.append(["Définitions"])
    notes.append(["Catégorie A : demandeurs d'emploi tenus de rechercher un emploi, sans emploi."])
    notes.append(["Les données sont corrigées des variations saisonnières et des jours ouvrables (CVS-CJO)."])
    made.sheets = book.sheetnames
    made.content = workbook_bytes(book)
    return made


def _france(book, rng: random.Random, made: Quarterly, regional: dict[str, list[list[int]]]) -> None:
    """France entière and France métropolitaine side by side; A and ABC are the sums of the regional sheets."""
    sheet = _table(book, "Tab1", f"{TITLE}, par catégorie",
                   [("France entière", CATEGORIES), ("France métropolitaine", CATEGORIES)],
                   "Champ : France hors Mayotte et France métropolitaine.")
    metro_share = [name not in OVERSEAS for name in region_names()]
    for index, quarter in enumerate(QUARTERS):
        whole, metro = {}, {}
        for code in ("A", "B", "C", "ABC", "D", "E"):
            if code in regional:
                values = regional[code][index]
                whole[code] = sum(values)
                metro[code] = sum(v for v, kept in zip(values, metro_share) if kept)
            else:
                whole[code] = rng.randrange(200_000, 1_500_000, 100)
                metro[code] = round(whole[code] * 0.96, -2)
            made.france[code] = made.france.get(code, 0) + whole[code]
            made.metro[code] = made.metro.get(code, 0) + metro[code]
        sheet.append([quarter, *whole.values(), *metro.values()])
    _notes(sheet)


def _breakdowns(book, rng: random.Random, made: Quarterly) -> None:
    sex_age = ("Hommes", "Femmes", "Moins de 25 ans", "De 25 à 49 ans", "50 ans ou plus")
    _rows(_table(book, "Tab2", f"{TITLE}, par sexe et âge, France entière",
                 [("Catégorie A", sex_age), ("Catégories A, B, C", sex_age)]), rng, 10, 100_000, 2_000_000)
    seniority = _rows(_table(book, "Tab3", f"{TITLE}, par ancienneté d'inscription, France entière",
                             [("Catégories A, B, C", SENIORITY)]), rng, 6, 100_000, 1_500_000)
    for index, band in enumerate(SENIORITY):
        made.seniority[band] = sum(values[index] for values in seniority)
    _rows(_table(book, "Tab4", f"{TITLE}, catégories B et C par nombre d'heures travaillées dans le mois",
                 [("Catégories B, C", HOURS)]), rng, 4, 100_000, 800_000)
    _rows(_table(book, "Tab5", "Entrées en catégories A, B, C par motif d'inscription, données CVS-CJO",
                 [("Motif d'inscription", ENTRIES)]), rng, 9, 5_000, 200_000)
    _rows(_table(book, "Tab6", "Sorties des catégories A, B, C par motif, données CVS-CJO",
                 [("Motif de sortie", EXITS)]), rng, 6, 5_000, 200_000)
    _rows(_table(book, "Tab7", f"{TITLE}, par niveau de diplôme, France entière",
                 [("Catégories A, B, C", DIPLOMAS)]), rng, 5, 100_000, 1_500_000)
    _rows(_table(book, "Tab8", f"{TITLE}, par sexe, France métropolitaine",
                 [("Catégorie A", ("Hommes", "Femmes"))], METRO), rng, 2, 500_000, 1_800_000)
    _rows(_table(book, "Tab9", f"{TITLE}, par ancienneté d'inscription, France métropolitaine",
                 [("Catégories A, B, C", SENIORITY)], METRO), rng, 6, 100_000, 1_500_000)


def _regional_values(rng: random.Random) -> dict[str, list[list[int]]]:
    count = len(region_names())
    a = [[rng.randrange(20_000, 400_000, 10) for _ in range(count)] for _ in QUARTERS]
    return {"A": a, "ABC": [[v + rng.randrange(10_000, 300_000, 10) for v in row] for row in a]}


def _regional(book, made: Quarterly, regional: dict[str, list[list[int]]]) -> None:
    regions = region_names()
    for name, category, label in (("Tab10", "A", "Catégorie A"), ("Tab11", "ABC", "Catégories A, B, C")):
        sheet = _table(book, name, f"{TITLE}, {label.lower()}, par région",
                       [(label, (*regions, "France métropolitaine", "France entière"))])
        for quarter, values in zip(QUARTERS, regional[category]):
            metro = sum(v for region, v in zip(regions, values) if region not in OVERSEAS)
            sheet.append([quarter, *values, metro, sum(values)])
            made.region[category] = made.region.get(category, 0) + values[regions.index("Pays de la Loire")]
        _notes(sheet)

"""Generators of faulty extracts, each with the French message the loaders must give and where."""

from __future__ import annotations

from dataclasses import dataclass

import openpyxl

from loaders.samples.workbooks import workbook_bytes
from tests.extracts import ZE_NAMES

HEADER = "Date;Code zone d'emploi;Zone d'emploi;Catégorie;Nombre de demandeurs d'emploi (données brutes)"


@dataclass
class BadExtract:
    """A file that must be refused, the words of its message, and its Excel coordinates."""

    name: str
    content: bytes
    message: str
    row: int | None = None
    column: str | None = None
    source: str | None = None


def _csv(lines: list[str]) -> bytes:
    return ("\n".join(lines) + "\n").encode("utf-8")


def _rows(period: str = "2020-T2") -> list[str]:
    return [f"{period};{code};{name};A;{1000 + i}" for i, (code, name) in enumerate(ZE_NAMES.items())]


def _xlsx(rows: list[list]) -> bytes:
    wb = openpyxl.Workbook()
    for row in rows:
        wb.active.append(row)
    return workbook_bytes(wb)


def bad_extracts() -> list[BadExtract]:
    """Return one faulty file per kind of fault."""
    rows = _rows()
    text_in_number = [HEADER, *rows[:4], "2020-T2;5205;Châteaubriant;A;beaucoup", *rows[5:]]
    negative = [HEADER, *rows[:2], "2020-T2;5203;Challans;A;-40", *rows[3:]]
    duplicated = [HEADER, *rows, rows[6]]
    unknown = [HEADER, *rows, "2020-T2;;Atlantide;A;120"]
    future = [HEADER, *rows, *_rows("2031-T1")]
    vintages = ["Code commune;Trimestre;Demandeurs d'emploi de catégorie A (brut)", "85194;2020-T1;900",
                "85060;2020-T1;120", "44109;2020-T1;25000"]
    shifted = [[None]] * 11 + [["Date", "Code zone d'emploi", "Demandeurs d'emploi de catégorie A (brut)"],
                               ["2020-T2", "5206", "abc"]]
    return [
        BadExtract("texte.csv", _csv(text_in_number), "« beaucoup » n'est pas un nombre", 6, "E"),
        BadExtract("negatif.csv", _csv(negative), "Valeur négative (-40)", 4, "E"),
        BadExtract("doublon.csv", _csv(duplicated), "Doublon : 5205, 2020-T2, demandeurs", 25, "E"),
        BadExtract("inconnu.csv", _csv(unknown), "Territoire « Atlantide » inconnu", 25, "C"),
        BadExtract("futur.csv", _csv(future), "Période « T1 2031 » dans le futur", 25, "A"),
        BadExtract("millesimes.csv", _csv(vintages), "Millésimes de communes mélangés", 2, "A"),
        BadExtract("autre_source.csv", _csv([HEADER, *rows]), "ressemble à « Demandeurs d'emploi »", 1, None,
                   "offres_emploi"),
        BadExtract("vide.csv", _csv([HEADER]), "les en-têtes sont là mais aucune ligne ne suit", 1),
        BadExtract("decale.xlsx", _xlsx(shifted), "« abc » n'est pas un nombre", 13, "C"),
        BadExtract("titre_seul.xlsx", _xlsx([["Demandeurs d'emploi en 2020"]]), "Aucune donnée exploitable"),
        BadExtract("classeur_vide.xlsx", _xlsx([]), "Aucune donnée exploitable"),
        BadExtract("periode.csv", _csv([HEADER, "2020-T9;5206;Cholet;A;12"]), "Période « 2020-T9 » non reconnue", 2,
                   "A"),
    ]

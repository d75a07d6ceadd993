"""The downloadable Excel model: one long-format sheet per source, with drop-down lists."""

from __future__ import annotations

import openpyxl
import pandas as pd
from openpyxl.styles import Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

from loaders.domain.sources import ADJUSTMENT, SOURCES
from loaders.domain.territory import MAILLE_LEVELS
from loaders.samples.workbooks import workbook_bytes
from loaders.values.geocodes import LEVEL_BY_ID

SHEET_NAMES = {"demandeurs_emploi": "Demandeurs d'emploi", "offres_emploi": "Offres d'emploi",
               "activite_partielle": "Activité partielle"}
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
ROWS_WITH_LISTS = 5000


def template_columns(source_id: str, maille: str) -> list[str]:
    """Return the header of a source's sheet for a maille."""
    dims = [d.label for d in SOURCES[source_id].dimensions]
    level = LEVEL_BY_ID[MAILLE_LEVELS[maille]]
    return ["Période", level.code_header, level.header, "Type de données", *dims, "Indicateur", "Valeur"]


def build_template(maille: str, territories: pd.DataFrame) -> bytes:
    """Return the Excel model for a maille: instructions, one sheet per source, hidden lists."""
    wb = openpyxl.Workbook()
    _instructions(wb.active, maille)
    lists = wb.create_sheet("Listes")
    _write_list(lists, 1, "Territoires", list(territories["name"]))
    _write_list(lists, 2, "Codes territoires", list(territories["code"]))
    _write_list(lists, 3, "Type de données", ["Brutes", "CVS-CJO"])
    column = 4
    for source_id, sheet_name in SHEET_NAMES.items():
        source = SOURCES[source_id]
        ws = wb.create_sheet(sheet_name)
        ws.append(template_columns(source_id, maille))
        for cell in ws[1]:
            cell.font, cell.fill = Font(bold=True), HEADER_FILL
        validations = {2: "$B", 3: "$A", 4: "$C"}
        _write_list(lists, column, f"Indicateurs {sheet_name}", [i.code for i in source.indicators])
        indicator_col = 5 + len(source.dimensions)
        validations[indicator_col] = _letter(column)
        column += 1
        for offset, dimension in enumerate(source.dimensions):
            if dimension.values:
                _write_list(lists, column, dimension.label, ["Ensemble", *dimension.values])
                validations[5 + offset] = _letter(column)
                column += 1
        for target, list_col in validations.items():
            _validate(ws, lists, target, list_col)
        for letter in "ABCDEFGHIJ":
            ws.column_dimensions[letter].width = 22
    lists.sheet_state = "hidden"
    return workbook_bytes(wb)


def _instructions(ws, maille: str) -> None:
    ws.title = "Lisez-moi"
    lines = [
        "Modèle d'import du tableau de bord CLEFOP",
        "",
        "Une ligne par valeur. Remplissez la feuille de la source concernée ; laissez les autres vides.",
        "Période : « 2020-04 » ou « avril 2020 » (mois), « 2020-T2 » (trimestre), « 2020 » (année).",
        f"Territoire : choisissez dans la liste (maille « {maille} ») ; le code suffit si le nom manque.",
        "Type de données : « Brutes » ou « CVS-CJO ».",
        "Ventilations (sexe, âge…) : « Ensemble » pour le total ; laissez « Ensemble » si vous n'avez pas le détail.",
        "Indicateur : un code de la liste déroulante. Valeur : un nombre ; « s » pour une cellule secrète.",
        "",
        "Indicateurs :",
    ]
    lines += [f"  {i.code} : {i.label} ({s.label})" for s in SOURCES.values() for i in s.indicators]
    lines += ["", "Valeurs de « Type de données » : " + ", ".join(ADJUSTMENT.values)]
    for line in lines:
        ws.append([line])
    ws["A1"].font = Font(bold=True, size=14)
    ws.column_dimensions["A"].width = 110


def _write_list(ws, column: int, title: str, values: list[str]) -> None:
    ws.cell(row=1, column=column, value=title)
    for row, value in enumerate(values, start=2):
        ws.cell(row=row, column=column, value=value)


def _validate(ws, lists, target: int, list_col: str) -> None:
    column = list_col.lstrip("$")
    height = lists.max_row
    rule = DataValidation(type="list", formula1=f"=Listes!${column}$2:${column}${height}", allow_blank=True)
    rule.error, rule.errorTitle = "Choisissez une valeur de la liste.", "Valeur non prévue"
    ws.add_data_validation(rule)
    rule.add(f"{_letter(target)}2:{_letter(target)}{ROWS_WITH_LISTS}")


def _letter(index: int) -> str:
    return openpyxl.utils.get_column_letter(index)

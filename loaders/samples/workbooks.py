"""Small helpers to write Excel workbooks (template, demo extracts, test fixtures)."""

from __future__ import annotations

import io

import openpyxl


def workbook_bytes(workbook: openpyxl.Workbook) -> bytes:
    """Return a workbook saved as .xlsx bytes."""
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def titled_sheet(sheet_name: str, titles: list[str]) -> tuple[openpyxl.Workbook, object]:
    """Return a new workbook and its sheet, with title lines then a blank line, as publications start."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = sheet_name
    for line in titles:
        sheet.append([line])
    sheet.append([])
    return workbook, sheet

"""Reading any spreadsheet or CSV file into sheets of raw cells, with Excel coordinates kept.

Row i of a Sheet is Excel row i + 1; column j is Excel column letter j (A = 0).
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass, field

import python_calamine

from loaders.errors import ImportRefused, Problem

MAX_UNCOMPRESSED = 200 * 1024 * 1024
MAX_RATIO = 200
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@dataclass
class Sheet:
    """The cells of one sheet (or of a CSV file): str, float, int, date or datetime; blank is ''."""

    name: str
    rows: list[list[object]]
    merged: list[tuple[tuple[int, int], tuple[int, int]]] = field(default_factory=list)
    hidden: bool = False


def sniff_kind(content: bytes) -> str:
    """Return the real type of a file from its bytes: xlsx, ods, xls, encrypted or csv."""
    if content.startswith(b"PK\x03\x04"):
        try:
            names = set(zipfile.ZipFile(io.BytesIO(content)).namelist())
        except zipfile.BadZipFile:
            return "corrupt"
        if "mimetype" in names and any(n == "content.xml" for n in names):
            return "ods"
        return "xlsx" if "xl/workbook.xml" in names else "zip"
    if content.startswith(OLE_MAGIC):
        return "encrypted" if "EncryptionInfo".encode("utf-16-le") in content else "xls"
    head = content[:4096]
    if b"\x00" in head:
        return "binary"
    return "csv"


def read_sheets(content: bytes, filename: str) -> list[Sheet]:
    """Return every sheet of a workbook, or the single table of a CSV file."""
    kind = sniff_kind(content)
    refuse = _refusal(filename)
    if kind == "csv":
        return [read_csv(content, filename)]
    if kind == "encrypted":
        raise refuse("Le classeur est protégé par un mot de passe : enregistrez-le sans mot de passe puis réessayez.")
    if kind in {"corrupt", "zip", "binary"}:
        raise refuse("Le fichier n'est ni un classeur (xlsx, xlsm, xls, ods) ni un CSV lisible : "
                     "il est peut-être endommagé.")
    if kind in {"xlsx", "ods"}:
        check_zip_sizes(content, filename)
    try:
        workbook = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(content))
        hidden = {m.name for m in workbook.sheets_metadata if m.visible != python_calamine.SheetVisibleEnum.Visible}
        return [_sheet(workbook, name, name in hidden) for name in workbook.sheet_names]
    except python_calamine.PasswordError as exc:
        raise refuse("Le classeur est protégé par un mot de passe : enregistrez-le sans mot de passe.") from exc
    except (python_calamine.CalamineError, ValueError) as exc:
        raise refuse(f"Le classeur n'a pas pu être lu ({type(exc).__name__}) : il est peut-être endommagé.") from exc


def check_zip_sizes(content: bytes, filename: str) -> None:
    """Refuse an Office/ODF file whose parts expand beyond the limits (zip bomb)."""
    archive = zipfile.ZipFile(io.BytesIO(content))
    total = sum(info.file_size for info in archive.infolist())
    packed = sum(info.compress_size for info in archive.infolist()) or 1
    if total > MAX_UNCOMPRESSED or (total > 20 * 1024 * 1024 and total / packed > MAX_RATIO):
        raise _refusal(filename)(
            f"Le classeur se décompresse en {total // (1024 * 1024)} Mo : trop volumineux ou piégé, "
            "il n'a pas été ouvert.")


def _sheet(workbook, name: str, hidden: bool) -> Sheet:
    sheet = workbook.get_sheet_by_name(name)
    if hidden:
        return Sheet(name=name, rows=[], hidden=True)
    rows = sheet.to_python(skip_empty_area=False)
    merged = list(sheet.merged_cell_ranges or [])
    return Sheet(name=name, rows=rows, merged=merged)


def read_csv(content: bytes, filename: str) -> Sheet:
    """Decode a CSV file (UTF-8 with or without BOM, else cp1252) with its separator sniffed."""
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = content.decode("cp1252", errors="replace")
    sample = text[:20000]
    lines = [line for line in sample.splitlines()[:50] if line.strip()]
    delimiter = max([";", ",", "\t", "|"], key=lambda d: sum(line.count(d) for line in lines))
    rows = [list(row) for row in csv.reader(io.StringIO(text), delimiter=delimiter)]
    return Sheet(name=filename, rows=rows)


def _refusal(filename: str):
    def build(message: str) -> ImportRefused:
        return ImportRefused(filename, [Problem(message)])
    return build

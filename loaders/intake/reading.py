"""Reading any spreadsheet or CSV file into sheets of raw cells, with Excel coordinates kept.

Row i of a Sheet is Excel row i + 1; column j is Excel column letter j (A = 0).
"""

from __future__ import annotations

import atexit
import csv
import hashlib
import io
from dataclasses import dataclass, field
from pathlib import Path

import python_calamine

from loaders.errors import ImportRefused
from loaders.intake.guard import check_size, check_zip_parts, macro_note, refusal, sniff_kind, type_note
from loaders.intake.sandbox import BoundedRead


@dataclass
class Sheet:
    """The cells of one sheet (or of a CSV file): str, float, int, date or datetime; blank is ''."""

    name: str
    rows: list[list[object]]
    merged: list[tuple[tuple[int, int], tuple[int, int]]] = field(default_factory=list)
    hidden: bool = False


BOUNDED = {"xlsx", "ods", "xls"}  # the kinds `read_sheets` gives to the child process
_STARTED: dict[tuple[str, bytes], BoundedRead] = {}


def start_reading(path: Path) -> None:
    """Start parsing a workbook ahead of `read_sheets` of the same content and name, which takes the result.

    The command line does it before loading its other modules: the parse runs meanwhile, on another core.
    Nothing is refused here: `read_sheets` makes every check (and stops this parse when one fails).
    """
    try:
        check_size(path.stat().st_size, path.name)
    except ImportRefused:
        return
    content = path.read_bytes()
    if sniff_kind(content) in BOUNDED and not _STARTED:
        _STARTED[_key(content, path.name)] = BoundedRead(content, path.name)


def _key(content: bytes, filename: str) -> tuple[str, bytes]:
    return filename, hashlib.sha256(content).digest()


@atexit.register
def _stop_started() -> None:
    while _STARTED:
        _STARTED.popitem()[1].close()


def read_sheets(content: bytes, filename: str, notes: list[str] | None = None) -> list[Sheet]:
    """Return every sheet of a workbook, or the single table of a CSV file, after the safety checks.

    Every workbook is parsed in a child process bounded in time and memory (about 0,1 s more per file): a
    file of a few kilobytes can declare a cell at XFD1048576, or repeat rows and columns, and make the reader
    allocate far more than the machine has; the child dies, not the dashboard.

    What the analyst should know (a misleading extension, macros left unrun) is appended to `notes`.
    """
    started = _STARTED.pop(_key(content, filename), None) if _STARTED else None
    try:
        return _checked_read(content, filename, [] if notes is None else notes, started)
    finally:
        if started is not None:
            started.close()


def _checked_read(content: bytes, filename: str, notes: list[str], started: BoundedRead | None) -> list[Sheet]:
    check_size(len(content), filename)
    kind = sniff_kind(content)
    notes += [note for note in [type_note(kind, filename)] if note]
    if kind == "csv":
        return [read_csv(content, filename)]
    if kind == "encrypted":
        raise refusal(filename, "Le classeur est protégé par un mot de passe : enregistrez-le sans mot de passe "
                                "puis réessayez.")
    if kind == "corrupt":
        raise refusal(filename, "Le classeur est endommagé (archive illisible, peut-être tronquée) : ouvrez-le dans "
                                "votre tableur, enregistrez-le à nouveau puis réessayez.")
    if kind in {"zip", "binary"}:
        raise refusal(filename, "Le fichier n'est ni un classeur (xlsx, xlsm, xls, ods) ni un CSV lisible : "
                                "il est peut-être endommagé.")
    if kind in {"xlsx", "ods"}:
        parts, _ = check_zip_parts(content, filename)
        notes += [note for note in [macro_note(parts)] if note]
    return (started or BoundedRead(content, filename)).result()


def read_workbook(content: bytes, filename: str) -> list[Sheet]:
    """Parse a workbook with calamine (no bounds: called inside the sandbox)."""
    try:
        workbook = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(content))
        hidden = {m.name for m in workbook.sheets_metadata if m.visible != python_calamine.SheetVisibleEnum.Visible}
        return [_sheet(workbook, name, name in hidden) for name in workbook.sheet_names]
    except python_calamine.PasswordError as exc:
        raise refusal(filename, "Le classeur est protégé par un mot de passe : enregistrez-le sans mot de passe.") \
            from exc
    except (python_calamine.CalamineError, ValueError) as exc:
        raise refusal(filename, f"Le classeur n'a pas pu être lu ({type(exc).__name__}) : il est peut-être "
                                "endommagé.") from exc


def _sheet(workbook, name: str, hidden: bool) -> Sheet:
    sheet = workbook.get_sheet_by_name(name)
    if hidden:
        return Sheet(name=name, rows=[], hidden=True)
    rows = sheet.to_python(skip_empty_area=False)
    merged = list(sheet.merged_cell_ranges or [])
    return Sheet(name=name, rows=rows, merged=merged)


def read_csv(content: bytes, filename: str) -> Sheet:
    """Decode a CSV file (UTF-8 with or without BOM, UTF-16 with BOM as Excel's « Texte Unicode » writes it,
    else cp1252) with its separator sniffed; old Mac line endings (CR alone) are read too."""
    text = _decode(content)
    if "\r" in text and "\n" not in text:
        text = text.replace("\r", "\n")
    sample = text[:20000]
    lines = [line for line in sample.splitlines()[:50] if line.strip()]
    delimiter = max([";", ",", "\t", "|"], key=lambda d: sum(line.count(d) for line in lines))
    csv.field_size_limit(max(len(text), 131072))  # a long cell is read (the file's size is capped already)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        rows = [list(row) for row in reader]
    except csv.Error as exc:
        raise refusal(filename, f"Le fichier CSV est mal formé à la ligne {reader.line_num} ({exc}) : "
                                "enregistrez-le à nouveau depuis votre tableur puis réessayez.") from exc
    return Sheet(name=filename, rows=rows)


def _decode(content: bytes) -> str:
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):
        return content.decode("utf-16", errors="replace")
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        return content.decode("cp1252", errors="replace")

"""Checks made before any parser sees a file: its size, the real type, and what its zip parts expand to."""

from __future__ import annotations

import io
import zipfile
import zlib
from pathlib import PurePath

from loaders.errors import ImportRefused, Problem
from loaders.settings import setting
from loaders.values.numbers import french_decimal

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
CHUNK = 1 << 20
FORBIDDEN_XML = (b"<!DOCTYPE", b"<!ENTITY")
KIND_LABELS = {"xlsx": "un classeur Excel (xlsx/xlsm)", "ods": "un classeur OpenDocument (ods)",
               "xls": "un classeur Excel 97-2003 (xls)", "csv": "un fichier texte (CSV)"}
EXTENSIONS = {"xlsx": {".xlsx", ".xlsm"}, "ods": {".ods"}, "xls": {".xls"}, "csv": {".csv", ".txt", ".tsv"}}


def refusal(filename: str, message: str) -> ImportRefused:
    """Return the refusal of a whole file (no place inside it)."""
    return ImportRefused(filename, [Problem(message)])


def megabytes(size: int) -> str:
    """Return a size in megabytes, French style (« 60,2 Mo »)."""
    return f"{french_decimal(size / (1024 * 1024))} Mo"


def check_size(size: int, filename: str) -> None:
    """Refuse a file larger than the upload cap, before it is read."""
    cap = int(setting("CLEFOP_MAX_UPLOAD_MB"))
    if size > cap * 1024 * 1024:
        raise refusal(filename, f"Le fichier pèse {megabytes(size)}, au-delà de la limite de {cap} Mo : "
                                "il n'a pas été lu. Découpez-le (par exemple par année) ou filtrez-le.")


def sniff_kind(content: bytes) -> str:
    """Return the real type of a file from its bytes: xlsx, ods, xls, encrypted, csv, or what is wrong."""
    if content.startswith(b"PK\x03\x04"):
        try:
            names = set(zipfile.ZipFile(io.BytesIO(content)).namelist())
        except (zipfile.BadZipFile, ValueError):
            return "corrupt"
        if "mimetype" in names and "content.xml" in names:
            return "ods"
        return "xlsx" if "xl/workbook.xml" in names else "zip"
    if content.startswith(OLE_MAGIC):
        return "encrypted" if "EncryptionInfo".encode("utf-16-le") in content else "xls"
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "csv"  # UTF-16 text with its byte order mark (Excel's « Texte Unicode »)
    if b"\x00" in content[:4096]:
        return "binary"
    return "csv"


def type_note(kind: str, filename: str) -> str | None:
    """Return a note when the extension does not tell the real type, e.g. an xlsx renamed .txt."""
    suffix = PurePath(filename).suffix.lower()
    if kind not in EXTENSIONS or suffix in EXTENSIONS[kind]:
        return None
    return (f"Le fichier « {filename} » porte l'extension « {suffix or 'aucune'} » mais c'est en réalité "
            f"{KIND_LABELS[kind]} : il a été lu comme tel.")


def macro_note(parts: list[str]) -> str | None:
    """Return a note when a workbook carries macros (they are never run: only cell values are read)."""
    if any(part.lower().endswith("vbaproject.bin") for part in parts):
        return "Le classeur contient des macros : elles n'ont pas été exécutées, seules les valeurs ont été lues."
    return None


def check_zip_parts(content: bytes, filename: str) -> tuple[list[str], int]:
    """Expand every part of an Office/ODF zip in bounded chunks (refusing bombs, damage, XML entities).

    Return the names of the parts and their total expanded size.
    """
    limit = int(setting("CLEFOP_MAX_EXPANDED_MB")) * 1024 * 1024
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        declared = sum(info.file_size for info in archive.infolist())
        if declared > limit:
            raise _bomb(filename, declared, limit)
        expanded = 0
        for info in archive.infolist():
            expanded = _expand(archive, info, expanded, limit, filename)
        return archive.namelist(), expanded
    except (zipfile.BadZipFile, zlib.error, EOFError, ValueError, NotImplementedError) as exc:
        raise refusal(filename, "Le classeur est endommagé (archive illisible) : ouvrez-le dans votre tableur, "
                                f"enregistrez-le à nouveau puis réessayez. [{type(exc).__name__}]") from exc
    except RuntimeError as exc:  # an encrypted zip member
        raise refusal(filename, "Le classeur est protégé par un mot de passe : enregistrez-le sans mot de passe "
                                "puis réessayez.") from exc


def _expand(archive: zipfile.ZipFile, info: zipfile.ZipInfo, expanded: int, limit: int, filename: str) -> int:
    tail = b""
    with archive.open(info) as part:
        while chunk := part.read(CHUNK):
            expanded += len(chunk)
            if expanded > limit:
                raise _bomb(filename, expanded, limit, at_least=True)
            window = tail + chunk
            if any(marker in window for marker in FORBIDDEN_XML):
                raise refusal(filename, f"La partie « {info.filename} » du classeur déclare des entités XML "
                                        "(DOCTYPE/ENTITY), ce que ne fait aucun tableur : le fichier est refusé "
                                        "par sécurité.")
            tail = chunk[-16:]
    return expanded


def _bomb(filename: str, size: int, limit: int, at_least: bool = False) -> ImportRefused:
    amount = ("plus de " if at_least else "") + megabytes(size)
    return refusal(filename, f"Le classeur se décompresse en {amount} (limite {limit // (1024 * 1024)} Mo) : "
                             "trop volumineux ou piégé, il n'a pas été ouvert.")

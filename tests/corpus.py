"""The hardening corpus: hostile, broken, misnamed and extreme files, each with what the loaders must say.

Files are built by code (fixed seeds) when a test asks for them; the heavy ones are built once per process.
"""

from __future__ import annotations

import functools
import io
import random
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field

import openpyxl

from loaders.samples.workbooks import workbook_bytes
from loaders.values import geography
from tests.bad_extracts import bad_extracts
from tests.extracts import as_xlsm, dares_long_csv, partial_activity_annex_xlsx, wide_quarters_xlsx


@dataclass
class Case:
    """One corpus file: how to build it, and either the refusal or the acceptance it must get."""

    name: str
    build: Callable[[], bytes]
    message: str
    accepted: bool = False
    row: int | None = None
    column: str | None = None
    source: str | None = None
    env: dict[str, str] = field(default_factory=dict)
    totals: Callable[[], dict[str, float]] = dict


def _rezip(content: bytes, change: Callable[[str, bytes], bytes]) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(content))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            target.writestr(item, change(item.filename, source.read(item.filename)))
    return buffer.getvalue()


def _small_xlsx() -> bytes:
    return wide_quarters_xlsx().content


@functools.lru_cache(maxsize=1)
def zip_bomb() -> bytes:
    """A 5 MB workbook whose sheet expands to 1 GiB of zeros (compressed fast: the size is what matters)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as target:
        for item in zipfile.ZipFile(io.BytesIO(_small_xlsx())).infolist():
            if item.filename != "xl/worksheets/sheet1.xml":
                target.writestr(item.filename, zipfile.ZipFile(io.BytesIO(_small_xlsx())).read(item.filename))
        with target.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            zeros = bytes(1 << 24)
            for _ in range(64):
                sheet.write(zeros)
    return buffer.getvalue()


def lying_zip_bomb() -> bytes:
    """A workbook whose sheet declares 1 kB in the zip directory but expands to 64 MB."""
    content = bytearray(_rezip(_small_xlsx(), lambda name, data: bytes(64 << 20) if name.endswith("sheet1.xml")
                               else data))
    for signature, offset in ((b"PK\x01\x02", 24), (b"PK\x03\x04", 22)):
        start = 0
        while (start := content.find(signature, start)) >= 0:
            name_length = int.from_bytes(content[start + (28 if signature == b"PK\x01\x02" else 26):][:2], "little")
            name_at = start + (46 if signature == b"PK\x01\x02" else 30)
            if content[name_at:name_at + name_length].endswith(b"sheet1.xml"):
                content[start + offset:start + offset + 4] = (1024).to_bytes(4, "little")
            start += 4
    return bytes(content)


def entity_bomb() -> bytes:
    """A workbook whose shared strings declare « billion laughs » XML entities."""
    entities = '<!ENTITY a0 "ha">' + "".join(f'<!ENTITY a{i} "{f"&a{i - 1};" * 10}">' for i in range(1, 10))

    def change(name: str, data: bytes) -> bytes:
        if name != "xl/worksheets/sheet1.xml":
            return data
        text = data.decode("utf-8").replace("<worksheet", f"<!DOCTYPE bomb [{entities}]><worksheet", 1)
        return text.encode("utf-8")
    return _rezip(_small_xlsx(), change)


def encrypted_xlsx() -> bytes:
    """The publication workbook saved with a password, as Excel does (OLE container, agile encryption)."""
    from msoffcrypto.format.ooxml import OOXMLFile
    output = io.BytesIO()
    OOXMLFile(io.BytesIO(_small_xlsx())).encrypt("motdepasse", output)
    return output.getvalue()


def _workbook(rows: list[list], hidden: list[list] | None = None) -> bytes:
    wb = openpyxl.Workbook()
    for row in rows:
        wb.active.append(row)
    if hidden is not None:
        sheet = wb.create_sheet("Brouillon")
        sheet.sheet_state = "hidden"
        for row in hidden:
            sheet.append(row)
    return workbook_bytes(wb)


COMMUNES = geography.communes()["code_commune"].tolist()
MONTHS = [f"{2019 + i // 12}-{i % 12 + 1:02d}" for i in range(82)]


@functools.lru_cache(maxsize=1)
def big_long_xlsx() -> tuple[bytes, float]:
    """A long extract of 201,392 rows (communes × 82 months × categories A and ABC) and its ABC total.

    Written part by part as Excel does (shared strings, one sheet), which is much faster than a writer library.
    """
    rng = random.Random(200_000)
    strings = ["Mois", "Code commune", "Catégorie", "Nombre de demandeurs d'emploi (données brutes)", "A", "ABC",
               *MONTHS, *COMMUNES]
    index = {text: i for i, text in enumerate(strings)}
    rows, total = [_xml_row(1, [0, 1, 2, 3], [])], 0.0
    for month in MONTHS:
        for code in COMMUNES:
            a = rng.randint(0, 400)
            abc = a + rng.randint(0, 300)
            total += abc
            for category, value in (("A", a), ("ABC", abc)):
                rows.append(_xml_row(len(rows) + 1, [index[month], index[code], index[category]], [value]))
    parts = {"[Content_Types].xml": CONTENT_TYPES, "_rels/.rels": ROOT_RELS, "xl/workbook.xml": WORKBOOK,
             "xl/_rels/workbook.xml.rels": WORKBOOK_RELS,
             "xl/sharedStrings.xml": f'<sst xmlns="{MAIN}" count="{len(strings)}" uniqueCount="{len(strings)}">'
                                     + "".join(f"<si><t>{t}</t></si>" for t in strings) + "</sst>",
             "xl/worksheets/sheet1.xml": f'<worksheet xmlns="{MAIN}"><sheetData>' + "".join(rows)
                                         + "</sheetData></worksheet>"}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as target:
        for name, text in parts.items():
            target.writestr(name, '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' + text)
    return buffer.getvalue(), total


def _xml_row(number: int, texts: list[int], values: list[int]) -> str:
    letters = "ABCD"
    cells = [f'<c r="{letters[i]}{number}" t="s"><v>{t}</v></c>' for i, t in enumerate(texts)]
    cells += [f'<c r="{letters[len(texts) + i]}{number}"><v>{v}</v></c>' for i, v in enumerate(values)]
    return f'<row r="{number}">{"".join(cells)}</row>'


MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
DOC_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
CONTENT_TYPES = (
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/sharedStrings.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>')
ROOT_RELS = (f'<Relationships xmlns="{RELS}"><Relationship Id="rId1" Type="{DOC_RELS}/officeDocument" '
             'Target="xl/workbook.xml"/></Relationships>')
WORKBOOK = (f'<workbook xmlns="{MAIN}" xmlns:r="{DOC_RELS}"><sheets>'
            '<sheet name="DEFM" sheetId="1" r:id="rId1"/></sheets></workbook>')
WORKBOOK_RELS = (f'<Relationships xmlns="{RELS}">'
                 f'<Relationship Id="rId1" Type="{DOC_RELS}/worksheet" Target="worksheets/sheet1.xml"/>'
                 f'<Relationship Id="rId2" Type="{DOC_RELS}/sharedStrings" Target="sharedStrings.xml"/>'
                 '</Relationships>')


def shifted_header_xlsx() -> bytes:
    """Eleven blank or title rows, then the header on row 12."""
    rows = [["Demandeurs d'emploi de catégorie A par zone d'emploi, données brutes"], [], ["Source : France Travail"]]
    rows += [[]] * 8
    rows.append(["Trimestre", "Code zone d'emploi", "Nombre de demandeurs d'emploi"])
    rows += [["2020-T2", code, 1000 + i] for i, code in enumerate(sorted(geography.builtin_territories().query(
        "maille == 'ze2020'")["code"]))]
    return _workbook(rows)


def _data_faults() -> list[Case]:
    return [Case(b.name, lambda b=b: b.content, b.message, row=b.row, column=b.column, source=b.source)
            for b in bad_extracts()]


def _hostile() -> list[Case]:
    good_csv = dares_long_csv().content
    return [
        Case("zip_endommage.xlsx", lambda: b"PK\x03\x04" + random.Random(1).randbytes(4000), "archive illisible"),
        Case("tronque.xlsx", lambda: _small_xlsx()[: len(_small_xlsx()) // 2], "peut-être tronquée"),
        Case("bombe_zip.xlsx", zip_bomb, "se décompresse en 1024,0 Mo"),
        Case("bombe_menteuse.xlsx", lying_zip_bomb, "endommagé"),
        Case("bombe_entites.xlsx", entity_bomb, "déclare des entités XML"),
        Case("protege.xlsx", encrypted_xlsx, "protégé par un mot de passe"),
        Case("image.xlsx", lambda: b"\x89PNG\r\n\x1a\n" + bytes(2000), "ni un classeur"),
        Case("archive.xlsx", lambda: _rezip(_plain_zip(), lambda n, d: d), "ni un classeur"),
        Case("xls_abime.xls", lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + random.Random(2).randbytes(3000),
             "n'a pas pu être lu"),
        Case("trop_gros.csv", lambda: good_csv + b"\n" * (60 * 1024 * 1024), "au-delà de la limite de 50 Mo"),
        Case("lent.xlsx", _small_xlsx, "a dépassé 0,5 s",
             env={"CLEFOP_READ_TIMEOUT": "0.5", "CLEFOP_READ_TEST_DELAY": "600"}),
        Case("gourmand.xlsx", lambda: big_long_xlsx()[0], "plus de 80 Mo de mémoire",
             env={"CLEFOP_READ_MEMORY_MB": "80"}),
        Case("coin_lointain.xlsx", far_corner_xlsx, "plus de 300 Mo de mémoire", env={"CLEFOP_READ_MEMORY_MB": "300"}),
        Case("repetitions.ods", repeated_ods, "plus de 300 Mo de mémoire", env={"CLEFOP_READ_MEMORY_MB": "300"}),
        Case("vide_total.csv", lambda: b"", "Aucune donnée exploitable"),
        Case("texte.xlsx", lambda: "Compte rendu de la plénière du CLEFOP.\nRien à importer.\n".encode(),
             "Aucune donnée exploitable"),
    ]


def far_corner_xlsx() -> bytes:
    """A workbook of a few kilobytes with cells A1 and XFD1048576: a reader would allocate the whole grid."""
    book = openpyxl.Workbook()
    book.active["A1"] = "Demandeurs d'emploi"
    book.active["XFD1048576"] = 1
    return workbook_bytes(book)


def repeated_ods() -> bytes:
    """An OpenDocument sheet of under a kilobyte whose one cell repeats over 30 000 rows and 1 024 columns."""
    content = ('<?xml version="1.0" encoding="UTF-8"?><office:document-content '
               'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
               'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" office:version="1.2">'
               '<office:body><office:spreadsheet><table:table table:name="Feuille1">'
               '<table:table-row table:number-rows-repeated="30000"><table:table-cell table:number-columns-repeated'
               '="1024" office:value-type="float" office:value="1"/></table:table-row>'
               '</table:table></office:spreadsheet></office:body></office:document-content>')
    manifest = ('<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
                'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
                '<manifest:file-entry manifest:full-path="/" '
                'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
                '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
                '</manifest:manifest>')
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        target.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        target.writestr("content.xml", content)
        target.writestr("META-INF/manifest.xml", manifest)
    return buffer.getvalue()


def _plain_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as target:
        target.writestr("donnees.csv", "a;b\n1;2\n")
    return buffer.getvalue()


def _accepted() -> list[Case]:
    wide = wide_quarters_xlsx()
    annex = as_xlsm(partial_activity_annex_xlsx())
    dares = dares_long_csv()
    return [
        Case("macros.xlsm", lambda: annex.content, "macros : elles n'ont pas été exécutées", accepted=True,
             totals=lambda: annex.totals),
        Case("classeur_renomme.txt", lambda: wide.content, "porte l'extension « .txt »", accepted=True,
             totals=lambda: wide.totals),
        Case("csv_renomme.xlsx", lambda: dares.content, "c'est en réalité un fichier texte", accepted=True,
             totals=lambda: dares.totals),
        Case("en_tete_ligne_12.xlsx", shifted_header_xlsx, "", accepted=True,
             totals=lambda: {"demandeurs": sum(1000 + i for i in range(23))}),
        Case("feuille_masquee.xlsx", lambda: _workbook([["Trimestre", "Code zone d'emploi",
                                                         "Demandeurs d'emploi de catégorie A (brut)"],
                                                        ["2020-T2", "5206", 4321]],
                                                       hidden=[["brouillon", "#REF!"]]),
             "Feuille masquée « Brouillon » ignorée", accepted=True, totals=lambda: {"demandeurs": 4321}),
        Case("deux_cent_mille_lignes.xlsx", lambda: big_long_xlsx()[0], "", accepted=True,
             totals=lambda: {"demandeurs": big_long_xlsx()[1]}),
    ]


def corpus() -> list[Case]:
    """Return every case of the corpus (at least thirty)."""
    return [*_data_faults(), *_hostile(), *_accepted()]

"""Import of the official EFOP referential: communes (or EPCI) → territory, validated and dissolved."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from loaders.domain.territory import LEVEL, NAME_MAX_LENGTH, WHOLE_REGION_LABEL
from loaders.errors import ERROR, WARNING, Problem, column_letter
from loaders.intake.reading import Sheet
from loaders.settings import GEO_DIR
from loaders.store import MailleData
from loaders.tables.columns import Role, find_header, is_blank
from loaders.values import geography, geometry
from loaders.values.textnorm import name_key, normalize, pad_code, spreadsheet_safe

# The map of an imported grid weighs at most MAILLE_BUDGET bytes, plus PER_TERRITORY for each territory beyond
# the hundredth (one territory per commune, 1 228 of them, stays under 1.1 MB); its outlines are simplified to fit.
MAILLE_BUDGET, PER_TERRITORY = 300_000, 700
ROLES = [
    Role(LEVEL.commune, ("code commune", "code insee", "insee", "codgeo", "depcom", "code geo", "com",
                     "commune code")),
    Role(LEVEL.epci, ("siren", "code epci", "siren epci", "epci siren", "code siren", "epci code")),
    Role("territory_code", ("code territoire", "code efop", "code clefop", "id territoire",
                            "numero territoire", "n territoire", "no territoire", "num territoire")),
    Role("territory_name", ("territoire", "nom territoire", "libelle territoire", "territoire efop",
                            "efop", "clefop", "nom efop", "bassin"),
         excludes=("code", "id", "numero", "n", "no", "num")),
]
NOTE_PREFIXES = ("source", "note", "champ", "lecture", "*", "total")


@dataclass
class ReferentialReport:
    """What a referential file holds and what is wrong with it (the CLI's JSON contract)."""

    filename: str
    name: str
    territories: dict[str, str] = field(default_factory=dict)
    assignment: dict[str, str] = field(default_factory=dict)
    unknown: list[str] = field(default_factory=list)
    outside: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def missing(self) -> list[str]:
        """Return the region's communes left without a territory."""
        return sorted(set(geography.communes()["code_commune"]) - set(self.assignment))

    @property
    def ok(self) -> bool:
        """Return True when nothing blocks the import."""
        return not any(p.severity == ERROR for p in self.problems)

    def to_dict(self) -> dict:
        """Return the JSON object printed by `python -m loaders referential import --json`."""
        return {
            "status": "ok" if self.ok else "error", "file": self.filename, "name": self.name,
            "territories": sorted(self.territories), "communes": len(self.assignment),
            "missing": self.missing, "unknown": self.unknown, "outside": self.outside,
            "duplicates": self.duplicates,
            "errors": [p.to_dict() for p in self.problems if p.severity == ERROR],
            "warnings": [p.to_dict() for p in self.problems if p.severity == WARNING],
        }


def parse_referential(sheets: list[Sheet], filename: str, name: str) -> ReferentialReport:
    """Find the referential table in a file and validate every row of it."""
    report = ReferentialReport(filename=filename, name=name)
    located = _locate(sheets)
    if located is None:
        report.problems.append(Problem(
            "Aucune table de référentiel trouvée : il faut une colonne de codes de communes (ou de SIREN "
            "d'EPCI) et une colonne de territoire (code ou nom).", sheets[0].name if sheets else None))
        return report
    sheet, header_row, columns = located
    _read_rows(sheet, header_row, columns, report)
    _check_missing(report)
    return report


def _locate(sheets: list[Sheet]) -> tuple[Sheet, int, dict[str, int]] | None:
    for sheet in sheets:
        found = find_header(sheet.rows, ROLES, _usable)
        if found:
            return sheet, found[0], found[1]
    return None


def _usable(roles: set[str]) -> bool:
    return bool(roles & {LEVEL.commune, LEVEL.epci}) and bool(roles & {"territory_code", "territory_name"})


def _read_rows(sheet: Sheet, header_row: int, columns: dict[str, int], report: ReferentialReport) -> None:
    first_rows: dict[str, tuple[str, int]] = {}
    names: dict[str, tuple[str, int]] = {}  # a territory's name (compared as a key) → its code and first row
    code_col = columns.get(LEVEL.commune, columns.get(LEVEL.epci))
    for index in range(header_row + 1, len(sheet.rows)):
        row = sheet.rows[index]
        cell = row[code_col] if code_col < len(row) else ""
        territory = _territory(row, columns)
        if is_blank(cell) or territory is None:
            _skip_row(sheet, index, row, report)
            continue
        communes = _communes_of(cell, sheet.name, index, code_col, report)
        code, label = territory
        if code not in report.territories:
            _check_name(label, names.setdefault(name_key(label), (code, index + 1)), code,
                        (sheet.name, index + 1, column_letter(columns.get("territory_name", code_col))), report)
            report.territories[code] = label
        for commune in communes:
            previous = first_rows.get(commune)
            if previous and previous[0] != code:
                report.duplicates.append(commune)
                report.problems.append(Problem(
                    f"La commune {commune} est rattachée à deux territoires : « {report.territories[previous[0]]} » "
                    f"(ligne {previous[1]}) et « {label} ».", sheet.name, index + 1, column_letter(code_col)))
            elif previous is None:
                first_rows[commune] = (code, index + 1)
                report.assignment[commune] = code


def _check_name(label: str, first: tuple[str, int], code: str, where: tuple, report: ReferentialReport) -> None:
    """Refuse a territory name that the pages, links and decks could not show as itself."""
    why = None
    if first[0] != code:
        why = f"est déjà le nom d'un autre territoire (code {first[0]}, ligne {first[1]}) : deux territoires " \
              "ne peuvent pas porter le même nom"
    elif name_key(label) == name_key(WHOLE_REGION_LABEL):
        why = "est réservé au choix de toute la région"
    elif len(label) > NAME_MAX_LENGTH:
        why = f"a {len(label)} caractères : {NAME_MAX_LENGTH} au plus"
    elif spreadsheet_safe(label) != label or label.startswith("<"):
        why = "commence comme une formule, un lien de tableur ou une balise"
    if why:
        report.problems.append(Problem(f"Nom de territoire « {_cut(label)} » refusé : il {why}.", *where))


def _cut(label: str) -> str:
    return label if len(label) <= NAME_MAX_LENGTH else f"{label[:NAME_MAX_LENGTH]}…"


def _territory(row: list[object], columns: dict[str, int]) -> tuple[str, str] | None:
    def cell(role: str) -> str:
        col = columns.get(role)
        value = row[col] if col is not None and col < len(row) else ""
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return "" if is_blank(value) else str(value).strip()
    code, label = cell("territory_code"), cell("territory_name")
    if not code and not label:
        return None
    return (code or name_key(label).replace(" ", "-")), (label or code)


def _communes_of(cell: object, sheet: str, index: int, col: int, report: ReferentialReport) -> list[str]:
    """Return the current communes a code cell stands for (a commune, an old code or an EPCI)."""
    text = str(cell).strip()
    digits = text[:-2] if text.endswith(".0") else text
    epci = geography.epci_communes()
    siren = pad_code(cell, 9) if len(digits) > 5 else None
    if siren and siren in epci:
        return epci[siren]
    commune = geography.current_commune(pad_code(cell, 5))
    if commune:
        return [commune]
    code = siren or pad_code(cell, 5) or text
    where = (sheet, index + 1, column_letter(col))
    if code[:2] in {"44", "49", "53", "72", "85"} or not code.isdigit() or len(code) == 9:
        report.unknown.append(code)
        report.problems.append(Problem(
            f"Code « {text} » inconnu : ni commune ni EPCI de la région.", *where))
    else:
        report.outside.append(code)
        report.problems.append(Problem(f"Commune {code} hors région : ligne ignorée.", *where, severity=WARNING))
    return []


def _skip_row(sheet: Sheet, index: int, row: list[object], report: ReferentialReport) -> None:
    filled = [c for c in row if not is_blank(c)]
    if not filled or normalize(filled[0]).startswith(NOTE_PREFIXES) or str(filled[0]).startswith("*"):
        return
    report.problems.append(Problem("Ligne ignorée : il manque le code ou le territoire.",
                                   sheet.name, index + 1, severity=WARNING))


def _check_missing(report: ReferentialReport) -> None:
    missing = report.missing
    if not missing or not report.assignment:
        return
    names = geography.communes().set_index("code_commune")["nom_commune"]
    shown = ", ".join(f"{c} {names[c]}" for c in missing[:10])
    more = f" et {len(missing) - 10} autres" if len(missing) > 10 else ""
    report.problems.append(Problem(
        f"{len(missing)} commune(s) de la région sans territoire : {shown}{more}.", None))


def build_maille(report: ReferentialReport, maille_id: str = geography.EFOP_ID) -> MailleData:
    """Return the maille of a valid referential, its polygons dissolved from the communes."""
    membership = pd.DataFrame(sorted(report.assignment.items()), columns=["code_commune", "territory"])
    territories = pd.DataFrame(sorted(report.territories.items()), columns=["code", "name"])
    return MailleData(maille_id, report.name, territories, membership, dissolve_geojson(membership, report))


def dissolve_geojson(membership: pd.DataFrame, report: ReferentialReport) -> str:
    """Dissolve the committed commune polygons by territory and simplify them to the budget."""
    import geopandas as gpd  # here: a data import never needs it, and it costs a tenth of a second to load
    polygons = gpd.read_file(GEO_DIR / "communes.geojson")
    hosts = geography.communes().set_index("code_commune")["code_contour"]
    assigned = dict(zip(membership["code_commune"], membership["territory"]))
    for commune, host in hosts.items():
        if commune != host and assigned.get(commune) != assigned.get(host):
            report.problems.append(Problem(
                f"La commune {commune} n'a pas de contour propre : elle est dessinée avec la commune {host}, "
                "rattachée à un autre territoire.", severity=WARNING))
    polygons["territory"] = polygons["code"].map(assigned)
    dissolved = geometry.dissolve(polygons.dropna(subset=["territory"]), "territory")
    budget = MAILLE_BUDGET + PER_TERRITORY * max(0, len(dissolved) - 100)
    fitted = geometry.simplify_to_budget(dissolved.rename(columns={"territory": "code"}), ["code"], budget)
    if fitted is None:
        report.problems.append(Problem(f"Les contours des {len(dissolved)} territoires ne tiennent pas en "
                                       f"{budget // 1000} Ko, même simplifiés : la carte ne pourrait pas être "
                                       "dessinée.", None))
        return ""
    return fitted[0]

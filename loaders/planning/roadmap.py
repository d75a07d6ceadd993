"""The CLEFOP roadmap as data: priority themes, and the partners' service offer (catalogue) with its checks."""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlparse

import pandas as pd

from loaders.domain.roadmap import MAX_PRIORITIES, MIN_PRIORITIES, PUBLICS, THEME_BY_ID, THEMES
from loaders.errors import ERROR, WARNING, Problem, column_letter
from loaders.intake.reading import read_sheets
from loaders.settings import PROJECT_DIR
from loaders.tables.columns import Role, find_header, is_blank
from loaders.values.textnorm import LIST_SEPARATOR, normalize

CATALOGUE_FILE = PROJECT_DIR / "data/catalogue/offre_de_services.csv"
CATALOGUE_COLUMNS = ("name", "carrier", "publics", "themes", "description", "link")
THEME_KEYS = {normalize(t.label): t.id for t in THEMES} | {t.id: t.id for t in THEMES}
PUBLIC_KEYS = {normalize(p): p for p in PUBLICS}

ROLES = [
    Role("name", ("nom", "mesure", "dispositif", "intitule", "service", "nom de la mesure")),
    Role("carrier", ("porteur", "partenaire", "operateur", "financeur", "porte par")),
    Role("publics", ("publics", "public", "beneficiaires", "public cible", "pour qui")),
    Role("themes", ("themes", "theme", "priorites", "thematiques", "axe")),
    Role("description", ("description", "en bref", "presentation", "resume")),
    Role("link", ("en savoir plus", "lien", "url", "site", "site internet", "adresse web")),
]


@dataclass
class CatalogueReport:
    """The items read from a catalogue file and the problems found, with Excel coordinates."""

    filename: str
    items: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=list(CATALOGUE_COLUMNS)))
    rows_read: int = 0
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """Return True when no blocking error was found."""
        return bool(len(self.items)) and not any(p.severity == ERROR for p in self.problems)

    def to_dict(self) -> dict:
        """Return the JSON form of the report (same keys as the other imports)."""
        return {"status": "ok" if self.ok else "error", "file": self.filename, "items": len(self.items),
                "rows_read": self.rows_read,
                "errors": [p.to_dict() for p in self.problems if p.severity == ERROR],
                "warnings": [p.to_dict() for p in self.problems if p.severity == WARNING]}


def split_values(cell: object) -> list[str]:
    """Split a multi-valued cell (« jeunes, demandeurs d'emploi » or with « ; » or « | »)."""
    text = "" if is_blank(cell) else str(cell)
    for separator in (";", "|"):
        text = text.replace(separator, ",")
    return [part.strip() for part in text.split(",") if part.strip()]


def parse_catalogue(content: bytes, filename: str) -> CatalogueReport:
    """Read and check a service-offer catalogue (CSV or Excel): one measure per row."""
    report = CatalogueReport(filename)
    for sheet in read_sheets(content, filename):
        found = find_header(sheet.rows, ROLES, lambda roles: {"name", "themes"} <= roles)
        if found is None:
            continue
        header, columns = found
        rows = [_item(sheet.name, index, row, columns, report) for index, row in enumerate(sheet.rows)
                if index > header and not all(is_blank(c) for c in row)]
        report.items = pd.DataFrame([r for r in rows if r], columns=list(CATALOGUE_COLUMNS))
        _check_duplicates(report, sheet.name)
        return report
    report.problems.append(Problem("Aucun tableau d'offre de services trouvé : il faut au moins les colonnes "
                                   "« Nom » et « Thèmes » (voir le fichier par défaut)."))
    return report


def _item(sheet: str, index: int, row: list, columns: dict[str, int], report: CatalogueReport) -> dict | None:
    report.rows_read += 1
    cell = {role: (row[col] if col < len(row) else "") for role, col in columns.items()}
    problems = []

    def problem(message: str, role: str) -> None:
        problems.append(Problem(message, sheet, index + 1, column_letter(columns.get(role))))
    name = "" if is_blank(cell.get("name")) else str(cell["name"]).strip()
    if not name:
        problem("Nom de la mesure manquant.", "name")
    given = split_values(cell.get("themes"))
    themes = [_match(v, THEME_KEYS) for v in given]
    for value, theme in zip(given, themes):
        if theme is None:
            problem(f"Thème « {value} » inconnu : thèmes possibles : {', '.join(t.label for t in THEMES)}.",
                    "themes")
    if not themes:
        problem("Aucun thème indiqué.", "themes")
    publics = [_match(v, PUBLIC_KEYS) for v in split_values(cell.get("publics"))]
    for value, public in zip(split_values(cell.get("publics")), publics):
        if public is None:
            problem(f"Public « {value} » inconnu : publics possibles : {', '.join(PUBLICS)}.", "publics")
    link = "" if is_blank(cell.get("link")) else str(cell["link"]).strip()
    parsed = urlparse(link)
    if link and (parsed.scheme not in ("http", "https") or "." not in parsed.netloc):
        problem(f"Lien « {link} » invalide : une adresse web complète est attendue (https://…).", "link")
    report.problems += problems
    if problems:
        return None
    return {"name": name, "carrier": str(cell.get("carrier") or "").strip(),
            "publics": LIST_SEPARATOR.join(publics), "themes": LIST_SEPARATOR.join(dict.fromkeys(themes)),
            "description": str(cell.get("description") or "").strip(),
            "link": link}


def _match(value: str, known: dict[str, str]) -> str | None:
    key = normalize(value)
    return known.get(key) or next((v for k, v in known.items() if key and (key in k or k in key)), None)


def _check_duplicates(report: CatalogueReport, sheet: str) -> None:
    repeated = report.items["name"][report.items["name"].duplicated()]
    for name in sorted(set(repeated)):
        report.problems.append(Problem(f"La mesure « {name} » figure plusieurs fois.", sheet, severity=WARNING))


def default_catalogue() -> pd.DataFrame:
    """Return the catalogue shipped with the dashboard (used until one is imported)."""
    report = parse_catalogue(CATALOGUE_FILE.read_bytes(), CATALOGUE_FILE.name)
    if not report.ok:
        raise ValueError(f"Catalogue par défaut invalide : {report.to_dict()['errors'][:3]}")
    return report.items


def check_priorities(themes: list[str]) -> str | None:
    """Return why a choice of priority themes is not acceptable, or None."""
    unknown = [t for t in themes if t not in THEME_BY_ID]
    if unknown:
        return f"Thème(s) inconnu(s) : {', '.join(unknown)}."
    if not MIN_PRIORITIES <= len(set(themes)) <= MAX_PRIORITIES:
        return f"Choisissez de {MIN_PRIORITIES} à {MAX_PRIORITIES} priorités (feuille de route des CLEFOP)."
    return None

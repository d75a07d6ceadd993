"""Recognising the territory of a row from a code or a name, at any geographic level."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import pandas as pd

from loaders.domain.schema import Role
from loaders.domain.territory import BUILTIN_MAILLES, FRANCE_CODE, LEVEL, LEVELS, PARTIAL_SUFFIX, REGION
from loaders.values import geography
from loaders.values.textnorm import epci_key, name_key, normalize, pad_code, without_invisible

REGION_CODE, REGION_DEPARTEMENTS = REGION.code, REGION.departements
REGION_WORDS = {name_key(w) for w in (REGION.name, "Total région", f"Total {REGION.name}", f"Région {REGION.name}",
                                      REGION.name.replace(" ", "-"), "PDL", f"Région des {REGION.name}")}
# A total row that does not name its territory: the region's in a regional file, France's in a national one.
TOTAL_WORDS = {name_key(w) for w in ("Région", "Total", "Ensemble", "Total général", "Tous territoires")}
FRANCE_WORDS = {name_key(w) for w in ("France", "France entière", "France métropolitaine", "France hors Mayotte",
                                      "France métropolitaine et DOM", "Total France", FRANCE_CODE, "FM", "FE")}
OUTSIDE_ANY = {name_key(w) for w in ("Communes hors EPCI", "Z. Communes hors EPCI", "Hors EPCI",
                                     "Communes hors EPCI à fiscalité propre")}
EXCEPT_WORDS = ("hors", "sauf", "compris")  # « France hors Mayotte », « y compris Mayotte » name France
NOT_A_TERRITORY = {"NA", "N/A", "#N/A"}  # R's and Excel's « no value » in a code column
# Rows of a national file that no territory holds (establishments or people not allocated, abroad): set aside
# and counted when the file's other rows are placed, never added to anything.
UNALLOCATED_WORDS = {name_key(w) for w in (
    "Non renseigné", "Non renseignée", "Non renseignés", "Étranger", "Etranger", "Non ventilé", "Non ventilée",
    "Non ventilés", "Non localisé", "Non localisée", "Indéterminé", "Non déterminé", "Non précisé", "Inconnu",
    "Non affecté", "Non affectés", "Sans objet", "Hors territoire", "Autres (non ventilés)")}
UNALLOCATED_CODE = re.compile(r"^9{2,}$")  # « 99 », « 999 », « 99999 »: the producers' code for « not allocated »
ADMIN_CODE = re.compile(r"(?i)^\s*(\d{1,3}|2[AB])(?:\s*-.*)?\s*$")  # « 44 », « 2A », « 971 », « 26  -Drôme »
CLE_CODE = re.compile(r"^CLPE(\d[\dAB])[\dA-Z]\d\d$")  # France Travail's code of a CLE: CLPE + département + rank


LEVEL_BY_ID = {level.id: level for level in LEVELS}
REGION_TOTAL, FRANCE_TOTAL = "region_total", "france_total"  # a row that is the region or France as a whole
NAME_PREFERENCE = (LEVEL.territoire, LEVEL.cle, LEVEL.zone_emploi, LEVEL.departement, LEVEL.epci, LEVEL.commune,
                   LEVEL.region)


def geo_roles() -> list[Role]:
    """Return the header roles of every level's code and name columns."""
    roles = []
    for level in LEVELS:
        roles.append(Role(f"code:{level.id}", level.code_synonyms))
        roles.append(Role(f"name:{level.id}", level.name_synonyms, excludes=("code", "siren", "id")))
    return roles


@dataclass(frozen=True)
class Place:
    """Where a row belongs: its level and code, or why it does not count."""

    status: str  # "ok", REGION_TOTAL, "outside" (other region), "unknown", "total" (unnamed total row),
    #              FRANCE_TOTAL, "none" (no territory: NA)
    level: str | None = None
    code: str | None = None


class GeoIndex:
    """Codes and names of the region's territories at every level (EFOP when imported)."""

    def __init__(self, efop: pd.DataFrame | None = None) -> None:
        self.codes = _reference_codes()
        self.names = _reference_names()
        if efop is not None and len(efop):
            self.codes = {**self.codes, LEVEL.territoire: set(efop["code"])}
            self.names = {**self.names, LEVEL.territoire: {name_key(n): c for c, n in zip(efop["code"], efop["name"])}}

    def by_code(self, level: str, cell: object) -> Place:
        """Resolve a code cell of a known level."""
        spec = LEVEL_BY_ID[level]
        if str(cell).strip().upper() in NOT_A_TERRITORY:
            return Place("none")
        if UNALLOCATED_CODE.match(without_invisible(str(cell)).strip().removesuffix(".0")):
            return Place("unallocated")
        if level in (LEVEL.departement, LEVEL.region):
            return self._administrative(level, cell)
        if level == LEVEL.cle:
            return self._cle(cell)
        code = pad_code(cell, spec.width) if spec.width else (None if cell in (None, "") else str(cell).strip())
        if code is None:
            return self.by_name(level, cell)
        if level == LEVEL.commune:
            current = geography.current_commune(code)
            if current:
                return Place("ok", LEVEL.commune, current)
        elif code in self.codes.get(level, ()):
            return Place("ok", level, code)
        return Place("outside") if _outside(level, code) else Place("unknown", level, code)

    def _cle(self, cell: object) -> Place:
        """Resolve a CLE code (« CLPE49002 »); a name in a code column is read as a name."""
        code = without_invisible(str(cell)).strip().upper()
        if code in self.codes[LEVEL.cle]:
            return Place("ok", LEVEL.cle, code)
        found = CLE_CODE.match(code)
        if found is None:
            return self.by_name(LEVEL.cle, cell)
        outside = found.group(1) not in REGION_DEPARTEMENTS
        return Place("outside") if outside else Place("unknown", LEVEL.cle, code)

    def _administrative(self, level: str, cell: object) -> Place:
        """Resolve a département or région code, read at that level only (département 52 is Haute-Marne)."""
        text = str(int(cell)) if isinstance(cell, float) and cell.is_integer() else without_invisible(str(cell))
        found = ADMIN_CODE.match(text)
        if not found:
            return self.by_name(level, cell)
        code = found.group(1).upper()
        code = code.zfill(2) if code.isdigit() and len(code) < 3 else code
        if level == LEVEL.region:
            if code == REGION_CODE:
                return Place(REGION_TOTAL, LEVEL.region, REGION_CODE)
            return Place("outside") if code in geography.national_regions() else Place("unknown", level, code)
        if code in self.codes[LEVEL.departement]:
            return Place("ok", LEVEL.departement, code)
        return Place("outside") if code in geography.national_departements() else Place("unknown", level, code)

    def by_name(self, level: str | None, cell: object) -> Place:
        """Resolve a name cell, at one level or at whichever level knows the name."""
        key = name_key(cell)
        if not key:
            return Place("unknown")
        if str(cell).strip().upper() in NOT_A_TERRITORY:
            return Place("none")
        if key in REGION_WORDS:
            return Place(REGION_TOTAL, LEVEL.region, REGION_CODE)
        if key in TOTAL_WORDS:
            return Place("total")
        if key in FRANCE_WORDS or key.startswith(("france ", "total france")):  # « France entière (hors Mayotte) »
            return Place(FRANCE_TOTAL)
        if key in OUTSIDE_ANY:
            return Place("hors")
        if key in UNALLOCATED_WORDS:
            return Place("unallocated")
        if CLE_CODE.match(without_invisible(str(cell)).strip().upper()):  # a CLPE code says its level anywhere
            return self._cle(cell)
        levels = [level] if level else list(NAME_PREFERENCE)
        for candidate in levels:
            code = self.names.get(candidate, {}).get(key)
            if code:
                return Place("ok", candidate, code)
        if level in (None, LEVEL.epci) and epci_key(cell) in self.names.get("epci_folded", {}):
            return Place("ok", LEVEL.epci, self.names["epci_folded"][epci_key(cell)])
        return Place("outside") if _elsewhere(levels, cell) else Place("unknown", level, str(cell).strip())

    def name_level(self, cells: list[object], context: str = "") -> tuple[str | None, tuple[str, ...]]:
        """Return the level whose names match most of the given cells, or (None, the levels that tie).

        Levels that know as many of the names (« Cholet » the CLE, the zone d'emploi, the commune) are told
        apart only by the words of the context (title, sheet name): never by a preference.
        """
        ignored = REGION_WORDS | TOTAL_WORDS | FRANCE_WORDS
        keys = {name_key(c) for c in cells} - ignored - {""}
        if not keys:
            return None, ()
        scores = {lv: sum(k in self.names.get(lv, {}) for k in keys) for lv in NAME_PREFERENCE}
        best = max(scores.values())
        tied = tuple(lv for lv in NAME_PREFERENCE if scores[lv] == best)
        if not best:
            return None, ()
        if len(tied) == 1:
            return tied[0], ()
        words = f" {normalize(context)} "
        named = [lv for lv in tied if any(f" {w} " in words for w in LEVEL_BY_ID[lv].title_words)]
        return (named[0], ()) if len(named) == 1 else (None, tied)


def named_elsewhere(text: str) -> str | None:
    """Return a département, région or EPCI of another région that a title names, once the region's own place
    names are taken out (« Loire » is in « Pays de la Loire »); short names (« Nord », « Ain ») are not read."""
    words = _without(text, _own_keys())
    for level in (LEVEL.epci, LEVEL.region, LEVEL.departement):
        for key in _outside_keys(level):
            if f" {key} " in words and not any(f" {w} {key} " in words for w in EXCEPT_WORDS):
                return key
    return None


def named_inside(text: str) -> str | None:
    """Return a département, zone d'emploi, CLE or EPCI of the region that a title names, as written there: a
    table whose title names one is that territory's, never the whole region's."""
    words = _without(text, REGION_WORDS)
    for key in _inside_keys():
        if f" {key} " in words:
            return key
    return None


def _without(text: str, names) -> str:
    """Return the words of a title, spaced at both ends, with the given names taken out (longest first)."""
    words = f" {name_key(text)} "
    for key in sorted(names, key=len, reverse=True):
        words = words.replace(f" {key} ", " ")
    return words


@lru_cache(maxsize=1)
def _inside_keys() -> tuple[str, ...]:
    names = _reference_names()
    keys = {k for level, found in names.items() if level in LEVEL_BY_ID and level != LEVEL.commune for k in found}
    return tuple(sorted((k for k in keys if len(k) >= 5 or " " in k), key=len, reverse=True))


@lru_cache(maxsize=1)
def _own_keys() -> frozenset[str]:
    names = _reference_names()
    return frozenset({*REGION_WORDS, *(k for level in names.values() for k in level)} - {""})


@lru_cache(maxsize=4)
def _outside_keys(level: str) -> tuple[str, ...]:
    national = geography.national_names().get(level, {})
    return tuple(k for k, r in sorted(national.items(), key=lambda kv: -len(kv[0]))
                 if REGION_CODE not in r.split() and (len(k) >= 5 or " " in k))


def _elsewhere(levels: list[str], cell: object) -> bool:
    """Return True when a name is that of a département, région or EPCI of another région."""
    national = geography.national_names()
    keys = {LEVEL.epci: epci_key(cell)}
    for level in levels:
        found = national.get(level, {}).get(name_key(cell)) or national.get(level, {}).get(keys.get(level, ""))
        if found and REGION_CODE not in found.split():
            return True
    return False


def _outside(level: str, code: str) -> bool:
    if level in (LEVEL.commune, LEVEL.departement):
        return code[:2] not in REGION_DEPARTEMENTS
    if level == LEVEL.zone_emploi:
        return not code.startswith(REGION_CODE)
    return False


def level_codes(level: str) -> set[str]:
    """Return the codes the region has at a level (communes, EPCI, zones d'emploi, départements, region)."""
    return _reference_codes().get(level, set())


@lru_cache(maxsize=1)
def _reference_codes() -> dict[str, set[str]]:
    territories = geography.builtin_territories()
    codes = {m.level: set(territories.loc[territories["maille"] == m.id, "code"]) for m in BUILTIN_MAILLES}
    return {**codes, LEVEL.commune: set(geography.communes()["code_commune"]), LEVEL.region: {REGION_CODE}}


@lru_cache(maxsize=1)
def _reference_names() -> dict[str, dict[str, str]]:
    territories = geography.builtin_territories()
    communes = geography.communes()
    names = {LEVEL.commune: {}}
    for code, name in zip(communes["code_commune"], communes["nom_commune"]):
        names[LEVEL.commune].setdefault(name_key(name), code)
    for maille in BUILTIN_MAILLES:
        if maille.level == LEVEL.region:
            continue
        rows = territories[territories["maille"] == maille.id]
        level = names[maille.level] = {name_key(n): c for c, n in zip(rows["code"], rows["nom"])}
        # « Alençon » as well as « Alençon (partie régionale) »
        level.update({name_key(n.removesuffix(PARTIAL_SUFFIX)): c for c, n in zip(rows["code"], rows["nom"])})
        if maille.level == LEVEL.cle:  # a CLPE code says its level wherever it stands
            level.update({name_key(c): c for c in rows["code"]})
        if maille.level == LEVEL.epci:  # names of older vintages: « CC Pays de X » for « CC du Pays de X »
            folded = pd.Series(rows["code"].to_numpy(), index=[epci_key(n) for n in rows["nom"]])
            names["epci_folded"] = folded[~folded.index.duplicated(keep=False)].to_dict()
    return names

"""What a table's context says: the period named by its title, sheet or file name; unknown header parts."""

from __future__ import annotations

from dataclasses import dataclass

from loaders.domain.sources import TOTAL_WORDS, Source
from loaders.tables.body import PART_SEPARATOR
from loaders.tables.headers import dimension_value, read_text
from loaders.values.periods import Period, dates_in_text, parse_period, periods_in_text
from loaders.values.textnorm import normalize

_TOTALS = {normalize(w) for w in TOTAL_WORDS}


@dataclass(frozen=True)
class ContextPeriod:
    """The period of a table without a period column, or why none can be given."""

    period: Period | None = None
    note: str | None = None
    problem: str | None = None


def period_from_context(title: str, sheet: str, filename: str, override: str | None) -> ContextPeriod:
    """Return the period the analyst chose, else the one the title, sheet name or file name names.

    Day dates in a title make a cumulative period (partial activity « du 1er mars au 21 juillet 2020 »);
    a title naming two months or quarters is ambiguous and refused.
    """
    if override:
        period = parse_period(override)
        return ContextPeriod(period) if period else ContextPeriod(problem=f"Période « {override} » non reconnue.")
    days = dates_in_text(title)
    if days:
        end = max(days)
        return ContextPeriod(Period(end, "cumul", f"cumul-{end.isoformat()}"),
                             f"Données cumulées jusqu'au {end.strftime('%d/%m/%Y')} (d'après le titre).")
    for where, text in (("le titre", title), ("le nom de la feuille", sheet), ("le nom du fichier", filename)):
        found = periods_in_text(text.replace("_", " "))
        if len(found) > 1:
            labels = " et ".join(f"« {p.label()} »" for p, _ in found[:3])
            return ContextPeriod(problem=f"{where.capitalize()} nomme plusieurs périodes ({labels}) : précisez "
                                         "celle des données (option --period).")
        if found:
            period = found[0][0]
            return ContextPeriod(period, f"Période {period.label()} lue dans {where}.")
    return ContextPeriod(problem="Aucune période trouvée : ni colonne de période, ni période dans le titre, le nom "
                                 "de la feuille ou du fichier. Précisez la période (option --period).")


def header_values(header: str, source: Source) -> dict[str, str]:
    """Return the breakdown values a column header names: phrases anywhere, or a part that is exactly a value."""
    values = dict(read_text(header, source)[1])
    for part in header.split(PART_SEPARATOR):
        if _is_total(part):  # « TOTAL » under « Homme » is all ages of men, not a category
            continue
        for dimension in source.dimensions:
            found = dimension_value(dimension, part) if dimension.values else None
            if found in dimension.values and dimension.name not in values:
                values[dimension.name] = found
    return values


def unknown_parts(header: str, source: Source) -> list[str]:
    """Return the parts of a column header that name nothing the source knows (they would land on a total)."""
    named = header_values(header, source)
    return [part for part in header.split(PART_SEPARATOR) if part.strip() and not _known(part, source, named)]


def _is_total(part: str) -> bool:
    norm = normalize(part)
    return norm in _TOTALS or norm.startswith(("total ", "ensemble "))


def _known(part: str, source: Source, named: dict[str, str]) -> bool:
    norm = normalize(part)
    if _is_total(part):
        return True
    indicator, values = read_text(part, source)
    if indicator or values or header_values(part, source):
        return True
    return any(d.name in named and norm in {normalize(s) for s in d.synonyms} for d in source.dimensions)

"""What the dashboard shows: the three families, the map measures, reference periods and dates."""

from __future__ import annotations

from datetime import date

from loaders.domain.sources import FAMILIES, RAW, Family  # noqa: F401 (declared with the sources, used from here)
from loaders.values.periods import Period, parse_period

FAMILY_BY_ID = {f.id: f for f in FAMILIES}

MEASURES = {
    "level": "Niveau",
    "change_pct": "Évolution depuis la référence (%)",
    "change_abs": "Évolution depuis la référence (nombre)",
    "rate": "Pour 1 000 habitants",
}

REFERENCES = {
    "auto": "Automatique (février 2020 en CVS, même mois de 2019 en brut, T4 2019 par trimestre)",
    "fevrier_2020": "Février 2020 (T4 2019 pour les trimestres)",
    "annee_precedente": "Même période un an avant",
}

LOCKDOWNS = ((date(2020, 3, 17), date(2020, 5, 11)), (date(2020, 10, 30), date(2020, 12, 15)),
             (date(2021, 4, 3), date(2021, 5, 3)))
SERIES_BREAKS = ((date(2022, 1, 1), "Changement de la procédure d'actualisation"),
                 (date(2025, 1, 1), "Loi plein emploi : inscription automatique"))


def reference_period(period: str, rule: str, adjustment: str = RAW) -> str | None:
    """Return the « avant crise » period a displayed period is compared with."""
    parsed = parse_period(period)
    if parsed is None:
        return None
    if rule == "annee_precedente":
        return _year_before(parsed)
    if rule == "auto" and parsed.kind == "month" and adjustment == RAW:
        return f"2019-{parsed.start.month:02d}"  # same month before the crisis: raw series are seasonal
    if parsed.kind == "month":
        return "2020-02"
    if parsed.kind == "quarter":
        return "2019-T4"
    return "2019"


def _year_before(period: Period) -> str:
    year, rest = period.code[:4], period.code[4:]
    return f"{int(year) - 1}{rest}"


def period_label(code: str) -> str:
    """Return the French label of a period code (« avril 2020 », « T2 2020 », « cumul au 21/07/2020 »)."""
    if code.startswith("cumul-"):
        day = date.fromisoformat(code[6:])
        return f"cumul au {day.strftime('%d/%m/%Y')}"
    parsed = parse_period(code)
    return parsed.label() if parsed else code

"""Parsing the many ways periods are written: months, quarters, years, Excel dates."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from loaders.values.textnorm import normalize

MONTHS = {
    "janvier": 1, "janv": 1, "jan": 1, "fevrier": 2, "fevr": 2, "fev": 2, "mars": 3, "mar": 3,
    "avril": 4, "avr": 4, "mai": 5, "juin": 6, "juillet": 7, "juil": 7, "aout": 8, "septembre": 9,
    "sept": 9, "sep": 9, "octobre": 10, "oct": 10, "novembre": 11, "nov": 11, "decembre": 12, "dec": 12,
}
MONTH_NAMES = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
               "octobre", "novembre", "décembre")
EXCEL_EPOCH = date(1899, 12, 30)
_MONTH_WORD = "|".join(sorted(MONTHS, key=len, reverse=True))
_PATTERNS = [
    (re.compile(r"^(\d{4}) ?t ?([1-4])$"), "quarter_yq"),                 # 2020-T2, 2020T2
    (re.compile(r"^t ?([1-4]) (\d{4})$"), "quarter_qy"),                  # T2 2020
    (re.compile(r"^([1-4]) ?(?:er|e|eme|nd) trimestre (\d{4})$"), "quarter_qy"),  # 1er trimestre 2020
    (re.compile(r"^(\d{4}) q ?([1-4])$"), "quarter_yq"),                  # 2020 Q2
    (re.compile(rf"^({_MONTH_WORD}) (\d{{4}}|\d{{2}})$"), "month_word"),  # mars 2020, mars-20, avr.-20
    (re.compile(r"^(\d{4}) (\d{1,2})$"), "month_ym"),                     # 2020-03, 2020/03
    (re.compile(r"^(\d{1,2}) (\d{4})$"), "month_my"),                     # 03/2020
    (re.compile(r"^(\d{4})(\d{2})$"), "month_ym"),                        # 202003
    (re.compile(r"^(\d{2})(\d{4})$"), "month_my"),                        # 032020 (DI_MOIS_ANNEE)
    (re.compile(r"^(\d{4}) (\d{1,2}) (\d{1,2})(?: \d{1,2} \d{2}(?: \d{2})?)?$"), "day_ymd"),  # 2020-03-01
    (re.compile(r"^(\d{1,2}) (\d{1,2}) (\d{4})$"), "day_dmy"),            # 01/03/2020
    (re.compile(r"^(?:annee )?(\d{4})$"), "year"),                        # 2020
]


@dataclass(frozen=True, order=True)
class Period:
    """A month (« 2020-04 »), a quarter (« 2020-T2 ») or a year (« 2020 »)."""

    start: date
    kind: str
    code: str

    def label(self) -> str:
        """Return the French label: « avril 2020 », « T2 2020 », « 2020 »."""
        if self.kind == "month":
            return f"{MONTH_NAMES[self.start.month - 1]} {self.start.year}"
        if self.kind == "quarter":
            return f"T{(self.start.month - 1) // 3 + 1} {self.start.year}"
        return str(self.start.year)


def month(year: int, number: int) -> Period:
    """Return the month period of a year and month number."""
    return Period(date(year, number, 1), "month", f"{year:04d}-{number:02d}")


def quarter(year: int, number: int) -> Period:
    """Return the quarter period of a year and quarter number."""
    return Period(date(year, 3 * number - 2, 1), "quarter", f"{year:04d}-T{number}")


def year(value: int) -> Period:
    """Return the year period."""
    return Period(date(value, 1, 1), "year", f"{value:04d}")


def parse_period(cell: object, allow_serial: bool = False) -> Period | None:
    """Return the period a cell names, or None; Excel serial numbers only when `allow_serial`."""
    if isinstance(cell, datetime | date):
        return month(cell.year, cell.month)
    if isinstance(cell, int | float) and not isinstance(cell, bool):
        return _from_number(float(cell), allow_serial)
    text = normalize(cell)
    for pattern, kind in _PATTERNS:
        found = pattern.match(text)
        period = _build(kind, found.groups()) if found else None
        if period is not None:
            return period
    return None


def _from_number(value: float, allow_serial: bool) -> Period | None:
    if value.is_integer() and 1990 <= value <= 2100:
        return year(int(value))
    if allow_serial and value.is_integer() and 32874 <= value <= 73051:  # 1990-01-01 … 2099-12-31
        day = EXCEL_EPOCH + timedelta(days=int(value))
        return month(day.year, day.month)
    if value.is_integer() and 199001 <= value <= 210012:
        return parse_period(str(int(value)))
    return None


def _build(kind: str, groups: tuple[str, ...]) -> Period | None:
    try:
        if kind == "quarter_yq":
            return _plausible(quarter(int(groups[0]), int(groups[1])))
        if kind == "quarter_qy":
            return _plausible(quarter(int(groups[1]), int(groups[0])))
        if kind == "month_word":
            short = int(groups[1])
            year_value = short if len(groups[1]) == 4 else (2000 + short if short < 70 else 1900 + short)
            return _plausible(month(year_value, MONTHS[groups[0]]))
        if kind == "month_ym":
            return _plausible(month(int(groups[0]), int(groups[1])))
        if kind == "month_my":
            return _plausible(month(int(groups[1]), int(groups[0])))
        if kind == "day_ymd":
            return _plausible(month(int(groups[0]), int(groups[1])), day=int(groups[2]))
        if kind == "day_dmy":
            return _plausible(month(int(groups[2]), int(groups[1])), day=int(groups[0]))
        return _plausible(year(int(groups[0])))
    except (ValueError, KeyError):
        return None


def _plausible(period: Period, day: int = 1) -> Period | None:
    if not 1990 <= period.start.year <= 2100 or not 1 <= day <= 31:
        return None
    return period


def dates_in_text(text: object) -> list[date]:
    """Return the day dates written in a title (« du 1er mars au 21 juillet 2020 », « 21/07/2020 »)."""
    norm = normalize(text)
    found = []
    for d, m, y in re.findall(rf"\b(\d{{1,2}})(?: ?er)? ({_MONTH_WORD}) (\d{{4}})\b", norm):
        found.append(_safe_date(int(y), MONTHS[m], int(d)))
    for d, m, y in re.findall(r"\b(\d{1,2}) (\d{1,2}) (\d{4})\b", norm):
        found.append(_safe_date(int(y), int(m), int(d)))
    return [d for d in found if d is not None]


def _safe_date(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


_IN_TEXT = [re.compile(rf"\b({_MONTH_WORD}) (\d{{4}})\b"), re.compile(r"\bt ?([1-4]) (\d{4})\b"),
            re.compile(r"\b(\d{4}) ?t ?([1-4])\b"), re.compile(r"\b([1-4]) ?(?:er|e|eme) trimestre (\d{4})\b")]


NOT_THE_DATA = ("referentiel", "extraction", "mise a jour", "publication", "publie", "edition", "cog ", "zonage")


def periods_in_text(text: object) -> list[tuple[Period, str]]:
    """Return the months and quarters a title names (« en décembre 2016 », « au T3 2025 »), with their words.

    Lines about the file rather than the data (« Référentiel : EPCI de janvier 2017 », « Extraction du … »)
    are skipped.
    """
    found: dict[str, tuple[Period, str]] = {}
    for line in str(text or "").splitlines():
        norm = normalize(line)
        if any(word in f"{norm} " for word in NOT_THE_DATA):
            continue
        for pattern in _IN_TEXT:
            for match in pattern.finditer(norm):
                period = parse_period(match.group(0))
                if period is not None and not _is_a_day(norm, match.start()):
                    found.setdefault(period.code, (period, match.group(0)))
    return list(found.values())


def _is_a_day(norm: str, start: int) -> bool:
    """Return True when the month is part of a day date (« 1er mars 2020 »): that is a cumul, not a month."""
    return re.search(r"\b\d{1,2}(?: ?er)? $", norm[:start]) is not None

"""Turning the cells of a table into observations of one source, with every problem located."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from loaders.domain.schema import DIMENSIONS, TOTAL
from loaders.domain.sources import ADJUSTMENT, Source
from loaders.errors import ERROR, WARNING, Problem
from loaders.tables.cells import ignored
from loaders.tables.columns import is_blank
from loaders.tables.context import header_values, period_from_context, unknown_parts
from loaders.tables.extract_base import (
    MAX_LISTED,
    STATED,
    UNREADABLE,
    Extraction,
    constant_text,
    distinct,
    lookup,
    lookup_fields,
    lookups,
)
from loaders.tables.headers import WORKBOOK_INDICATOR, dimension_value, generic_only, read_text
from loaders.tables.layouts import Table
from loaders.tables.places import PlaceSteps
from loaders.values.geocodes import GeoIndex
from loaders.values.numbers import AmbiguousNumber, NotANumber, NotFinite, parse_number
from loaders.values.periods import parse_period
from loaders.values.textnorm import normalize


def _listed(table: Table) -> str:
    """Name the columns left out by reason: « motif de sortie : B « Reprise d'emploi », C … »."""
    reasons: dict[str, list[str]] = {}
    for letter, header in table.ignored.items():
        reasons.setdefault(ignored(header) or "", []).append(f"{letter} « {header} »")
    return " ; ".join(f"{reason} : {', '.join(columns)}" for reason, columns in reasons.items())


def snap_whole(values: pd.Series) -> pd.Series:
    """Round the binary noise of exported counts (R writes 65400.00000000001 for 65 400) to the whole number."""
    numbers = pd.to_numeric(values, errors="coerce").to_numpy(dtype=float)
    whole = np.round(numbers)
    with np.errstate(invalid="ignore"):
        noise = np.abs(numbers - whole) <= 1e-9 * np.maximum(np.abs(numbers), 1)
    return pd.Series(np.where(noise, whole, numbers), index=values.index)


class Extractor(PlaceSteps):
    """Resolves the cells of one table for one source."""

    def __init__(self, table: Table, source: Source, geo: GeoIndex, overrides: dict[str, str] | None = None,
                 today: date | None = None, filename: str = "") -> None:
        self.table = table
        self.filename = filename
        self.source = source
        self.geo = geo
        self.overrides = overrides or {}
        self.today = today or date.today()
        self.cells = table.cells.copy(deep=False)  # copy on write: the table keeps its own columns
        self.result = Extraction(pd.DataFrame(), rows_read=int(self.cells["row"].nunique()) if len(self.cells) else 0)
        self.title_indicator, self.title_values = read_text(table.title + " " + table.sheet, source)
        self.title_values = read_text(filename, source)[1] | self.title_values

    def problem(self, message: str, row: int | None = None, column: str | None = None,
                severity: str = ERROR) -> None:
        """Record a problem located in this table's sheet."""
        self.result.problems.append(Problem(message, self.table.sheet, row, column, severity))

    def run(self) -> Extraction:
        """Resolve indicators, territories, periods, breakdowns and values; keep the good rows."""
        if self.cells.empty and self.table.ignored:
            self.result.notes.append(f"Feuille « {self.table.sheet} » laissée de côté : ses colonnes sont des "
                                     f"ventilations ou des mesures que le tableau de bord ne conserve pas — "
                                     f"{_listed(self.table)}.")
            return self.result
        if self.cells.empty:
            self.problem("La feuille a des en-têtes mais aucune ligne de données : elle est ignorée.",
                         self.table.header_row + 1, severity=WARNING)
            return self.result
        for letter, header in self.table.stray_columns.items():
            self.problem(f"La colonne « {header} » contient des nombres mais son en-tête n'est pas une période "
                         "reconnue (attendu par exemple « avril 2020 », « avr-20 », « T2 2020 »).",
                         self.table.header_row + 1, letter)
        if self.table.ignored:
            self.result.notes.append(f"Feuille « {self.table.sheet} » : colonne(s) non reprise(s) (parts, "
                                     "évolutions ou ventilations que le tableau de bord ne conserve pas) — "
                                     f"{_listed(self.table)}.")
        steps = (self._header_parts, self._indicators, self._places, self._periods, self._dimensions,
                 self._adjustment, self._values)
        for step in steps:
            step()
        self._report_unallocated()
        keep = self.cells["keep"].to_numpy(dtype=bool)
        self.result.observations = self.cells if keep.all() else self.cells[keep]  # a copy only to leave rows out
        return self.result

    def _header_parts(self) -> None:
        """Refuse a value column whose header part names nothing known: its values would land on a total."""
        self.cells["keep"] = True
        if "header" not in self.cells:
            return
        for header, group in self.cells.groupby("header", sort=False):
            unknown = unknown_parts(str(header), self.source)
            if unknown:
                self.problem(f"En-tête « {unknown[0]} » non reconnu : ce n'est ni une période, ni un indicateur, ni "
                             "une catégorie ou une ventilation connue ; les valeurs de cette colonne ne sont "
                             "attribuées à rien.", self.table.header_row + 1, group["value_col"].iloc[0])
                self.cells.loc[group.index, "keep"] = False

    def _mapped(self, column: str, resolve) -> pd.Series:
        return lookup(self.cells[column], resolve)

    def _indicators(self) -> None:
        workbook = self.overrides.get(WORKBOOK_INDICATOR, {}).get(self.source.id)
        codes = {i.code for i in self.source.indicators}
        title = None if generic_only(self.table.title + " " + self.table.sheet, self.source) else self.title_indicator
        stated = title or workbook or self.overrides.get("indicator")
        fallback = stated or (self.source.indicators[0].code if len(codes) == 1 else None)
        generic = pd.Series(False, index=self.cells.index)
        if self._header_column:
            named = self._mapped(self._header_column, lambda h: self._header_indicator(h, stated))
            generic = named.eq("")
            self.cells["indicator"] = named.where(named.notna() & ~generic, self.cells.get("indicator"))
        if "indicator" not in self.cells:
            self.cells["indicator"] = None
        resolved = self._mapped("indicator", lambda v: self._indicator_code(v, codes, fallback)).where(~generic)
        self._refuse(generic, "indicator")
        for raw in pd.unique(self.cells.loc[resolved.isna() & ~generic, "indicator"]):
            first = self.cells[(self.cells["indicator"] == raw) | self.cells["indicator"].isna()].iloc[0]
            label = f"« {raw} »" if raw else "des valeurs"
            self.problem(f"Indicateur {label} non reconnu pour la source « {self.source.label} ».",
                         int(first["row"]), first["value_col"])
        self.cells["indicator"] = resolved
        self.cells["keep"] &= resolved.notna()

    def _header_indicator(self, header: str, stated: str | None) -> str | None:
        """Return the indicator a header names; general words (« Offres », « Nombre d'offres ») name none, and
        take the one the title, the workbook or the analyst states ("" when nothing does)."""
        found = read_text(header, self.source)[0]
        if found and self.source.generic and generic_only(header, self.source):
            return stated or ""
        return found

    def _indicator_code(self, value, codes: set[str], fallback: str | None) -> str | None:
        if value in codes:
            return value
        if value is None or is_blank(value):
            return fallback
        found, _ = read_text(value, self.source)
        return found

    def _periods(self) -> None:
        if "period" not in self.cells:
            self._period_from_title()
            return
        found = lookup_fields(self.cells["period"], lambda v: parse_period(v, allow_serial=True),
                              {"period_code": "code", "period_type": "kind", "period_start": "start"})
        bad = self.cells[found["period_code"].isna() & self.cells["keep"]]
        for raw, group in list(bad.groupby(bad["period"].astype(str), sort=False))[:MAX_LISTED]:
            self.problem(f"Période « {raw} » non reconnue (attendu par exemple « 2020-T2 », « avril 2020 », "
                         "« 2020-04 »).", int(group["row"].iloc[0]), self._period_letter(group))
        self._set_periods(found)

    def _period_letter(self, group: pd.DataFrame) -> str | None:
        return group["period@col"].iloc[0] if "period@col" in group else None

    def _period_from_title(self) -> None:
        found = period_from_context(self.table.title, self.table.sheet, self.filename, self.overrides.get("period"))
        if found.problem:
            self.problem(found.problem, self.table.header_row + 1)
            self.cells["keep"] = False
            return
        if found.note:
            self.result.notes.append(found.note)
        index = self.cells.index
        self._set_periods({"period_code": pd.Series(found.period.code, index=index, dtype=object),
                           "period_type": pd.Series(found.period.kind, index=index, dtype=object),
                           "period_start": pd.Series(found.period.start, index=index, dtype=object)})

    def _set_periods(self, found: dict[str, pd.Series]) -> None:
        for name, values in found.items():
            self.cells[name] = values
        self.cells["keep"] &= found["period_code"].notna()
        codes, _ = distinct(found["period_code"])  # a period's code gives its start: compared once per period
        firsts = np.unique(codes, return_index=True)[1]
        late = np.array([pd.notna(start) and start > self.today for start in found["period_start"].iloc[firsts]],
                        dtype=bool)
        future = self.cells[late[codes]]
        for code, group in list(future.groupby("period_code", sort=True))[:MAX_LISTED]:
            label = parse_period(code).label() if parse_period(code) else code
            self.problem(f"Période « {label} » dans le futur : vérifiez la date.", int(group["row"].iloc[0]),
                         group["period@col"].iloc[0] if "period@col" in group else None)
        self.cells.loc[future.index, "keep"] = False

    @property
    def _header_column(self) -> str | None:
        """Return the cells' header column: a crossed table's column headers, else a long table's value header."""
        return next((c for c in ("header", "value_header") if c in self.cells), None)

    def _dimensions(self) -> None:
        for dimension in self.source.dimensions:
            if dimension.name in self.cells:
                mapped, raw = lookups(self.cells[dimension.name], lambda v, d=dimension: dimension_value(d, v),
                                      normalize)
                self._report_unknown_values(dimension, mapped)
                self.cells[dimension.name] = mapped.fillna(raw)
                continue
            fixed = self.overrides.get(dimension.name) or self.title_values.get(dimension.name)
            stated = dimension.name not in STATED or fixed is not None
            self.cells[dimension.name] = constant_text(fixed or TOTAL, self.cells.index)
            from_header = pd.Series(None, index=self.cells.index, dtype=object)
            if self._header_column:
                from_header = self._mapped(self._header_column,
                                           lambda h, n=dimension.name: header_values(h, self.source).get(n))
                self.cells[dimension.name] = from_header.fillna(self.cells[dimension.name])
            if not stated:
                self._refuse(from_header.isna(), dimension.name)
        for name in DIMENSIONS:
            if name not in {d.name for d in self.source.dimensions}:
                self.cells[name] = constant_text(TOTAL, self.cells.index)

    def _refuse(self, unstated: pd.Series, name: str) -> None:
        """Refuse the kept cells whose value of a dimension the file does not state (no default is assumed)."""
        missing = unstated & self.cells["keep"]
        if not missing.any():
            return
        first = self.cells[missing].iloc[0]
        self.problem(STATED[name], int(first["row"]), first.get("value_col"))
        self.cells["keep"] &= ~missing

    def _report_unknown_values(self, dimension, mapped: pd.Series) -> None:
        unknown = mapped.isna() & self.cells["keep"]
        if not unknown.any():
            return
        unknown = self.cells[unknown]
        for raw, group in list(unknown.groupby(unknown[dimension.name].astype(str), sort=False))[:5]:
            self.problem(f"Valeur « {raw} » de « {dimension.label} » non reconnue : gardée telle quelle.",
                         int(group["row"].iloc[0]), group.get(dimension.name + "@col", pd.Series([None])).iloc[0],
                         WARNING)

    def _adjustment(self) -> None:
        if "adjustment" in self.cells:
            mapped = self._mapped("adjustment", lambda v: dimension_value(ADJUSTMENT, v))
            mapped = mapped.where(mapped != TOTAL, self.source.adjustment)
            for raw, group in list(self.cells[mapped.isna()].groupby("adjustment", sort=False))[:5]:
                self.problem(f"Type de données « {raw} » non reconnu (attendu « Brutes » ou « CVS-CJO »).",
                             int(group["row"].iloc[0]), group["adjustment@col"].iloc[0])
            self.cells["keep"] &= mapped.notna()
            self.cells["adjustment"] = mapped
            return
        fixed = self.overrides.get("adjustment") or self.title_values.get("adjustment") or self.source.adjustment
        found = constant_text(fixed, self.cells.index) if fixed else pd.Series(None, self.cells.index, dtype=object)
        if self._header_column and not self.overrides.get("adjustment"):  # « Demandeurs CVS-CJO » beside « Brutes »
            stated = self._mapped(self._header_column, lambda h: header_values(h, self.source).get("adjustment"))
            found = stated.fillna(found)
        self._refuse(found.isna(), "adjustment")
        self.cells["adjustment"] = found

    def _values(self) -> None:
        numeric = pd.to_numeric(self.cells["value"], errors="coerce")
        pending = numeric.isna() | ~np.isfinite(numeric.fillna(0))  # « inf », « 1e400 » go to the strict parser
        self.cells["flag"] = None
        invalid = pd.Series(False, index=self.cells.index)
        if pending.any():
            raw = self.cells.loc[pending, "value"]
            self.cells.loc[pending, "value_num"] = lookup(raw, lambda v: self._parse_or_error(v)[0])
            self.cells.loc[pending, "flag"] = lookup(raw, lambda v: self._parse_or_error(v)[1])
            numeric = numeric.where(~pending, self.cells["value_num"])
            invalid = self.cells["flag"].isin(list(UNREADABLE))
        self.cells["value_num"] = snap_whole(numeric)
        for _, cell in self.cells[invalid & self.cells["keep"]].head(MAX_LISTED).iterrows():
            self.problem(UNREADABLE[cell["flag"]].format(value=cell["value"]), int(cell["row"]), cell["value_col"])
        negative = (self.cells["value_num"] < 0) & self.cells["keep"]
        for _, cell in self.cells[negative].head(MAX_LISTED).iterrows():
            self.problem(f"Valeur négative ({cell['value']}) : un effectif ne peut pas être négatif.",
                         int(cell["row"]), cell["value_col"])
        self.cells["keep"] &= ~invalid

    @staticmethod
    def _parse_or_error(cell) -> tuple[float | None, str | None]:
        try:
            return parse_number(cell)
        except AmbiguousNumber:
            return None, "ambigu"
        except NotFinite:
            return None, "non fini"
        except NotANumber:
            return None, "invalide"

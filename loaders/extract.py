"""Turning the cells of a table into observations of one source, with every problem located."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import numpy as np
import pandas as pd

from loaders.columns import is_blank
from loaders.errors import ERROR, WARNING, Problem
from loaders.geocodes import LEVELS, GeoIndex, Place
from loaders.headers import dimension_value, read_text
from loaders.layouts import Table
from loaders.numbers import AmbiguousNumber, NotANumber, NotFinite, parse_number
from loaders.periods import Period, dates_in_text, parse_period
from loaders.schema import DIMENSIONS, TOTAL
from loaders.settings import REGION_CODE, REGION_NAME
from loaders.sources import ADJUSTMENT, Source
from loaders.textnorm import normalize

MAX_LISTED = 20
UNREADABLE = {  # flags of cells that are not a usable count, and what the analyst is told
    "invalide": "« {value} » n'est pas un nombre.",
    "ambigu": "« {value} » : plusieurs points ou virgules, la lecture n'est pas sûre (1.234.567 ? 1,234.5 ?) ; "
              "écrivez le nombre sans séparateur de milliers.",
    "non fini": "« {value} » n'est pas un nombre fini : un effectif ne peut pas valoir l'infini.",
}
SET_ASIDE = {  # rows kept out of the store, counted in the report
    "france": "{count} ligne(s) de la France entière (ou de total national) mises de côté : le niveau France "
              "n'est pas encore conservé.",
    "none": "{count} ligne(s) sans territoire (NA) mises de côté.",
}


@dataclass
class Extraction:
    """Observations found in one table, and what went wrong."""

    observations: pd.DataFrame
    problems: list[Problem] = field(default_factory=list)
    rows_read: int = 0
    notes: list[str] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)
    outside: int = 0


def lookup(values: pd.Series, resolve) -> pd.Series:
    """Apply `resolve` once per distinct value (tables repeat the same few codes thousands of times)."""
    codes, uniques = pd.factorize(values.astype(object), use_na_sentinel=False)
    resolved = np.empty(len(uniques), dtype=object)
    for i, value in enumerate(uniques):
        resolved[i] = resolve(value)
    return pd.Series(resolved[codes], index=values.index, dtype=object)


def lookup_fields(values: pd.Series, resolve, fields: dict[str, str]) -> dict[str, pd.Series]:
    """Resolve each distinct value once into an object, and return some of its attributes as columns."""
    codes, uniques = pd.factorize(values.astype(object), use_na_sentinel=False)
    objects = [resolve(u) for u in uniques]
    result = {}
    for name, attribute in fields.items():
        column = np.empty(len(objects), dtype=object)
        for i, obj in enumerate(objects):
            column[i] = getattr(obj, attribute) if obj is not None else None
        result[name] = pd.Series(column[codes], index=values.index, dtype=object)
    return result


class Extractor:
    """Resolves the cells of one table for one source."""

    def __init__(self, table: Table, source: Source, geo: GeoIndex, overrides: dict[str, str] | None = None,
                 today: date | None = None) -> None:
        self.table = table
        self.source = source
        self.geo = geo
        self.overrides = overrides or {}
        self.today = today or date.today()
        self.cells = table.cells.copy()
        self.result = Extraction(pd.DataFrame(), rows_read=int(self.cells["row"].nunique()) if len(self.cells) else 0)
        self.title_indicator, self.title_values = read_text(table.title + " " + table.sheet, source)

    def problem(self, message: str, row: int | None = None, column: str | None = None,
                severity: str = ERROR) -> None:
        """Record a problem located in this table's sheet."""
        self.result.problems.append(Problem(message, self.table.sheet, row, column, severity))

    def run(self) -> Extraction:
        """Resolve indicators, territories, periods, breakdowns and values; keep the good rows."""
        if self.cells.empty:
            self.problem("La feuille a des en-têtes mais aucune ligne de données : elle est ignorée.",
                         self.table.header_row + 1, severity=WARNING)
            return self.result
        for letter, header in self.table.stray_columns.items():
            self.problem(f"La colonne « {header} » contient des nombres mais son en-tête n'est pas une période "
                         "reconnue (attendu par exemple « avril 2020 », « avr-20 », « T2 2020 »).",
                         self.table.header_row + 1, letter)
        steps = (self._indicators, self._places, self._periods, self._dimensions, self._adjustment, self._values)
        for step in steps:
            step()
        self.result.observations = self.cells[self.cells["keep"]].copy()
        return self.result

    def _mapped(self, column: str, resolve) -> pd.Series:
        return lookup(self.cells[column], resolve)

    def _indicators(self) -> None:
        self.cells["keep"] = True
        if "header" in self.cells:
            self.cells["indicator"] = self._mapped("header", lambda h: read_text(h, self.source)[0])
        if "indicator" not in self.cells:
            self.cells["indicator"] = None
        codes = {i.code for i in self.source.indicators}
        fallback = self.title_indicator or (self.source.indicators[0].code if len(codes) == 1 else None)
        resolved = self._mapped("indicator", lambda v: self._indicator_code(v, codes, fallback))
        for raw in pd.unique(self.cells.loc[resolved.isna(), "indicator"]):
            first = self.cells[(self.cells["indicator"] == raw) | self.cells["indicator"].isna()].iloc[0]
            label = f"« {raw} »" if raw else "des valeurs"
            self.problem(f"Indicateur {label} non reconnu pour la source « {self.source.label} ».",
                         int(first["row"]), first["value_col"])
        self.cells["indicator"] = resolved
        self.cells["keep"] &= resolved.notna()

    def _indicator_code(self, value, codes: set[str], fallback: str | None) -> str | None:
        if value in codes:
            return value
        if value is None or is_blank(value):
            return fallback
        found, _ = read_text(value, self.source)
        return found

    def _places(self) -> None:
        geo_cols = [c for c in self.cells if c.startswith(("code:", "name:")) and not c.endswith("@col")]
        order = {lv.id: i for i, lv in enumerate(LEVELS)}
        geo_cols.sort(key=lambda c: (order.get(c.split(":")[1], -1), c.startswith("name:")))
        name_level = None
        star = [c for c in geo_cols if c == "name:*"]
        if star:
            name_level = self.geo.name_level(list(pd.unique(self.cells[star[0]])))
        if len(geo_cols) == 1:
            keys = self.cells[geo_cols[0]].astype(object)
        elif geo_cols:
            keys = self.cells.groupby(geo_cols, sort=False, dropna=False).ngroup()
        else:
            keys = pd.Series(0, index=self.cells.index)
        firsts = self.cells.loc[~keys.duplicated(), [*geo_cols, *[c + "@col" for c in geo_cols
                                                                  if c + "@col" in self.cells]]]
        firsts = firsts.assign(**({"geo@col": self.cells.loc[firsts.index, "geo@col"]} if "geo@col" in self.cells
                                  else {}))
        places = {keys[i]: self._place(row, geo_cols, name_level)
                  for i, row in zip(firsts.index, firsts.to_dict("records"))}
        for name, pick in (("status", lambda p: p[0].status), ("level", lambda p: p[0].level),
                           ("geo_code", lambda p: p[0].code), ("geo_raw", lambda p: p[1]), ("geo@col", lambda p: p[2])):
            self.cells[name] = lookup(keys, lambda k, pick=pick: pick(places[k]))
        self._report_places()

    def _place(self, row: dict, geo_cols: list[str], name_level: str | None) -> tuple[Place, str, str | None]:
        """Return the place of a row, the cell text it was read from and that cell's column letter."""
        if not geo_cols:
            return self._place_from_context(), "", None
        for col in geo_cols:
            cell = row[col]
            if is_blank(cell):
                continue
            letter = row.get(col + "@col", row.get("geo@col"))
            kind, level = col.split(":")
            text = str(int(cell)) if isinstance(cell, float) and cell.is_integer() else str(cell).strip()
            if kind == "code":
                return self.geo.by_code(level, cell), text, letter
            return self.geo.by_name(name_level if level == "*" else level, cell), text, letter
        return Place("unknown"), "", row.get(geo_cols[0] + "@col", row.get("geo@col"))

    def _place_from_context(self) -> Place:
        """Return where a table without a territory column belongs: the analyst's choice or its title."""
        chosen = self.overrides.get("territory")
        if chosen:
            return Place("region", "region", REGION_CODE) if chosen in ("region", REGION_CODE) else Place("unknown")
        words = normalize(f"{self.table.title} {self.table.sheet}")
        if normalize(REGION_NAME) in words:
            return Place("region", "region", REGION_CODE)
        return Place("france" if "france" in words else "nowhere")

    def _report_places(self) -> None:
        self._settle_totals()
        nowhere = self.cells["status"] == "nowhere"
        if nowhere.any():
            self.problem("Ce tableau n'indique pas le territoire qu'il couvre (ni colonne de territoire, ni titre, "
                         "ni nom de feuille qui le nomme) : il n'est pas attribué à la région sans preuve. "
                         "Si c'est bien Pays de la Loire, précisez-le (option --territory region, ou choix du "
                         "territoire sur la page d'import).", self.table.header_row + 1)
        unknown = self.cells[self.cells["status"] == "unknown"]
        for raw, group in list(unknown.groupby("geo_raw", sort=False))[:MAX_LISTED]:
            message = (f"Territoire « {raw} » inconnu dans la région (ni code ni nom reconnu)." if raw
                       else "Territoire manquant : ni code ni nom sur cette ligne.")
            self.problem(message, int(group["row"].iloc[0]), group["geo@col"].iloc[0])
            self.result.unknown.append(str(raw))
        outside = self.cells["status"] == "outside"
        self.result.outside = int(self.cells.loc[outside, "row"].nunique())
        if self.result.outside:
            self.result.notes.append(f"{self.result.outside} ligne(s) hors Pays de la Loire ignorées.")
        for status, note in SET_ASIDE.items():
            count = int(self.cells.loc[self.cells["status"] == status, "row"].nunique())
            if count:
                self.result.notes.append(note.format(count=count))
        self.cells["keep"] &= self.cells["status"].isin(["ok", "region"])

    def _settle_totals(self) -> None:
        """An unnamed total row is the region's in a regional table, France's in a table with other regions."""
        totals = self.cells["status"] == "total"
        if not totals.any():
            return
        national = (self.cells["status"] == "outside").any()
        self.cells.loc[totals, "status"] = "france" if national else "region"
        if not national:
            self.cells.loc[totals, "level"] = "region"
            self.cells.loc[totals, "geo_code"] = REGION_CODE

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
        override = self.overrides.get("period")
        period = parse_period(override) if override else None
        if period is None:
            found = dates_in_text(self.table.title)
            if not found:
                self.problem("Aucune période trouvée : ni colonne de période, ni date dans le titre. "
                             "Précisez la période (option --period).", self.table.header_row + 1)
                self.cells["keep"] = False
                return
            end = max(found)
            period = Period(end, "cumul", f"cumul-{end.isoformat()}")
            self.result.notes.append(f"Données cumulées jusqu'au {end.strftime('%d/%m/%Y')} (d'après le titre).")
        index = self.cells.index
        self._set_periods({"period_code": pd.Series(period.code, index=index, dtype=object),
                           "period_type": pd.Series(period.kind, index=index, dtype=object),
                           "period_start": pd.Series(period.start, index=index, dtype=object)})

    def _set_periods(self, found: dict[str, pd.Series]) -> None:
        for name, values in found.items():
            self.cells[name] = values
        self.cells["keep"] &= found["period_code"].notna()
        starts = found["period_start"]
        future = self.cells[starts.notna() & (starts.where(starts.notna(), self.today) > self.today)]
        for code, group in list(future.groupby("period_code", sort=True))[:MAX_LISTED]:
            label = parse_period(code).label() if parse_period(code) else code
            self.problem(f"Période « {label} » dans le futur : vérifiez la date.", int(group["row"].iloc[0]),
                         group["period@col"].iloc[0] if "period@col" in group else None)
        self.cells.loc[future.index, "keep"] = False

    def _dimensions(self) -> None:
        has_header = "header" in self.cells
        for dimension in self.source.dimensions:
            if dimension.name in self.cells:
                mapped = self._mapped(dimension.name, lambda v, d=dimension: dimension_value(d, v))
                self._report_unknown_values(dimension, mapped)
                raw = self._mapped(dimension.name, normalize)
                self.cells[dimension.name] = mapped.fillna(raw)
                continue
            fixed = self.overrides.get(dimension.name) or self.title_values.get(dimension.name)
            if dimension.name == "category" and fixed is None:
                fixed = "A"
                self.result.notes.append("Catégorie de demandeurs non précisée : catégorie A retenue.")
            self.cells[dimension.name] = fixed or TOTAL
            if has_header:
                from_header = self._mapped("header", lambda h, n=dimension.name: read_text(h, self.source)[1].get(n))
                self.cells[dimension.name] = from_header.fillna(self.cells[dimension.name])
        for name in DIMENSIONS:
            if name not in {d.name for d in self.source.dimensions}:
                self.cells[name] = TOTAL

    def _report_unknown_values(self, dimension, mapped: pd.Series) -> None:
        unknown = self.cells[mapped.isna() & self.cells["keep"]]
        for raw, group in list(unknown.groupby(unknown[dimension.name].astype(str), sort=False))[:5]:
            self.problem(f"Valeur « {raw} » de « {dimension.label} » non reconnue : gardée telle quelle.",
                         int(group["row"].iloc[0]), group.get(dimension.name + "@col", pd.Series([None])).iloc[0],
                         WARNING)

    def _adjustment(self) -> None:
        if "adjustment" in self.cells:
            mapped = self._mapped("adjustment", lambda v: dimension_value(ADJUSTMENT, v))
            mapped = mapped.where(mapped != TOTAL, self.source.default_adjustment)
            for raw, group in list(self.cells[mapped.isna()].groupby("adjustment", sort=False))[:5]:
                self.problem(f"Type de données « {raw} » non reconnu (attendu « Brutes » ou « CVS-CJO »).",
                             int(group["row"].iloc[0]), group["adjustment@col"].iloc[0])
            self.cells["keep"] &= mapped.notna()
            self.cells["adjustment"] = mapped
            return
        fixed = self.overrides.get("adjustment") or self.title_values.get("adjustment")
        self.cells["adjustment"] = fixed or self.source.default_adjustment

    def _values(self) -> None:
        numeric = pd.to_numeric(self.cells["value"], errors="coerce")
        pending = numeric.isna() | ~np.isfinite(numeric.fillna(0))  # « inf », « 1e400 » go to the strict parser
        self.cells["flag"] = None
        if pending.any():
            raw = self.cells.loc[pending, "value"]
            self.cells.loc[pending, "value_num"] = lookup(raw, lambda v: self._parse_or_error(v)[0])
            self.cells.loc[pending, "flag"] = lookup(raw, lambda v: self._parse_or_error(v)[1])
        self.cells["value_num"] = numeric.where(~pending, self.cells.get("value_num"))
        invalid = self.cells["flag"].isin(list(UNREADABLE))
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

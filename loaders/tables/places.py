"""Where each row of a table belongs: the territory steps of the extraction, attributed on evidence only."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from loaders.domain.territory import (
    FRANCE_CODE,
    FRANCE_LEVEL,
    FRANCE_METRO,
    FRANCE_METRO_NAME,
    FRANCE_WHOLE_NAMES,
    LEVEL,
    REGION,
)
from loaders.tables.columns import is_blank
from loaders.tables.extract_base import MAX_LISTED, SET_ASIDE, distinct, expand, lookup
from loaders.values.geocodes import (
    FRANCE_TOTAL,
    LEVEL_BY_ID,
    LEVELS,
    REGION_TOTAL,
    Place,
    named_elsewhere,
    named_inside,
)
from loaders.values.numbers import french_count
from loaders.values.textnorm import normalize

EPCI_VINTAGE = re.compile(r"referentiel\s*(?:des\s*)?epci\s*(?:de\s*|au\s*)?((?:[a-z]+\s)?\d{4})")


class PlaceSteps:
    """The territory steps of an Extractor (see loaders.tables.extract)."""

    def _places(self) -> None:
        if "name:territoire" in self.cells and not self.geo.names.get(LEVEL.territoire):  # « Territoire » says no level
            self.cells = self.cells.rename(columns={"name:territoire": "name:*", "name:territoire@col": "name:*@col"})
        geo_cols = [c for c in self.cells if c.startswith(("code:", "name:")) and not c.endswith("@col")]
        order = {lv.id: i for i, lv in enumerate(LEVELS)}
        geo_cols.sort(key=lambda c: (order.get(c.split(":")[1], -1), c.startswith("name:")))
        name_level, self.tied_levels = None, ()
        star = [c for c in geo_cols if c == "name:*"]
        if star:
            context = f"{self.table.title} {self.table.sheet}"
            name_level, self.tied_levels = self.geo.name_level(list(pd.unique(self.cells[star[0]])), context)
        if len(geo_cols) == 1:
            codes = distinct(self.cells[geo_cols[0]])[0]
        elif geo_cols:
            codes = self.cells.groupby(geo_cols, sort=False, dropna=False).ngroup().to_numpy()
        else:
            codes = np.zeros(len(self.cells), dtype=np.int64)
        read = [*geo_cols, *(c for c in (*(g + "@col" for g in geo_cols), "geo@col") if c in self.cells)]
        firsts = self.cells[read].iloc[np.unique(codes, return_index=True)[1]]  # codes run 0, 1, 2…: one row each
        found = [self._place(row, geo_cols, name_level) for row in firsts.to_dict("records")]
        for name, pick in (("status", lambda p: p[0].status), ("level", lambda p: p[0].level),
                           ("geo_code", lambda p: p[0].code), ("geo_raw", lambda p: p[1]), ("geo@col", lambda p: p[2])):
            self.cells[name] = expand([pick(p) for p in found], codes, self.cells.index)
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
            if level == "*" and self.tied_levels:
                return Place("ambiguous"), text, letter
            return self.geo.by_name(name_level if level == "*" else level, cell), text, letter
        return Place("unallocated"), "", row.get(geo_cols[0] + "@col", row.get("geo@col"))  # no territory at all

    def _place_from_context(self) -> Place:
        """Return where a table without a territory column belongs: the analyst's choice, its title or sheet —
        never a place its title or sheet contradicts (« Paris » forced to the region)."""
        elsewhere = named_elsewhere(f"{self.table.title} {self.table.sheet}")
        if elsewhere:
            return Place("elsewhere", None, elsewhere)
        inside = named_inside(f"{self.table.title} {self.table.sheet}")
        if inside:
            return Place("inside", None, inside)
        chosen = self.overrides.get("territory")
        if chosen in (LEVEL.region, REGION.code):
            return Place(REGION_TOTAL, LEVEL.region, REGION.code)
        if chosen in (FRANCE_LEVEL, FRANCE_CODE):
            return Place(FRANCE_TOTAL, FRANCE_LEVEL, FRANCE_CODE)
        if chosen:
            return Place("unknown")
        words = f" {normalize(f'{self.table.title} {self.table.sheet}')} "
        if f" {normalize(REGION.name)} " in words:
            return Place(REGION_TOTAL, LEVEL.region, REGION.code)
        metro_words = normalize(FRANCE_METRO_NAME)
        metro = f" {metro_words} " in words
        whole = any(f" {w} " in words.replace(metro_words, " ") for w in map(normalize, FRANCE_WHOLE_NAMES))
        if metro != whole:  # a title that names both says nothing about the table under it
            return Place(FRANCE_TOTAL, FRANCE_LEVEL, FRANCE_METRO if metro else FRANCE_CODE)
        return Place("nowhere")

    def _report_places(self) -> None:
        self._settle_totals()
        elsewhere = self.cells[self.cells["status"] == "elsewhere"]
        if len(elsewhere):
            self.problem(f"Le titre ou le nom de la feuille nomme « {elsewhere['geo_code'].iloc[0].capitalize()} », "
                         f"hors de la région : ce tableau ne porte pas sur {REGION.name} et n'est pas importé, quel "
                         "que soit le territoire choisi.", self.table.header_row + 1)
        inside = self.cells[self.cells["status"] == "inside"]
        if len(inside):
            self.problem(f"Le titre ou le nom de la feuille nomme « {inside['geo_code'].iloc[0].title()} », un "
                         f"territoire de la région : ses valeurs ne sont pas celles de toute la région et ne sont "
                         "attribuées à aucun territoire, quel que soit le territoire choisi. Pour l'importer, donnez "
                         "au tableau une colonne de territoire (code ou nom) ; si ce nom ne désigne pas le territoire "
                         "du tableau, retirez-le du titre.", self.table.header_row + 1)
        nowhere = self.cells["status"] == "nowhere"
        if nowhere.any():
            self.problem("Ce tableau n'indique pas le territoire qu'il couvre (ni colonne de territoire, ni titre, "
                         "ni nom de feuille qui le nomme) : il n'est pas attribué à la région sans preuve. "
                         f"Précisez-le : option --territory region ({REGION.name}) ou --territory france, ou "
                         "« Territoire couvert » sur la page d'import.", self.table.header_row + 1)
        self._older_referential()
        self._report_ambiguous()
        self._settle_unallocated()
        unknown = self.cells[self.cells["status"] == "unknown"]
        for raw, group in list(unknown.groupby("geo_raw", sort=False))[:MAX_LISTED]:
            message = (f"Territoire « {raw} » inconnu dans la région (ni code ni nom reconnu)." if raw
                       else "Territoire manquant : ni code ni nom sur cette ligne.")
            self.problem(message, int(group["row"].iloc[0]), group["geo@col"].iloc[0])
            self.result.unknown.append(str(raw))
        unit = "geo@col" if self.table.layout == "transposée" else "row"  # territories are columns there
        for status, note in SET_ASIDE.items():
            count = int(self.cells.loc[self.cells["status"] == status, unit].nunique())
            if count:
                self.result.set_aside[status] = count
                if status == "unallocated":  # said with its totals once the values are read
                    continue
                text = note.format(count=french_count(count))
                self.result.notes.append(text.replace("ligne(s)", "colonne(s)") if unit != "row" else text)
        self.result.outside = self.result.set_aside.get("outside", 0)
        france = self.cells["status"] == FRANCE_TOTAL
        if france.any():  # a masked assignment copies its column even when the mask is empty
            self.cells.loc[france, "level"] = FRANCE_LEVEL
            metropolitan = france.copy()
            metropolitan[france] = lookup(self.cells.loc[france, "geo_raw"],
                                          lambda raw: "metropolitaine" in normalize(raw))
            metropolitan |= self.cells["geo_code"] == FRANCE_METRO  # said by the title
            self.cells.loc[france, "geo_code"] = FRANCE_CODE
            self.cells.loc[metropolitan, "geo_code"] = FRANCE_METRO
        self.cells["keep"] &= self.cells["status"].isin(["ok", REGION_TOTAL, FRANCE_TOTAL])

    def _report_unallocated(self) -> None:
        """Say how many rows were set aside as not allocated, and what they add up to, per indicator."""
        count = self.result.set_aside.get("unallocated")
        if not count:
            return
        rows = self.cells[self.cells["status"] == "unallocated"]
        sums = rows.groupby("indicator")["value_num"].sum(min_count=1).dropna()
        labels = {i.code: i.label for i in self.source.indicators}
        self.result.set_aside_totals = {str(k): float(v) for k, v in sums.items()}
        totals = " ; ".join(f"{labels.get(k, k)} : {french_count(v)}" for k, v in sums.items())
        self.result.notes.append(SET_ASIDE["unallocated"].format(count=french_count(count)) + (f" ({totals})." if totals
                                                                                         else "."))

    def _settle_unallocated(self) -> None:
        """Rows that name no place (blank, « 99 », « Non renseigné »…) are set aside where the table's other rows are
        placed; in a table where nothing is placed they say nothing of where it belongs: an error."""
        unallocated = self.cells["status"] == "unallocated"
        if not unallocated.any():
            return
        placed = self.cells["status"].isin(["ok", REGION_TOTAL, FRANCE_TOTAL, "outside", "hors", "old"]).any()
        if not placed:
            self.cells.loc[unallocated, "status"] = "unknown"

    def _report_ambiguous(self) -> None:
        """Names that several levels share, in a column whose header and title do not say which: refused."""
        ambiguous = self.cells[self.cells["status"] == "ambiguous"]
        if ambiguous.empty:
            return
        names = list(dict.fromkeys(str(n) for n in ambiguous["geo_raw"]))
        levels = [LEVEL_BY_ID[lv] for lv in self.tied_levels]
        self.problem(
            f"Les noms de cette colonne ({', '.join(names[:MAX_LISTED])}{' …' if len(names) > MAX_LISTED else ''}) "
            f"désignent aussi bien des {' que des '.join(lv.label for lv in levels)} : le fichier ne dit pas "
            "lesquels. Nommez le niveau dans l'en-tête de la colonne (par exemple « "
            + " », « ".join(lv.header for lv in levels)
            + " ») ou dans le titre du tableau, puis importez de nouveau.",
            int(ambiguous["row"].iloc[0]), ambiguous["geo@col"].iloc[0])

    def _older_referential(self) -> None:
        """In a file that declares an older EPCI list, an EPCI name found nowhere today is set aside and listed."""
        vintage = EPCI_VINTAGE.search(normalize(self.table.title))
        if vintage is None:
            return
        unknown = (self.cells["status"] == "unknown") & self.cells["geo_raw"].astype(bool)
        if not unknown.any():
            return
        names = sorted({str(n) for n in self.cells.loc[unknown, "geo_raw"]})
        self.cells.loc[unknown, "status"] = "old"
        self.result.old_names += names
        self.result.notes.append(
            f"Référentiel des EPCI du fichier : {vintage.group(1)}. {len(names)} EPCI introuvable(s) parmi ceux "
            "d'aujourd'hui (fusionnés ou renommés depuis) : mis de côté, sommés dans aucun territoire — "
            + ", ".join(names[:MAX_LISTED]) + (" …" if len(names) > MAX_LISTED else "") + ".")

    def _settle_totals(self) -> None:
        """An unnamed total row is the region's in a regional table, France's in a table with other regions."""
        totals = self.cells["status"] == "total"
        if not totals.any():
            return
        national = (self.cells["status"] == "outside").any()
        self.cells.loc[totals, "status"] = FRANCE_TOTAL if national else REGION_TOTAL
        if national:
            self.result.notes.append("Ligne de total d'un fichier national : gardée comme niveau France.")
        if not national:
            self.cells.loc[totals, "level"] = LEVEL.region
            self.cells.loc[totals, "geo_code"] = REGION.code

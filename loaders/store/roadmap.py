"""Store queries of the roadmap: the service-offer catalogue in force, the priorities of each territory."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import pandas as pd

from loaders.domain.schema import CATALOGUE
from loaders.store.host import StoreHost
from loaders.values.textnorm import LIST_SEPARATOR, split_list


@dataclass
class PriorityRecord:
    """The 2–3 priority themes a CLEFOP chose in plenary for its territory."""

    maille: str
    territory: str
    themes: list[str]
    plenary: date | None
    note: str
    recorded_by: str
    recorded_at: datetime


class RoadmapQueries(StoreHost):
    """Catalogue and priorities (mixed into Store)."""

    def catalogue(self) -> tuple[pd.DataFrame, int | None]:
        """Return the items of the newest catalogue import still in force, and its import id (None: none)."""
        latest = self.query("SELECT max(id) AS id FROM imports WHERE kind = ? AND status = 'active'", [CATALOGUE])
        import_id = latest.loc[0, "id"]
        if pd.isna(import_id):
            return pd.DataFrame(), None
        items = self.query("SELECT name, carrier, publics, themes, description, link FROM catalogue_items "
                           "WHERE import_id = ? ORDER BY position", [int(import_id)])
        return items, int(import_id)

    def add_priorities(self, record: PriorityRecord, priority_id: int | None = None, on_commit=None) -> int:
        """Record a territory's priorities (earlier choices are kept as history); return the record's id."""
        with self.transaction() as con:
            if priority_id is None:
                priority_id = con.execute("SELECT coalesce(max(id), 0) + 1 FROM priorities").fetchall()[0][0]
            con.execute("INSERT INTO priorities VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                        [priority_id, record.maille, record.territory, LIST_SEPARATOR.join(record.themes),
                         record.plenary, record.note, record.recorded_by, record.recorded_at])
            if on_commit is not None:
                on_commit(priority_id)
        return priority_id

    def priorities(self, maille: str, territory: str) -> pd.DataFrame:
        """Return the priorities recorded for a territory, newest first (the first row is in force)."""
        frame = self.query("SELECT * FROM priorities WHERE maille_id = ? AND territory = ? ORDER BY id DESC",
                           [maille, territory])
        frame["themes"] = frame["themes"].map(split_list)
        return frame

    def latest_priorities(self, maille: str) -> pd.DataFrame:
        """Return the priorities in force for every territory of a maille that recorded some."""
        frame = self.query("SELECT * FROM priorities WHERE maille_id = ? "
                           "QUALIFY row_number() OVER (PARTITION BY territory ORDER BY id DESC) = 1", [maille])
        frame["themes"] = frame["themes"].map(split_list)
        return frame

    def priority_ids(self) -> set[int]:
        """Return the ids of every recorded choice of priorities."""
        return set(self.query("SELECT id FROM priorities")["id"])

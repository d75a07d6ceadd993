"""Read queries of the store: history, mailles and their territories, current values and their export."""

from __future__ import annotations

import pandas as pd
import pyarrow as pa

from loaders.domain.schema import CATALOGUE, DATA, KEY_COLUMNS
from loaders.store.current import listed_narrowing
from loaders.store.host import StoreHost
from loaders.values import geography
from loaders.values.codes import present

# The parts of the stored data a read may depend on (see StoreReads.parts).
DATA_PART, CATALOGUE_PART = DATA, CATALOGUE  # the data of every source, the catalogue: what those imports make
MAILLES_PART, PRIORITIES_PART = "mailles", "priorites"


def data_part(source: str) -> str:
    """Return the part of the data that one source's imports make."""
    return f"{DATA_PART}:{source}"


def maille_part(maille_id: str) -> str:
    """Return the part of the data that one maille's referential makes (its territories, communes, outline)."""
    return f"{MAILLES_PART}:{maille_id}"


class StoreReads(StoreHost):
    """History, mailles, current values (mixed into Store)."""

    def imports(self) -> pd.DataFrame:
        """Return the history of imports, newest first."""
        return self.query("SELECT * FROM imports ORDER BY id DESC")

    def parts(self) -> dict[str, str]:
        """Return a token for each part of the data, changed by every import or undo that touches that part.

        A token lists the part's imports with their status (an import goes from active to undone, never back,
        so a token never comes back); a part no import touched has none. Parts: each source's data and all data,
        each maille and all mailles, the catalogue, the priorities.
        """
        imports = self.query("SELECT id, kind, source, status FROM imports ORDER BY id")
        imports["mark"] = imports["id"].astype(str) + imports["status"].str[:1]
        tokens = {data_part(source): ",".join(rows["mark"])
                  for source, rows in imports[imports["kind"] == DATA].groupby("source")}
        tokens[DATA_PART] = ",".join(imports.loc[imports["kind"] == DATA, "mark"])
        tokens[CATALOGUE_PART] = ",".join(imports.loc[imports["kind"] == CATALOGUE, "mark"])
        mailles = self.mailles()
        tokens |= {maille_part(m): str(i) for m, i in zip(mailles["id"], mailles["import_id"])}
        tokens[MAILLES_PART] = ",".join(f"{m}={i}" for m, i in zip(mailles["id"], mailles["import_id"]))
        chosen = self.query("SELECT count(*) AS n, coalesce(max(id), 0) AS last FROM priorities")
        tokens[PRIORITIES_PART] = f"{chosen.loc[0, 'n']}-{chosen.loc[0, 'last']}"
        return tokens

    def mailles(self) -> pd.DataFrame:
        """Return the mailles in use: id, label, short label, import id (0 for built-in ones)."""
        return self.query("SELECT id, label, short_label, import_id FROM active_mailles ORDER BY import_id DESC, id")

    def default_maille(self) -> str:
        """Return the imported EFOP maille when there is one, else the zones d'emploi."""
        ids = set(self.mailles()["id"])
        return geography.EFOP_ID if geography.EFOP_ID in ids else geography.DEFAULT_BUILTIN

    def territories(self, maille_id: str) -> pd.DataFrame:
        """Return code and name of each territory of a maille, sorted by name."""
        return self.query(
            """SELECT t.code, t.name FROM maille_territories t JOIN active_mailles m
               ON m.id = t.maille_id AND m.import_id = t.import_id WHERE t.maille_id = ?
               ORDER BY t.name COLLATE noaccent.nocase""", [maille_id])

    def grid(self, maille_id: str) -> pd.DataFrame:
        """Return each territory of a maille with its code, name, communes, population and whether it is only the
        regional part of a territory centred outside the region (sorted by name)."""
        frame = self.territories(maille_id)
        members = self.membership(maille_id).merge(geography.communes()[["code_commune", "population"]])
        sizes = members.groupby("territory").agg(communes=("code_commune", "size"), population=("population", "sum"))
        frame = frame.join(sizes, on="code")
        frame[["communes", "population"]] = frame[["communes", "population"]].fillna(0).astype(int)
        frame["regional_part"] = frame["code"].isin(geography.partial_codes(maille_id))
        return frame

    def membership(self, maille_id: str) -> pd.DataFrame:
        """Return code_commune → territory for a maille."""
        return self.query(
            """SELECT c.code_commune, c.territory FROM maille_communes c JOIN active_mailles m
               ON m.id = c.maille_id AND m.import_id = c.import_id WHERE c.maille_id = ?
               ORDER BY c.code_commune""", [maille_id])

    def geojson(self, maille_id: str) -> str:
        """Return the GeoJSON of a maille's territories."""
        row = self.query("SELECT import_id, geojson FROM active_mailles WHERE id = ?", [maille_id])
        if row.empty:
            raise KeyError(maille_id)
        if row.loc[0, "import_id"] == 0:
            return geography.builtin_geojson(maille_id)
        return row.loc[0, "geojson"]

    def current_values(self, keys: pd.DataFrame, listed: dict[str, tuple[list, bool]] | None = None) -> pd.DataFrame:
        """Return the values the store holds now for the keys of a frame (for revisions).

        Only the current rows whose key columns take the frame's own values are joined: none, for a new source
        or new periods, and nothing is searched. `listed` gives those values per key column when known
        (the values, whether one is missing).
        """
        empty = pd.DataFrame(columns=[*KEY_COLUMNS, "value"])
        if keys.empty:
            return empty
        listed = listed or {key: present(pd.unique(keys[key])) for key in KEY_COLUMNS}
        near = listed_narrowing([listed[key] for key in KEY_COLUMNS], "c")
        with self.connect() as con:
            if not con.execute(f"SELECT count(*) FROM current_observations c WHERE {near}").fetchall()[0][0]:
                return empty
            rows = pa.Table.from_pandas(keys[list(KEY_COLUMNS)], preserve_index=False)
            con.register("keys_rows", rows)
            frame = con.execute(
                f"SELECT {', '.join('c.' + k for k in KEY_COLUMNS)}, c.value FROM current_observations c "
                f"JOIN (SELECT DISTINCT * FROM keys_rows) k USING ({', '.join(KEY_COLUMNS)}) WHERE {near}").df()
            con.unregister("keys_rows")
        return frame

    def export(self, source: str | None = None) -> pd.DataFrame:
        """Return the observations that count now, as a tidy table, in the order of their keys (one row each)."""
        where = "WHERE source = ?" if source else ""
        return self.query(f"SELECT * EXCLUDE (import_id), import_id FROM current_observations {where} "
                          f"ORDER BY {', '.join(KEY_COLUMNS)}", [source] if source else [])

    def source_periods(self, source: str) -> set[str]:
        """Return the periods for which a source has values that count now."""
        frame = self.query("SELECT DISTINCT period FROM current_observations WHERE source = ?", [source])
        return set(frame["period"])

    def observation_count(self) -> int:
        """Return how many observations count now (superseded and undone ones excluded)."""
        return int(self.query("SELECT count(*) AS n FROM current_observations").loc[0, "n"])

"""The DuckDB store: the only module that speaks SQL to the database."""

from __future__ import annotations

import re
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa

from loaders.domain.schema import KEY_COLUMNS, OBSERVATION_COLUMNS, ORIGIN_COLUMNS
from loaders.errors import StalePlan, UserError
from loaders.settings import database_path, setting
from loaders.store.editions import EDITIONS_TABLE, Edition, EditionQueries
from loaders.store.roadmap import RoadmapQueries
from loaders.store.schema import CURRENT_ORDER, MAILLE_LEVELS, REFRESH_CURRENT, REFRESH_UNITS, SCHEMA
from loaders.store.series import SeriesQueries
from loaders.values import geography

_WRITE_LOCK = threading.Lock()
_CREATE_LOCK = threading.Lock()
_OPEN_CLOSE = threading.Lock()
_READY: set[Path] = set()
_HOLDER = re.compile(r"PID (\d+)")


def as_arrow(observations: pd.DataFrame | pa.Table) -> pa.Table:
    """Return the observation columns as an Arrow table with the store's types (fast to insert)."""
    if isinstance(observations, pa.Table):
        return observations.select(list(OBSERVATION_COLUMNS))
    types = {"TEXT": pa.string(), "DOUBLE": pa.float64(), "DATE": pa.date32(), "INTEGER": pa.int32()}
    schema = pa.schema([(name, types[kind]) for name, kind in OBSERVATION_COLUMNS.items()])
    arrays = []
    for name in OBSERVATION_COLUMNS:
        column = observations[name]
        kind = schema.field(name).type
        first = column.iloc[0]
        if kind == pa.string() and first is not None and (column == first).all():
            arrays.append(pa.repeat(pa.scalar(first, kind), len(column)))  # constant for the whole file
        else:
            arrays.append(pa.array(column.tolist(), type=kind, from_pandas=True))
    return pa.Table.from_arrays(arrays, schema=schema)


def _revision(con) -> str:
    last, undone = con.execute("SELECT coalesce(max(id), 0), count(*) FILTER (WHERE status <> 'active') "
                               "FROM imports").fetchall()[0]
    return f"{last}.{undone}"


class StoreBusy(UserError):
    """The database file is held by another process for longer than the lock timeout."""

    exit_code = 3


class StoreUnreadable(UserError):
    """The database file exists but cannot be opened as a DuckDB database."""


class StoreUnwritable(UserError):
    """The disk is full or read-only: nothing was written (the transaction was rolled back)."""


DISK_TROUBLE = ("no space left", "read-only file system", "disk full")


@contextmanager
def disk_errors(path: Path):
    """Turn DuckDB's and the system's « no space left » / « read-only » failures into StoreUnwritable."""
    try:
        yield
    except (duckdb.Error, OSError) as exc:
        text = str(exc).lower()
        if not any(trouble in text for trouble in DISK_TROUBLE):
            raise
        what = "est plein" if "space" in text or "full" in text else "est en lecture seule"
        raise StoreUnwritable(f"Le disque qui porte {path.parent} {what} : rien n'a été écrit. Libérez de la "
                              "place ou rétablissez l'écriture, puis recommencez.") from exc


@dataclass
class ImportRecord:
    """What the store keeps about one import, besides its rows."""

    kind: str
    filename: str
    sha256: str
    imported_by: str
    source: str | None = None
    options: str = "{}"
    rows_read: int = 0
    rows_kept: int = 0
    report: str = "{}"
    imported_at: datetime = field(default_factory=datetime.now)


@dataclass
class MailleData:
    """An imported maille: its territories, its communes and its polygons."""

    id: str
    label: str
    territories: pd.DataFrame  # code, name
    membership: pd.DataFrame  # code_commune, territory
    geojson: str


class Store(SeriesQueries, RoadmapQueries, EditionQueries):
    """Opens the database per operation (safe across threads and processes) and owns every query."""

    def __init__(self, path: Path | None = None, may_create=None, edition: Edition | None = None) -> None:
        self.path = path or database_path()
        self.may_create = may_create  # called before a missing database file would be created; raises to refuse
        self.as_of_edition = edition  # read the store as it was at this édition (see loaders.store.editions)

    def as_of(self, edition: Edition | None) -> Store:
        """Return the same store read as it was at an édition (None: as it is now); for reading only."""
        return Store(self.path, self.may_create, edition)

    @contextmanager
    def connect(self):
        """Yield a connection to the database, created and seeded on first use."""
        if not self.path.exists():
            _READY.discard(self.path)
            if self.may_create:
                self.may_create()
        with _OPEN_CLOSE:
            con = self._open()
        try:
            with disk_errors(self.path):
                self._ensure_schema(con)
            if self.as_of_edition:
                home = con.execute("SELECT current_database()").fetchall()[0][0]
                changed = con.execute(self.as_of_edition.changed_sql()).fetchall()
                for statement in self.as_of_edition.as_of_sql(home, changed):
                    con.execute(statement)
            yield con
        finally:
            with _OPEN_CLOSE:  # closing the last connection checkpoints: no thread may reopen the file meanwhile
                con.close()

    def _ensure_schema(self, con) -> None:
        if self.path not in _READY:
            with _CREATE_LOCK:  # two threads meeting a new file must not both create the schema
                if self.path not in _READY:
                    self._create(con)
                    _READY.add(self.path)

    @contextmanager
    def transaction(self):
        """Yield a connection inside one transaction: committed whole, or rolled back whole."""
        with _WRITE_LOCK, self.connect() as con, disk_errors(self.path):
            con.execute("BEGIN TRANSACTION")
            try:
                yield con
            except BaseException:
                con.execute("ROLLBACK")
                raise
            con.execute("COMMIT")

    def _open(self) -> duckdb.DuckDBPyConnection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        deadline = time.monotonic() + float(setting("CLEFOP_LOCK_TIMEOUT"))
        while True:
            try:
                return duckdb.connect(str(self.path))
            except duckdb.IOException as exc:
                if "lock" not in str(exc).lower():
                    raise StoreUnreadable(f"La base {self.path} est illisible : {exc}") from exc
                if time.monotonic() > deadline:
                    holder = _HOLDER.search(str(exc))
                    who = f"le processus {holder.group(1)}" if holder else "un autre processus"
                    raise StoreBusy(f"La base {self.path} est occupée par {who} ; réessayez plus tard.") from exc
                time.sleep(0.05)

    def _create(self, con: duckdb.DuckDBPyConnection) -> None:
        for statement in [*SCHEMA, EDITIONS_TABLE]:
            con.execute(statement)
        for table in ("observations", "current_observations"):  # stores made before values kept their origin
            for name in ORIGIN_COLUMNS:
                con.execute(f"ALTER TABLE {table} ADD COLUMN IF NOT EXISTS {name} {OBSERVATION_COLUMNS[name]}")
        if con.execute("SELECT count(*) FROM mailles WHERE import_id = 0").fetchall()[0][0] == 0:
            self._seed_builtin(con)
        if con.execute("SELECT count(*) FROM geo_units").fetchall()[0][0] == 0:
            self._seed_units(con)
            self._refresh(con)

    def _seed_builtin(self, con: duckdb.DuckDBPyConnection) -> None:
        territories = geography.builtin_territories()
        for maille in geography.BUILTIN_MAILLES:
            con.execute("INSERT INTO mailles VALUES (?, 0, ?, ?, NULL)", [maille.id, maille.label, maille.short_label])
            names = territories[territories["maille"] == maille.id][["code", "nom"]]
            self._insert_maille_rows(con, maille.id, 0, names.rename(columns={"nom": "name"}),
                                     geography.builtin_membership(maille))

    @staticmethod
    def _refresh(con: duckdb.DuckDBPyConnection, observations: bool = True, mailles: bool = True) -> None:
        """Recompute what counts now: the current values, and how units nest when mailles changed."""
        for statement in (REFRESH_CURRENT if observations else []) + (REFRESH_UNITS if mailles else []):
            con.execute(statement)

    @staticmethod
    def _refresh_keys(con: duckdb.DuckDBPyConnection, import_id: int, newest: bool = False) -> None:
        """Recompute the current values of the keys one import holds, after it was added or undone.

        Only those keys can change: the cost follows the import, not the size of the store. An import just
        added with the highest id (`newest`) wins every key it holds: its rows are the current ones.
        """
        keys = ", ".join(KEY_COLUMNS)
        same = " AND ".join(f"c.{k} IS NOT DISTINCT FROM t.{k}" for k in KEY_COLUMNS)
        if newest and import_id == con.execute("SELECT max(id) FROM imports").fetchall()[0][0]:
            con.execute(f"DELETE FROM current_observations c USING observations t WHERE t.import_id = ? AND {same}",
                        [import_id])
            con.execute(f"INSERT INTO current_observations BY NAME SELECT * FROM observations WHERE import_id = ? "
                        f"ORDER BY {CURRENT_ORDER}", [import_id])
            return
        con.execute(f"CREATE OR REPLACE TEMP TABLE touched AS SELECT DISTINCT {keys} FROM observations "
                    "WHERE import_id = ?", [import_id])
        con.execute(f"DELETE FROM current_observations c USING touched t WHERE {same}")
        con.execute(f"""INSERT INTO current_observations BY NAME
            SELECT c.* FROM observations c JOIN imports i ON i.id = c.import_id AND i.status = 'active'
            WHERE EXISTS (SELECT 1 FROM touched t WHERE {same})
            QUALIFY row_number() OVER (PARTITION BY {", ".join("c." + k for k in KEY_COLUMNS)}
                                       ORDER BY c.import_id DESC) = 1
            ORDER BY {CURRENT_ORDER}""")
        con.execute("DROP TABLE touched")

    @staticmethod
    def _seed_units(con: duckdb.DuckDBPyConnection) -> None:
        communes = geography.communes()
        units = pd.concat([pd.DataFrame({"level": level, "unit": communes[column],
                                         "code_commune": communes["code_commune"]})
                           for level, column in (("epci", "code_epci"), ("departement", "code_departement"),
                                                 ("zone_emploi", "code_ze2020"))], ignore_index=True)
        con.register("units_df", units)
        con.execute("INSERT INTO geo_units SELECT level, unit, code_commune FROM units_df")
        territories = geography.builtin_territories()
        partial = territories[territories["partiel"] == "True"].replace({"maille": {"ze2020": "zone_emploi"}})
        con.register("partial_df", partial)
        con.execute("INSERT INTO partial_units SELECT maille, code FROM partial_df")
        con.executemany("INSERT INTO maille_levels VALUES (?, ?)", list(MAILLE_LEVELS.items()))
        for name in ("units_df", "partial_df"):
            con.unregister(name)

    @staticmethod
    def _insert_maille_rows(con, maille_id: str, import_id: int, names: pd.DataFrame, members: pd.DataFrame) -> None:
        con.register("names_df", names[["code", "name"]])
        con.execute("INSERT INTO maille_territories SELECT ?, ?, code, name FROM names_df", [maille_id, import_id])
        con.register("members_df", members[["code_commune", "territory"]])
        con.execute("INSERT INTO maille_communes SELECT ?, ?, code_commune, territory FROM members_df",
                    [maille_id, import_id])
        con.unregister("names_df")
        con.unregister("members_df")

    def add_import(self, record: ImportRecord, observations: pd.DataFrame | None = None,
                   maille: MailleData | None = None, import_id: int | None = None, on_commit=None,
                   catalogue: pd.DataFrame | None = None, base_revision: str | None = None) -> int:
        """Write one import and its rows atomically; `on_commit(id)` runs while the lock is held.

        With `base_revision`, the write is refused (StalePlan) unless the store is still at that revision.
        """
        with self.transaction() as con:
            if base_revision is not None and _revision(con) != base_revision:
                raise StalePlan("La base a changé depuis la vérification du fichier (un autre import ou une "
                                "annulation) : rien n'a été écrit. Vérifiez de nouveau le fichier, puis confirmez.")
            if import_id is None:
                import_id = con.execute("SELECT coalesce(max(id), 0) + 1 FROM imports").fetchall()[0][0]
            con.execute("INSERT INTO imports VALUES (?, ?, ?, ?, ?, ?, ?, 'active', NULL, NULL, ?, ?, ?, ?)",
                        [import_id, record.kind, record.source, record.filename, record.sha256,
                         record.imported_at, record.imported_by, record.options, record.rows_read,
                         record.rows_kept, record.report])
            if observations is not None and len(observations):
                con.register("obs_df", as_arrow(observations))
                con.execute(f"INSERT INTO observations SELECT {import_id}, * FROM obs_df")
                con.unregister("obs_df")
            if maille is not None:
                con.execute("INSERT INTO mailles VALUES (?, ?, ?, ?, ?)",
                            [maille.id, import_id, maille.label, maille.label, maille.geojson])
                self._insert_maille_rows(con, maille.id, import_id, maille.territories, maille.membership)
            if catalogue is not None:
                con.register("items_df", catalogue.reset_index(drop=True).reset_index(names="position"))
                con.execute(f"INSERT INTO catalogue_items SELECT {import_id}, position, name, carrier, publics, "
                            "themes, description, link FROM items_df")
                con.unregister("items_df")
            if observations is not None and len(observations):
                self._refresh_keys(con, import_id, newest=True)
            if maille is not None:
                self._refresh(con, observations=False, mailles=True)
            if on_commit is not None:
                on_commit(import_id)
        return import_id

    def undo_import(self, import_id: int, who: str, at: datetime | None = None, on_commit=None) -> None:
        """Mark an import undone: its rows stay for history but no longer count."""
        with self.transaction() as con:
            found = con.execute("SELECT status, kind FROM imports WHERE id = ?", [import_id]).fetchall()
            if not found:
                raise UserError(f"Import n° {import_id} introuvable : rien n'a été annulé.")
            if found[0][0] != "active":
                raise UserError(f"L'import n° {import_id} est déjà annulé.")
            con.execute("UPDATE imports SET status = 'undone', undone_at = ?, undone_by = ? WHERE id = ?",
                        [at or datetime.now(), who, import_id])
            kind = found[0][1]
            if kind == "referentiel":
                self._refresh(con, observations=False, mailles=True)
            elif kind != "catalogue":
                self._refresh_keys(con, import_id)
            if on_commit is not None:
                on_commit(import_id)

    def revision(self) -> str:
        """Return a token that every import and every undo changes (the base of an import plan)."""
        with self.connect() as con:
            return _revision(con)

    def check(self) -> None:
        """Open the database and read its history; raise StoreUnreadable when that fails."""
        try:
            self.query("SELECT count(*) AS n FROM imports")
        except duckdb.Error as exc:
            raise StoreUnreadable(f"La base {self.path} est illisible : {exc}") from exc

    @contextmanager
    def frozen(self):
        """Yield ({import id: status}, priority ids, {édition id: name}) under the write lock (nothing half-way)."""
        with self.transaction() as con:
            yield (dict(con.execute("SELECT id, status FROM imports").fetchall()),
                   {row[0] for row in con.execute("SELECT id FROM priorities").fetchall()},
                   dict(con.execute("SELECT id, name FROM editions").fetchall()))

    def query(self, sql: str, params: list | None = None) -> pd.DataFrame:
        """Run a read query and return a DataFrame (for the query functions of this module)."""
        with self.connect() as con:
            return con.execute(sql, params or []).df()

    def imports(self) -> pd.DataFrame:
        """Return the history of imports, newest first."""
        return self.query("SELECT * FROM imports ORDER BY id DESC")

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

    def current_values(self, keys: pd.DataFrame) -> pd.DataFrame:
        """Return the values the store holds now for the keys of a frame (for revisions)."""
        if keys.empty:
            return pd.DataFrame(columns=[*KEY_COLUMNS, "value"])
        with self.connect() as con:
            con.register("keys_df", keys[list(KEY_COLUMNS)].drop_duplicates())
            frame = con.execute(
                f"SELECT {', '.join('c.' + k for k in KEY_COLUMNS)}, c.value FROM current_observations c "
                f"JOIN keys_df k USING ({', '.join(KEY_COLUMNS)})").df()
            con.unregister("keys_df")
        return frame

    def export(self, source: str | None = None) -> pd.DataFrame:
        """Return the observations that count now, as a tidy table."""
        where = "WHERE source = ?" if source else ""
        return self.query(f"SELECT * EXCLUDE (import_id), import_id FROM current_observations {where} "
                          "ORDER BY source, indicator, level, geo_code, period", [source] if source else [])

    def source_periods(self, source: str) -> set[str]:
        """Return the periods for which a source has values that count now."""
        frame = self.query("SELECT DISTINCT period FROM current_observations WHERE source = ?", [source])
        return set(frame["period"])

    def observation_count(self) -> int:
        """Return how many observations count now (superseded and undone ones excluded)."""
        return int(self.query("SELECT count(*) AS n FROM current_observations").loc[0, "n"])

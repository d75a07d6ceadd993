"""The DuckDB store: opening, schema, writes; reads in `reads.py`, `series.py`, `roadmap.py`, `editions.py`."""

from __future__ import annotations

import re
import threading
import time
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

import duckdb
import pandas as pd

from loaders.domain.schema import CATALOGUE, OBSERVATION_COLUMNS, ORIGIN_COLUMNS, REFERENTIAL
from loaders.errors import StalePlan, UserError
from loaders.settings import database_path, setting
from loaders.store import current, seed
from loaders.store.editions import Edition, EditionQueries
from loaders.store.reads import StoreReads
from loaders.store.records import (
    CLOSED,
    DISK_TROUBLE,
    ImportRecord,
    KeptOpen,
    MailleData,
    StoreBusy,
    StoreUnreadable,
    StoreUnwritable,
    as_arrow,
    attached,
    disk_errors,
    read_only_place,
    unlinked,
    writable,
)
from loaders.store.roadmap import RoadmapQueries
from loaders.store.schema import (
    CURRENT_VIEW,
    EDITIONS_TABLE,
    REFRESH_CURRENT,
    REFRESH_UNITS,
    SCHEMA,
    WRITE_ROW_GROUP,
    foreign_objects,
)
from loaders.store.series import SeriesQueries

# The names other modules import from the store, wherever they are defined.
__all__ = ["DISK_TROUBLE", "ImportRecord", "MailleData", "Store", "StoreBusy", "StoreUnreadable", "StoreUnwritable",
           "as_arrow", "disk_errors"]

_WRITE_LOCK = threading.Lock()
_CREATE_LOCK = threading.Lock()
_OPEN_CLOSE = threading.Lock()
_READY: set[Path] = set()  # files whose schema this process made and checked
_CHECKED: set[Path] = set()  # files this process checked but could not write to
_WRITING: set[Path] = set()  # files a write of this process waits for or holds: no read opens them meanwhile
_KEPT = KeptOpen(_OPEN_CLOSE)
_HOLDER = re.compile(r"PID (\d+)")


def _revision(con) -> str:
    last, undone = con.execute("SELECT coalesce(max(id), 0), count(*) FILTER (WHERE status <> 'active') "
                               "FROM imports").fetchall()[0]
    return f"{last}.{undone}"


class Store(StoreReads, SeriesQueries, RoadmapQueries, EditionQueries):
    """Opens the database per operation (safe across threads and processes) and owns every query."""

    def __init__(self, path: Path | None = None, may_create=None, edition: Edition | None = None) -> None:
        self.path = path or database_path()
        self.may_create = may_create  # called before a missing database file would be created; raises to refuse
        self.as_of_edition = edition  # read the store as it was at this édition (see loaders.store.editions)

    def as_of(self, edition: Edition | None) -> Store:
        """Return the same store read as it was at an édition (None: as it is now); for reading only."""
        return Store(self.path, self.may_create, edition)

    @contextmanager
    def connect(self, writing: bool = False):
        """Yield a connection to the database, created and seeded on first use."""
        if not self.path.exists():
            _READY.discard(self.path)
            if self.may_create:
                self.may_create()
        read_only = not writing and read_only_place(self.path)
        con = self._open(writing, read_only)
        try:
            with disk_errors(self.path):
                self._ensure_schema(con, read_only)
            if self.as_of_edition:
                home = con.execute("SELECT current_database()").fetchall()[0][0]
                changed = con.execute(self.as_of_edition.changed_sql()).fetchall()
                for statement in self.as_of_edition.as_of_sql(home, changed):
                    con.execute(statement)
            yield con
        except duckdb.PermissionException:  # an object planted in the file reached outside it (see CLOSED)
            raise StoreUnreadable(f"La base {self.path} contient un objet qu'elle n'a pas créé et qui tente de lire "
                                  "hors d'elle-même : refusé, rien n'a été lu. Reconstruisez-la à partir de l'archive "
                                  "(python -m loaders rebuild).") from None
        finally:
            with _OPEN_CLOSE:  # closing the last connection checkpoints: no thread may reopen the file meanwhile
                con.close()

    def let_go(self) -> None:
        """Close the connection this process keeps open on the file after a read (see KeptOpen), for a program
        that needs the file to itself at once."""
        with _OPEN_CLOSE:
            _KEPT.let_go(self.path)

    @contextmanager
    def held(self):
        """Yield this store read through one connection until the block ends: a few reads of one state."""
        with self.connect() as con:
            yield _Held(self, con)

    def _ensure_schema(self, con, read_only: bool) -> None:
        """Once per process: make the schema (unless the file may not be written), then refuse a file holding
        objects the schema does not make."""
        ready = _CHECKED if read_only else _READY
        if self.path not in ready:
            with _CREATE_LOCK:  # two threads meeting a new file must not both create the schema
                if self.path not in ready:
                    if not read_only:
                        self._create(con)
                    foreign = foreign_objects(con)
                    if foreign:
                        raise StoreUnreadable(f"La base {self.path} contient des objets qu'elle n'a pas créés "
                                              f"({', '.join(foreign[:5])}) : refusée, rien n'a été lu. "
                                              "Reconstruisez-la à partir de l'archive (python -m loaders rebuild).")
                    ready.add(self.path)

    @contextmanager
    def transaction(self):
        """Yield a connection inside one transaction: committed whole, or rolled back whole."""
        writable(self.path)
        with _WRITE_LOCK, self._writing(), self.connect(writing=True) as con, disk_errors(self.path):
            con.execute("BEGIN TRANSACTION")
            try:
                yield con
            except BaseException:
                con.execute("ROLLBACK")
                raise
            con.execute("COMMIT")

    @contextmanager
    def _writing(self):
        """Keep new reads of this process off the file until the write is done, so that a stream of reads
        cannot keep it waiting."""
        with _OPEN_CLOSE:
            _WRITING.add(self.path)
            _KEPT.let_go(self.path)
        try:
            yield
        finally:
            with _OPEN_CLOSE:
                _WRITING.discard(self.path)

    def _open(self, writing: bool = False, read_only: bool = False) -> duckdb.DuckDBPyConnection:
        unlinked(self.path, self.path)
        if read_only and not self.path.exists():
            raise StoreUnreadable(f"Le dossier de données {self.path.parent} est en lecture seule et ne contient "
                                  "pas de base : rien à afficher.")
        if not read_only:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        deadline = time.monotonic() + float(setting("CLEFOP_LOCK_TIMEOUT"))
        holder = "une autre opération"
        while True:
            try:
                with _OPEN_CLOSE:  # held for one attempt only: the connections waited for must be able to close
                    if writing:
                        return attached(self.path, WRITE_ROW_GROUP)
                    if self.path not in _WRITING:
                        return _KEPT.read(self.path, read_only, lambda: duckdb.connect(
                            str(self.path), read_only=read_only,
                            config={**CLOSED, "enable_external_access": False, "lock_configuration": True}))
            except duckdb.ResourceInUseException:  # this process's own write, or its reads while it writes
                pass
            except duckdb.IOException as exc:
                if "lock" not in str(exc).lower():
                    raise StoreUnreadable(f"La base {self.path} est illisible : {exc}") from exc
                found = _HOLDER.search(str(exc))
                holder = f"le processus {found.group(1)}" if found else "un autre processus"
            if time.monotonic() > deadline:
                raise StoreBusy(f"La base {self.path} est occupée par {holder} ; réessayez plus tard.")
            time.sleep(0.05)

    def _create(self, con: duckdb.DuckDBPyConnection) -> None:
        for statement in [*SCHEMA, EDITIONS_TABLE]:
            con.execute(statement)
        for name in ORIGIN_COLUMNS:  # stores made before values kept their origin
            con.execute(f"ALTER TABLE observations ADD COLUMN IF NOT EXISTS {name} {OBSERVATION_COLUMNS[name]}")
        current.mark_in_place(con)
        con.execute(CURRENT_VIEW)
        if seed.builtin_mailles(con):
            self._refresh(con, observations=False)

    @staticmethod
    def _refresh(con: duckdb.DuckDBPyConnection, observations: bool = True, mailles: bool = True) -> None:
        """Recompute what counts now: the current values, and how units nest when mailles changed."""
        for statement in (REFRESH_CURRENT if observations else []) + (REFRESH_UNITS if mailles else []):
            con.execute(statement)

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
                current.append(con, import_id, as_arrow(observations))
            if maille is not None:
                con.execute("INSERT INTO mailles VALUES (?, ?, ?, ?, ?)",
                            [maille.id, import_id, maille.label, maille.label, maille.geojson])
                seed.maille_rows(con, maille.id, import_id, maille.territories, maille.membership)
            if catalogue is not None:
                con.register("items_df", catalogue.reset_index(drop=True).reset_index(names="position"))
                con.execute(f"INSERT INTO catalogue_items SELECT {import_id}, position, name, carrier, publics, "
                            "themes, description, link FROM items_df")
                con.unregister("items_df")
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
            if kind == REFERENTIAL:
                self._refresh(con, observations=False, mailles=True)
            elif kind != CATALOGUE:
                current.refresh_keys(con, import_id)
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
        """Yield ({import id: status}, priority ids, {édition id: name}) and the imports' records (by id) under the
        write lock (nothing half-way); the store cannot be opened again inside the block."""
        with self.transaction() as con:
            records = con.execute("SELECT * FROM imports").df().set_index("id")
            yield (dict(zip(records.index, records["status"])),
                   {row[0] for row in con.execute("SELECT id FROM priorities").fetchall()},
                   dict(con.execute("SELECT id, name FROM editions").fetchall())), records

    def query(self, sql: str, params: list | None = None) -> pd.DataFrame:
        """Run a read query and return a DataFrame (for the query functions of this module)."""
        with self.connect() as con:
            return con.execute(sql, params or []).df()


class _Held(Store):
    """A store whose reads share one open connection (see Store.held)."""

    def __init__(self, store: Store, con: duckdb.DuckDBPyConnection) -> None:
        super().__init__(store.path, store.may_create, store.as_of_edition)
        self._con = con

    @contextmanager
    def connect(self):
        yield self._con

"""What the store is given and what it refuses: import records, mailles, Arrow rows, and its user-facing errors."""

from __future__ import annotations

import atexit
import json
import os
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa

from loaders.domain.schema import KEY_COLUMNS, OBSERVATION_COLUMNS
from loaders.errors import UserError
from loaders.store.schema import STORE_ORDER
from loaders.values.codes import KeyCodes

KEY_VALUES = "key_values"


def as_arrow(observations: pd.DataFrame | pa.Table, codes: KeyCodes | None = None) -> pa.Table:
    """Return the observation columns as an Arrow table with the store's types, in the store's row order.

    A table is returned as it is: it was made here (a kept plan's rows). `codes` are the integer codes of the
    frame's columns when the checks made them (values.codes.KeyCodes): they are not made again.
    """
    if isinstance(observations, pa.Table):
        return observations.select(list(OBSERVATION_COLUMNS))
    types = {"TEXT": pa.string(), "DOUBLE": pa.float64(), "DATE": pa.date32(), "INTEGER": pa.int32()}
    schema = pa.schema([(name, types[kind]) for name, kind in OBSERVATION_COLUMNS.items()])
    codes = codes or KeyCodes(observations)
    order = store_order(codes, len(observations))
    arrays = []
    for name in OBSERVATION_COLUMNS:
        kind = schema.field(name).type
        if kind == pa.string():  # its few distinct values converted, then taken in the store's order
            arrays.append(_text(*codes.coded(name), order, kind))
            continue
        array = pa.array(observations[name], type=kind, from_pandas=True)
        arrays.append(array.take(order) if order is not None else array)
    listed = {key: codes.listed(key) for key in KEY_COLUMNS}  # read back by key_values()
    schema = schema.with_metadata({KEY_VALUES: json.dumps(listed, ensure_ascii=False)})
    return pa.Table.from_arrays(arrays, schema=schema)


def _text(values: np.ndarray, uniques, order: np.ndarray | None, kind: pa.DataType) -> pa.Array:
    """Return a text column from its codes and distinct values (a missing value is one), in `order`."""
    distinct = pa.array(uniques, type=kind, from_pandas=True)
    if len(distinct) == 1:  # the same in every row
        return pa.repeat(distinct[0], len(values))
    return distinct.take(values if order is None else values[order])


def key_values(rows: pa.Table) -> list[tuple[list, bool]] | None:
    """Return, per key column, the values the rows take and whether one is missing, when as_arrow noted them."""
    noted = (rows.schema.metadata or {}).get(KEY_VALUES.encode())
    if noted is None:
        return None
    listed = json.loads(noted)
    return [(listed[key][0], listed[key][1]) for key in KEY_COLUMNS]


def store_order(codes: KeyCodes, rows: int) -> np.ndarray | None:
    """Return the positions of the rows sorted on the store's order (missing values last), None when they are
    in order already."""
    keys = []
    for name in STORE_ORDER:
        ranks, count = codes.ranked(name)
        if count > 1:
            keys.append(ranks)
    order = np.lexsort(keys[::-1]) if keys else None
    return None if order is None or (order == np.arange(rows)).all() else order


# Every connection reads its own database only: no extension loaded or installed, and (once the file is open) no
# file, URL or other database reachable from SQL, so that a view planted in the file cannot read the machine's files.
CLOSED = {"autoload_known_extensions": False, "autoinstall_known_extensions": False,
          "allow_community_extensions": False}


KEEP_OPEN = 0.5  # seconds a file opened for reading stays open after that first read, whatever reads follow


class KeptOpen:
    """The database files this process read a moment ago, kept open by a connection of their own.

    DuckDB makes a whole new database (≈ 20 ms, its catalogue of functions) for a file no connection of the
    process has open, and shares it between the connections that have. The reads of one page run come within a
    fraction of a second: they share the database kept open by the first. A file stays kept KEEP_OPEN seconds at
    most, so that a write of another process, which waits for the file, waits no longer than that; a write of this
    process lets it go first (`let_go`), and a file replaced, renamed or changed since is opened again.
    """

    def __init__(self, lock: threading.Lock) -> None:
        self.lock = lock  # the store's lock for opening and closing files, held by the caller of `read`
        self.held: dict[str, tuple[duckdb.DuckDBPyConnection, bool, tuple | None]] = {}
        atexit.register(self.close_all)  # DuckDB's bindings report the objects still alive when Python exits

    def read(self, path: Path, read_only: bool, opener) -> duckdb.DuckDBPyConnection:
        """Return `opener()`, a new read connection to `path`, and keep its database open a moment."""
        key, identity = str(path), _identity(path)
        if key in self.held and self.held[key][1:] != (read_only, identity):
            self.let_go(path)
        con = opener()
        if key not in self.held:
            self.held[key] = (opener(), read_only, identity)
            timer = threading.Timer(KEEP_OPEN, self._expire, (key, identity))  # not the connection: see close_all
            timer.daemon = True
            timer.start()
        return con

    def let_go(self, path: Path) -> None:
        """Close the connection keeping `path` open (the caller holds the lock)."""
        held = self.held.pop(str(path), None)
        if held:
            held[0].close()

    def close_all(self) -> None:
        with self.lock:
            for key in list(self.held):
                self.held.pop(key)[0].close()

    def _expire(self, key: str, identity: tuple | None) -> None:
        with self.lock:
            if key in self.held and self.held[key][2] == identity:
                self.held.pop(key)[0].close()


def _identity(path: Path) -> tuple | None:
    try:
        found = os.stat(path)
    except OSError:
        return None
    return found.st_dev, found.st_ino, found.st_size, found.st_mtime_ns


def attached(path: Path, row_group: int) -> duckdb.DuckDBPyConnection:
    """Return a connection of its own to the database file, for writing in row groups of `row_group` rows.

    While it is open, no other connection of this process may open the file, nor it while they are open:
    DuckDB refuses either (ResourceInUseException), and `Store._open` waits as for another process's lock.
    """
    con = duckdb.connect(config=CLOSED)
    try:
        file, name = str(path).replace("'", "''"), path.stem.replace('"', '""')
        con.execute(f"ATTACH '{file}' AS \"{name}\" (ROW_GROUP_SIZE {row_group})")
        con.execute(f"USE \"{name}\"")
        con.execute("SET enable_external_access = false")
        con.execute("SET lock_configuration = true")
    except BaseException:
        con.close()
        raise
    return con


class StoreBusy(UserError):
    """The database file is held by another process for longer than the lock timeout."""

    exit_code = 3


class StoreUnreadable(UserError):
    """The database file exists but cannot be opened as a DuckDB database."""


class LinkRefused(UserError):
    """A symbolic link stands where the data folder keeps its own file or folder: it is never followed."""


def unlinked(path: Path, top: Path) -> Path:
    """Return the path when neither it nor any folder above it up to `top` (a folder of the data folder, or the
    path itself) is a symbolic link; LinkRefused, in French, otherwise. The data folder itself may be a link."""
    for place in (path, *path.parents):
        if place.is_symlink():
            raise LinkRefused(f"« {place} » est un lien symbolique : le tableau de bord ne suit aucun lien dans son "
                              "dossier de données. Remplacez-le par le fichier ou le dossier lui-même. Rien n'a été "
                              "écrit.")
        if place == top:
            return path
    raise ValueError(f"{path} is not under {top}")


class JournalDamaged(UserError):
    """A line of the journal, other than a torn last one, does not read: nothing replays it or writes after it."""


class StoreUnwritable(UserError):
    """The disk is full or read-only: nothing was written (the transaction was rolled back)."""


def read_only_place(path: Path) -> bool:
    """Whether this account may write nothing at `path` (a file or folder, made or not): a read-only mount, or
    no write access to it or to its folder. Permissions are read, never changed."""
    place = path
    while not place.exists() and place != place.parent:
        place = place.parent
    if os.statvfs(place).f_flag & os.ST_RDONLY:
        return True
    folder = place if place.is_dir() else place.parent
    return not os.access(folder, os.W_OK | os.X_OK) or (place.is_file() and not os.access(place, os.W_OK))


def writable(path: Path) -> Path:
    """Return the path when this account may write there; StoreUnwritable, in French, otherwise."""
    if read_only_place(path):
        raise StoreUnwritable(f"Le dossier de données ({path.parent}) est en lecture seule pour ce compte (disque "
                              "monté en lecture seule, ou droits d'un autre compte) : le tableau de bord se consulte, "
                              "mais rien n'y peut être écrit. Rien n'a été écrit.")
    return path


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

"""What the store is given and what it refuses: import records, mailles, Arrow rows, and its user-facing errors."""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa

from loaders.domain.schema import OBSERVATION_COLUMNS
from loaders.errors import UserError
from loaders.store.schema import STORE_ORDER


def as_arrow(observations: pd.DataFrame | pa.Table) -> pa.Table:
    """Return the observation columns as an Arrow table with the store's types, in the store's row order.

    A table is returned as it is: it was made here (a kept plan's rows).
    """
    if isinstance(observations, pa.Table):
        return observations.select(list(OBSERVATION_COLUMNS))
    types = {"TEXT": pa.string(), "DOUBLE": pa.float64(), "DATE": pa.date32(), "INTEGER": pa.int32()}
    schema = pa.schema([(name, types[kind]) for name, kind in OBSERVATION_COLUMNS.items()])
    order = store_order(observations)
    if (order == np.arange(len(order))).all():
        order = None
    arrays = []
    for name in OBSERVATION_COLUMNS:
        column = observations[name]
        kind = schema.field(name).type
        first = column.iloc[0]
        if kind == pa.string() and isinstance(first, str) and (column == first).all():
            arrays.append(pa.repeat(pa.scalar(first, kind), len(column)))  # constant for the whole file: no order
            continue
        array = pa.array(column, type=kind, from_pandas=True)
        arrays.append(array.take(order) if order is not None else array)
    return pa.Table.from_arrays(arrays, schema=schema)


def store_order(frame: pd.DataFrame) -> np.ndarray:
    """Return the positions of the rows sorted on the store's order (missing values last)."""
    keys = []
    for name in STORE_ORDER:
        codes, uniques = pd.factorize(frame[name], sort=True)
        if len(uniques) > 1 or (len(uniques) and (codes < 0).any()):
            keys.append(np.where(codes < 0, len(uniques), codes))
    return np.lexsort(keys[::-1]) if keys else np.arange(len(frame))


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

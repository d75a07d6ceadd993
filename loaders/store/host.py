"""What the store's query families (reads, series, roadmap, éditions) rely on, declared once: the Store provides
it, each family inherits the declaration instead of repeating it."""

from __future__ import annotations

from contextlib import AbstractContextManager

import duckdb
import pandas as pd


class StoreHost:
    """The database access every family of store methods uses."""

    def query(self, sql: str, params: list | None = None) -> pd.DataFrame:
        """Run a read query and return a DataFrame."""
        raise NotImplementedError

    def connect(self, writing: bool = False) -> AbstractContextManager[duckdb.DuckDBPyConnection]:
        """Return an open connection, as a context manager."""
        raise NotImplementedError

    def transaction(self) -> AbstractContextManager[duckdb.DuckDBPyConnection]:
        """Return a write transaction under the store's lock, as a context manager."""
        raise NotImplementedError

"""Which stored values count now: per key, the row of the latest active import, marked `is_current`.

An import or an undo can only change the keys it holds, so only those are marked again: the cost follows the
import, not the size of the store.
"""

from __future__ import annotations

import duckdb
import pyarrow as pa
import pyarrow.compute as pc

from loaders.domain.schema import KEY_COLUMNS
from loaders.store.records import key_values
from loaders.store.schema import REFRESH_CURRENT, WRITE_BATCH, same_key, winners

NARROW_MAX = 500  # a key column with more distinct values in one import is not listed


def narrowing(con: duckdb.DuckDBPyConnection, where: str, alias: str) -> str:
    """Return a condition that any row sharing a key with the stored observations `where` keeps meets.

    It lists their own values of each key column as constants, so that DuckDB skips the row groups that cannot
    hold them; without it, finding the rows of a few thousand keys reads every row of the store. It is meant for a
    WHERE clause, where a NULL keeps no row as false does.
    """
    parts = ", ".join(f"list(DISTINCT {k}), bool_or({k} IS NULL)" for k in KEY_COLUMNS)
    found = con.execute(f"SELECT {parts} FROM observations WHERE {where}").fetchall()[0]
    return listed_narrowing([(found[2 * i] or [], found[2 * i + 1]) for i in range(len(KEY_COLUMNS))], alias)


def rows_narrowing(rows: pa.Table, alias: str) -> str:
    """Return the same condition for an import's rows: from the key values as_arrow noted with them, else
    listed from the rows."""
    listed = key_values(rows) or [(pc.unique(rows[k]).to_pylist(), rows[k].null_count > 0) for k in KEY_COLUMNS]
    return listed_narrowing(listed, alias)


def listed_narrowing(listed: list[tuple[list, bool]], alias: str) -> str:
    """Return the condition from the values of each key column (in KEY_COLUMNS' order) and whether one is missing."""
    conditions = []
    for column, (values, has_null) in zip(KEY_COLUMNS, listed):
        values = [v for v in values if v is not None]
        if len(values) > NARROW_MAX:
            continue
        quoted = ", ".join("'" + str(v).replace("'", "''") + "'" for v in values)
        # a bare IN, so that DuckDB checks it against each row group's bounds (wrapped, it read every group)
        test = f"{alias}.{column} IN ({quoted})" if values else "false"
        conditions.append(f"({test} OR {alias}.{column} IS NULL)" if has_null else test)
    return "(" + (" AND ".join(conditions) or "true") + ")"


def append(con: duckdb.DuckDBPyConnection, import_id: int, rows: pa.Table) -> None:
    """Write the rows of an import, in their order, as current, and mark again the keys they hold.

    An import added with the highest id wins every key it holds: only the rows its rows replace lose their mark
    (none searched when no other current row can share a key with them).
    """
    con.register("import_rows", pa.Table.from_batches(rows.to_batches(max_chunksize=WRITE_BATCH), rows.schema))
    con.execute(f"INSERT INTO observations BY NAME SELECT {int(import_id)} AS import_id, *, true AS is_current "
                "FROM import_rows")  # in the rows' order (DuckDB's preserve_insertion_order)
    if import_id == con.execute("SELECT max(id) FROM imports").fetchall()[0][0]:
        others = f"c.is_current AND c.import_id <> {int(import_id)} AND {rows_narrowing(rows, 'c')}"
        if con.execute(f"SELECT count(*) FROM observations c WHERE {others}").fetchall()[0][0]:
            con.execute(f"UPDATE observations c SET is_current = false FROM import_rows t "
                        f"WHERE {others} AND {same_key('c', 't')}")
    else:
        refresh_keys(con, import_id)
    con.unregister("import_rows")


def refresh_keys(con: duckdb.DuckDBPyConnection, import_id: int) -> None:
    """Mark again which rows count for the keys one import holds, after it was added or undone."""
    keys = ", ".join(KEY_COLUMNS)
    same = same_key("c", "t")
    near = narrowing(con, f"import_id = {int(import_id)}", "c")
    con.execute(f"CREATE OR REPLACE TEMP TABLE touched AS SELECT DISTINCT {keys} FROM observations "
                "WHERE import_id = ?", [import_id])
    con.execute(f"UPDATE observations c SET is_current = false FROM touched t WHERE c.is_current AND {near} AND {same}")
    inside = f"EXISTS (SELECT 1 FROM touched t WHERE {same})"
    con.execute(f"UPDATE observations SET is_current = true WHERE rowid IN ({winners(f'{near} AND {inside}', 'c')})")
    con.execute("DROP TABLE touched")


def mark_in_place(con: duckdb.DuckDBPyConnection) -> None:
    """Turn a store that kept its current values in a second table into one that marks them."""
    kind = con.execute("SELECT table_type FROM information_schema.tables WHERE table_catalog = current_database() "
                       "AND table_schema = 'main' AND table_name = 'current_observations'").fetchall()
    if not kind or kind[0][0] != "BASE TABLE":
        return
    con.execute("ALTER TABLE observations ADD COLUMN IF NOT EXISTS is_current BOOLEAN DEFAULT false")
    for statement in REFRESH_CURRENT:
        con.execute(statement)
    con.execute("DROP TABLE current_observations")

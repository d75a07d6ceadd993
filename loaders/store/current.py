"""Which stored values count now: per key, the row of the latest active import, marked `is_current`.

An import or an undo can only change the keys it holds, so only those are marked again: the cost follows the
import, not the size of the store.
"""

from __future__ import annotations

import duckdb

from loaders.domain.schema import KEY_COLUMNS
from loaders.store.schema import REFRESH_CURRENT, same_key, winners

NARROW_MAX = 500  # a key column with more distinct values in one import is not listed


def narrowing(con: duckdb.DuckDBPyConnection, where: str, alias: str) -> str:
    """Return a condition that any row sharing a key with the observations `where` keeps meets.

    It lists their own values of each key column as constants, so that DuckDB skips the row groups that cannot
    hold them; without it, finding the rows of a few thousand keys reads every row of the store. Its value is
    never NULL.
    """
    parts = ", ".join(f"list(DISTINCT {k}), bool_or({k} IS NULL)" for k in KEY_COLUMNS)
    found = con.execute(f"SELECT {parts} FROM observations WHERE {where}").fetchall()[0]
    conditions = []
    for index, column in enumerate(KEY_COLUMNS):
        values, has_null = [v for v in found[2 * index] or [] if v is not None], found[2 * index + 1]
        if len(values) > NARROW_MAX:
            continue
        listed = ", ".join("'" + str(v).replace("'", "''") + "'" for v in values)
        test = f"coalesce({alias}.{column} IN ({listed}), false)" if values else "false"
        conditions.append(f"({test} OR {alias}.{column} IS NULL)" if has_null else test)
    return "(" + (" AND ".join(conditions) or "true") + ")"


def refresh_keys(con: duckdb.DuckDBPyConnection, import_id: int, newest: bool = False) -> None:
    """Mark again which rows count for the keys one import holds, after it was added or undone.

    An import just added with the highest id (`newest`) wins every key it holds: its rows, added marked, are the
    current ones, and only the rows they replace lose their mark.
    """
    keys = ", ".join(KEY_COLUMNS)
    same = same_key("c", "t")
    near = narrowing(con, f"import_id = {int(import_id)}", "c")
    if newest and import_id == con.execute("SELECT max(id) FROM imports").fetchall()[0][0]:
        con.execute(f"""UPDATE observations c SET is_current = false
            FROM (SELECT DISTINCT {keys} FROM observations WHERE import_id = ?) t
            WHERE c.is_current AND c.import_id <> ? AND {near} AND {same}""", [import_id, import_id])
        return
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

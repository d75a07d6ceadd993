"""The built-in mailles and units a store is seeded with (and a store made by an earlier version completed)."""

from __future__ import annotations

from functools import lru_cache

import duckdb
import pandas as pd
import pyarrow as pa

from loaders.domain.territory import LEVEL, Maille
from loaders.store.schema import MAILLE_LEVELS
from loaders.values import geography


def builtin_mailles(con: duckdb.DuckDBPyConnection) -> bool:
    """Add the built-in mailles a store lacks (a store made before a grid was added gets it when opened),
    with the units of their level; keep their labels as declared. Return True when one was added."""
    have = {row[0] for row in con.execute("SELECT id FROM mailles WHERE import_id = 0").fetchall()}
    missing = [m for m in geography.BUILTIN_MAILLES if m.id not in have]
    for maille in geography.BUILTIN_MAILLES:
        if maille.id in have:
            con.execute("UPDATE mailles SET label = ?, short_label = ? WHERE id = ? AND import_id = 0 AND "
                        "(label <> ? OR short_label <> ?)", [maille.label, maille.short_label, maille.id,
                                                             maille.label, maille.short_label])
    for maille in missing:
        con.execute("INSERT INTO mailles VALUES (?, 0, ?, ?, NULL)", [maille.id, maille.label, maille.short_label])
    if missing:
        names, members = _builtin_rows(tuple(missing))
        _insert(con, "maille_territories", names, "maille, 0, code, name")
        _insert(con, "maille_communes", members, "maille, 0, code_commune, territory")
    units(con)
    return bool(missing)


@lru_cache(maxsize=4)
def _builtin_rows(mailles: tuple[Maille, ...]) -> tuple[pa.Table, pa.Table]:
    """Return the territories of built-in mailles and the commune of each (made once per process: every new store
    is seeded with them)."""
    territories = geography.builtin_territories()
    names, members = [], []
    for maille in mailles:
        named = territories[territories["maille"] == maille.id]
        names.append(pd.DataFrame({"maille": maille.id, "code": named["code"], "name": named["nom"]}))
        members.append(geography.builtin_membership(maille).assign(maille=maille.id))
    return (pa.Table.from_pandas(pd.concat(names, ignore_index=True), preserve_index=False),
            pa.Table.from_pandas(pd.concat(members, ignore_index=True), preserve_index=False))


def units(con: duckdb.DuckDBPyConnection) -> None:
    """Record the communes of each unit of the built-in levels the store does not know yet."""
    have = {row[0] for row in con.execute("SELECT DISTINCT level FROM maille_levels").fetchall()}
    for maille_id, level in MAILLE_LEVELS.items():
        if level not in have:
            con.execute("INSERT INTO maille_levels VALUES (?, ?)", [maille_id, level])
    known = {row[0] for row in con.execute("SELECT DISTINCT level FROM geo_units").fetchall()}
    levels = [m for m in geography.BUILTIN_MAILLES if m.level not in known and m.level != LEVEL.region]
    if not levels:
        return
    rows, partial = _unit_rows(tuple(levels))
    _insert(con, "geo_units", rows, "level, unit, code_commune")
    _insert(con, "partial_units", partial, "level, unit")


def maille_rows(con, maille_id: str, import_id: int, names: pd.DataFrame, members: pd.DataFrame) -> None:
    """Write the territories of a maille and the commune of each."""
    _insert(con, "maille_territories", names[["code", "name"]], "?, ?, code, name", [maille_id, import_id])
    _insert(con, "maille_communes", members[["code_commune", "territory"]], "?, ?, code_commune, territory",
            [maille_id, import_id])


def _insert(con, table: str, rows, columns: str, params: list | None = None) -> None:
    """Insert `rows` (a frame or an Arrow table) into `table` as `SELECT columns` of them."""
    con.register("rows_df", rows)
    con.execute(f"INSERT INTO {table} SELECT {columns} FROM rows_df", params or [])
    con.unregister("rows_df")


@lru_cache(maxsize=4)
def _unit_rows(mailles: tuple[Maille, ...]) -> tuple[pa.Table, pa.Table]:
    """Return the commune of each unit of built-in mailles, and their units only partly in the region."""
    communes, territories = geography.communes(), geography.builtin_territories()
    rows = pd.concat([pd.DataFrame({"level": m.level, "unit": communes[m.column],
                                     "code_commune": communes["code_commune"]}) for m in mailles],
                      ignore_index=True)
    partial = territories[territories["partiel"] == "True"]
    partial = partial[partial["maille"].isin([m.id for m in mailles])]
    partial = pd.DataFrame({"level": partial["maille"].map(MAILLE_LEVELS), "unit": partial["code"]})
    return pa.Table.from_pandas(rows, preserve_index=False), pa.Table.from_pandas(partial, preserve_index=False)

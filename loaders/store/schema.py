"""The database schema: tables, and the views that say what counts now and how units nest."""

import functools

import duckdb

from loaders.domain.schema import KEY_COLUMNS, OBSERVATION_COLUMNS
from loaders.domain.territory import MAILLE_LEVELS

__all__ = ["MAILLE_LEVELS"]

SCHEMA = [
    """CREATE TABLE IF NOT EXISTS imports (
        id INTEGER PRIMARY KEY, kind TEXT NOT NULL, source TEXT, filename TEXT NOT NULL,
        sha256 TEXT NOT NULL, imported_at TIMESTAMP NOT NULL, imported_by TEXT NOT NULL,
        status TEXT NOT NULL, undone_at TIMESTAMP, undone_by TEXT, options TEXT,
        rows_read INTEGER, rows_kept INTEGER, report TEXT)""",
    # every value ever imported; `is_current` marks the ones that count now (kept key by key on import and undo)
    "CREATE TABLE IF NOT EXISTS observations (import_id INTEGER NOT NULL, "
    + ", ".join(f"{name} {kind}" for name, kind in OBSERVATION_COLUMNS.items()) + ", is_current BOOLEAN DEFAULT false)",
    """CREATE TABLE IF NOT EXISTS mailles (
        id TEXT NOT NULL, import_id INTEGER NOT NULL, label TEXT NOT NULL, short_label TEXT NOT NULL,
        geojson TEXT, PRIMARY KEY (id, import_id))""",
    """CREATE TABLE IF NOT EXISTS maille_territories (
        maille_id TEXT NOT NULL, import_id INTEGER NOT NULL, code TEXT NOT NULL, name TEXT NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS maille_communes (
        maille_id TEXT NOT NULL, import_id INTEGER NOT NULL, code_commune TEXT NOT NULL,
        territory TEXT NOT NULL)""",
    """CREATE OR REPLACE VIEW active_mailles AS
        SELECT m.* FROM mailles m LEFT JOIN imports i ON i.id = m.import_id
        WHERE m.import_id = 0 OR i.status = 'active'
        QUALIFY row_number() OVER (PARTITION BY m.id ORDER BY m.import_id DESC) = 1""",
    """CREATE TABLE IF NOT EXISTS geo_units (level TEXT NOT NULL, unit TEXT NOT NULL, code_commune TEXT NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS partial_units (level TEXT NOT NULL, unit TEXT NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS maille_levels (maille_id TEXT NOT NULL, level TEXT NOT NULL)""",
    """CREATE OR REPLACE VIEW active_maille_communes AS
        SELECT c.maille_id, c.code_commune, c.territory FROM maille_communes c JOIN active_mailles m
        ON m.id = c.maille_id AND m.import_id = c.import_id""",
    # Which territory of which maille an observation unit counts in, and how many communes it brings:
    # a maille's own level first (rank 0), then units wholly inside one territory (rank 1), communes (rank 2).
    """CREATE OR REPLACE VIEW unit_territories_v AS
        SELECT l.level, t.code AS unit, t.maille_id, t.code AS territory, 0 AS rank,
               (SELECT count(*) FROM active_maille_communes a WHERE a.maille_id = t.maille_id
                AND a.territory = t.code) AS n_communes
        FROM maille_territories t JOIN active_mailles m ON m.id = t.maille_id AND m.import_id = t.import_id
        JOIN maille_levels l ON l.maille_id = t.maille_id
        UNION ALL
        SELECT g.level, g.unit, a.maille_id, min(a.territory), 1, count(*)
        FROM geo_units g JOIN active_maille_communes a USING (code_commune)
        WHERE NOT EXISTS (SELECT 1 FROM partial_units p WHERE p.level = g.level AND p.unit = g.unit)
          AND NOT EXISTS (SELECT 1 FROM maille_levels l WHERE l.maille_id = a.maille_id AND l.level = g.level)
        GROUP BY g.level, g.unit, a.maille_id HAVING count(DISTINCT a.territory) = 1
        UNION ALL
        SELECT 'commune', code_commune, maille_id, territory, 2, 1 FROM active_maille_communes""",
    "CREATE TABLE IF NOT EXISTS unit_territories AS SELECT * FROM unit_territories_v",
    """CREATE TABLE IF NOT EXISTS catalogue_items (
        import_id INTEGER NOT NULL, position INTEGER NOT NULL, name TEXT NOT NULL, carrier TEXT, publics TEXT,
        themes TEXT, description TEXT, link TEXT)""",
    """CREATE TABLE IF NOT EXISTS priorities (
        id INTEGER PRIMARY KEY, maille_id TEXT NOT NULL, territory TEXT NOT NULL, themes TEXT NOT NULL,
        plenary DATE, note TEXT, recorded_by TEXT NOT NULL, recorded_at TIMESTAMP NOT NULL)""",
]
# the éditions: which imports and priorities each plenary saw
EDITIONS_TABLE = """CREATE TABLE IF NOT EXISTS editions (
    id INTEGER PRIMARY KEY, name TEXT NOT NULL, plenary DATE NOT NULL, maille_id TEXT NOT NULL,
    imports TEXT NOT NULL, last_import INTEGER NOT NULL, last_priority INTEGER NOT NULL,
    created_by TEXT NOT NULL, created_at TIMESTAMP NOT NULL)"""

# Writes attach the file with row groups of this many rows (DuckDB's default is 122 880): an import's rows then
# fill whole groups, compressed once as they are appended, instead of being kept aside and compressed at COMMIT
# (measured: a 120 000-row import's insert and commit take a quarter less).
WRITE_ROW_GROUP = 30_720
# An import's rows are handed to DuckDB in batches of this many: its scan of Arrow rows gives each batch to a
# thread of its own, so that every core fills and compresses groups (one batch kept one core busy: a 120 000-row
# insert and commit took half as long again).
WRITE_BATCH = 2 * WRITE_ROW_GROUP
# rows are written sorted on these columns (each import's rows), so that DuckDB's zone maps skip most row groups
# when a page filters a series
STORE_ORDER = ("source", "indicator", "adjustment", "category", "sex", "age", "seniority", "offer_type", "domain",
               "sector", "level", "geo_code", "period")

# The values that count now: per key, the row of the latest active import. Pages read them many times; they are
# marked once (`is_current`) instead of being searched for at every read.
CURRENT_VIEW = ("CREATE OR REPLACE VIEW current_observations AS SELECT * EXCLUDE (is_current) FROM observations "
                "WHERE is_current")


def same_key(left: str, right: str) -> str:
    """Return the condition that rows `left` and `right` hold the same key (a missing part matches a missing one)."""
    return " AND ".join(f"{left}.{k} IS NOT DISTINCT FROM {right}.{k}" for k in KEY_COLUMNS)


def winners(where: str = "TRUE", alias: str = "o") -> str:
    """Return the query of the rows that count, among the rows of active imports that `where` keeps."""
    keys = ", ".join(f"{alias}.{c}" for c in KEY_COLUMNS)
    return (f"SELECT {alias}.rowid FROM observations {alias} JOIN imports i ON i.id = {alias}.import_id "
            f"AND i.status = 'active' WHERE {where} "
            f"QUALIFY row_number() OVER (PARTITION BY {keys} ORDER BY {alias}.import_id DESC) = 1")


REFRESH_CURRENT = ["UPDATE observations SET is_current = false WHERE is_current",
                   f"UPDATE observations SET is_current = true WHERE rowid IN ({winners()})"]
REFRESH_UNITS = ["DELETE FROM unit_territories", "INSERT INTO unit_territories SELECT * FROM unit_territories_v"]


@functools.cache
def _expected_views() -> dict[str, str]:
    """Return each view of the schema with its SQL as DuckDB stores it (made once in memory)."""
    with duckdb.connect() as con:
        for statement in [*SCHEMA, EDITIONS_TABLE, CURRENT_VIEW]:
            con.execute(statement)
        return dict(con.execute("SELECT view_name, sql FROM duckdb_views() WHERE NOT internal").fetchall())


def foreign_objects(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Return the objects of the open database that its schema does not make: views other than its own (or
    changed), macros, sequences. Tables hold data only; the views that read them are checked."""
    expected = _expected_views()
    found = con.execute("SELECT view_name, sql FROM duckdb_views() WHERE NOT internal AND NOT temporary").fetchall()
    names = [f"vue {name}" for name, sql in found if expected.get(name) != sql]
    names += [f"macro {name}" for (name,) in con.execute(
        "SELECT DISTINCT function_name FROM duckdb_functions() WHERE NOT internal").fetchall()]
    names += [f"séquence {name}" for (name,) in con.execute("SELECT sequence_name FROM duckdb_sequences()").fetchall()]
    return names

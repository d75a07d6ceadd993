"""Éditions: the state of the store shown at a plenary, recorded as ids (never a copy of values), and read back.

An édition keeps which imports counted (data, referential, catalogue), the last import and the last choice of
priorities it knew, and the maille in force. Reading « as of » an édition replaces, for one connection, the
tables and views that say what counts now by temporary views computed from the history the store keeps
(undone imports keep their rows): every query of the app reads the édition without knowing it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime

import pandas as pd

from loaders.domain.schema import CATALOGUE, KEY_COLUMNS, REFERENTIAL
from loaders.errors import UserError
from loaders.store.host import StoreHost
from loaders.store.schema import SCHEMA, same_key
from loaders.values.textnorm import split_list

# The views of the schema that read the imports' status: recreated per édition over its own imports.
_STATUS_VIEWS = ("active_mailles", "active_maille_communes", "unit_territories_v")


class UnknownEdition(UserError):
    """A link or a command names an édition the store does not hold."""


@dataclass(frozen=True)
class Edition:
    """What an édition records: the imports that counted, the last import and priorities it knew, the maille."""

    id: int
    name: str
    plenary: date
    maille: str
    imports: tuple[int, ...]
    last_import: int
    last_priority: int
    created_by: str
    created_at: datetime

    def label(self) -> str:
        """Return « Édition du 15/11/2026 », the words of the banner and of the sidebar."""
        return f"Édition du {self.plenary:%d/%m/%Y}"

    def id_list(self) -> str:
        """Return the ids of the imports that counted, as SQL list items (« NULL » for none)."""
        return ", ".join(str(i) for i in self.imports) or "NULL"

    def changed_sql(self) -> str:
        """Return the query of the imports added or undone since this édition (their keys may differ)."""
        ids = self.id_list()
        return (f"SELECT id, kind FROM imports WHERE (id > {self.last_import} AND status = 'active') "
                f"OR (id IN ({ids}) AND status <> 'active')")

    def observations_sql(self, home: str, name: str, changed: list[int]) -> list[str]:
        """Return the statements that make the temporary view `name` hold the values that counted at this édition.

        Only the keys of imports added or undone since can differ from the current values: those are computed
        again from the history, the others are read from the values marked current.
        """
        ids = self.id_list()
        keys = ", ".join(KEY_COLUMNS)
        return [
            self.touched_sql(home, changed),
            f"""CREATE OR REPLACE TEMP VIEW {name} AS
                SELECT c.* FROM {home}.main.current_observations c ANTI JOIN temp.main.edition_touched t
                USING ({keys})
                UNION ALL BY NAME
                SELECT * FROM (SELECT o.* EXCLUDE (is_current) FROM {home}.main.observations o
                               SEMI JOIN temp.main.edition_touched t USING ({keys}) WHERE o.import_id IN ({ids})
                               QUALIFY row_number() OVER (PARTITION BY {keys} ORDER BY import_id DESC) = 1)""",
        ]

    @staticmethod
    def touched_sql(home: str, changed: list[int]) -> str:
        """Return the statement that keeps, in the temporary table edition_touched, the keys the imports added or
        undone since the édition hold: only their values can differ from the édition's."""
        return (f"CREATE OR REPLACE TEMP TABLE edition_touched AS SELECT DISTINCT {', '.join(KEY_COLUMNS)} "
                f"FROM {home}.main.observations WHERE import_id IN ({', '.join(map(str, changed)) or 'NULL'})")

    def as_of_sql(self, home: str, changed: list[tuple[int, str]]) -> list[str]:
        """Return the statements that make one connection read the store as it was at this édition.

        `home` is the database's own catalogue (its tables, where « main » alone would name the temporary one);
        `changed` the (id, kind) of the imports added or undone since (`changed_sql`): the values, or the
        mailles, are read as they are now when no import of their kind changed.
        """
        ids = self.id_list()
        statements = [
            f"""CREATE OR REPLACE TEMP VIEW imports AS SELECT * REPLACE (
                    CASE WHEN id IN ({ids}) THEN 'active' ELSE 'undone' END AS status,
                    CASE WHEN id IN ({ids}) THEN NULL ELSE undone_at END AS undone_at,
                    CASE WHEN id IN ({ids}) THEN NULL ELSE undone_by END AS undone_by)
                FROM {home}.main.imports WHERE id <= {self.last_import}""",
            f"CREATE OR REPLACE TEMP VIEW priorities AS SELECT * FROM {home}.main.priorities "
            f"WHERE id <= {self.last_priority}",
        ]
        data = [i for i, kind in changed if kind not in (REFERENTIAL, CATALOGUE)]
        if data:
            statements += self.observations_sql(home, "current_observations", data)
        if REFERENTIAL not in {kind for _, kind in changed}:
            return statements
        for statement in SCHEMA:
            for name in _STATUS_VIEWS:
                if statement.startswith(f"CREATE OR REPLACE VIEW {name} "):
                    statements.append(statement.replace("CREATE OR REPLACE VIEW", "CREATE OR REPLACE TEMP VIEW", 1))
        statements.append("CREATE OR REPLACE TEMP VIEW unit_territories AS SELECT * FROM temp.main.unit_territories_v")
        return statements


def _edition(row: pd.Series) -> Edition:
    return Edition(int(row["id"]), row["name"], pd.Timestamp(row["plenary"]).date(), row["maille_id"],
                   tuple(json.loads(row["imports"])), int(row["last_import"]), int(row["last_priority"]),
                   row["created_by"], pd.Timestamp(row["created_at"]).to_pydatetime())


class EditionQueries(StoreHost):
    """Recording, naming and reading éditions (mixed into Store)."""

    def add_edition(self, name: str, plenary: date, maille: str, who: str, at: datetime | None = None,
                    edition_id: int | None = None, state: dict | None = None, on_commit=None) -> Edition:
        """Record the state that counts now (or `state`, when a rebuild replays the journal) as an édition."""
        at = at or datetime.now()
        with self.transaction() as con:
            if state is None:
                state = {"imports": [r[0] for r in con.execute(
                             "SELECT id FROM imports WHERE status = 'active' ORDER BY id").fetchall()],
                         "last_import": con.execute("SELECT coalesce(max(id), 0) FROM imports").fetchall()[0][0],
                         "last_priority": con.execute(
                             "SELECT coalesce(max(id), 0) FROM priorities").fetchall()[0][0]}
            if edition_id is None:
                edition_id = con.execute("SELECT coalesce(max(id), 0) + 1 FROM editions").fetchall()[0][0]
            con.execute("INSERT INTO editions VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        [edition_id, name, plenary, maille, json.dumps(state["imports"]), state["last_import"],
                         state["last_priority"], who, at])
            edition = Edition(edition_id, name, plenary, maille, tuple(state["imports"]), state["last_import"],
                              state["last_priority"], who, at)
            if on_commit is not None:
                on_commit(edition)
        return edition

    def rename_edition(self, edition_id: int, name: str, on_commit=None) -> None:
        """Give an édition another name; what it records never changes."""
        with self.transaction() as con:
            if not con.execute("SELECT 1 FROM editions WHERE id = ?", [edition_id]).fetchall():
                raise UnknownEdition(f"Édition n° {edition_id} introuvable : rien n'a été renommé.")
            con.execute("UPDATE editions SET name = ? WHERE id = ?", [name, edition_id])
            if on_commit is not None:
                on_commit(edition_id)

    def editions(self) -> list[Edition]:
        """Return every édition, the newest first."""
        frame = self.query("SELECT * FROM editions ORDER BY id DESC")
        return [_edition(row) for _, row in frame.iterrows()]

    def edition(self, edition_id: int) -> Edition:
        """Return one édition; UnknownEdition when the store holds none of that number."""
        frame = self.query("SELECT * FROM editions WHERE id = ?", [edition_id])
        if frame.empty:
            raise UnknownEdition(f"L'édition n° {edition_id} n'existe pas (ou plus) dans cette base.")
        return _edition(frame.iloc[0])


    def changes(self, edition: Edition) -> dict[str, pd.DataFrame]:
        """Return what changed since an édition: values revised or withdrawn, periods added, imports undone
        or added, priorities chosen again (raw columns; the app words them)."""
        ids = edition.id_list()
        with self.connect() as con:
            home = con.execute("SELECT current_database()").fetchall()[0][0]
            changed = [row[0] for row in con.execute(edition.changed_sql()).fetchall()]  # any kind: no keys if none
            con.execute(edition.touched_sql(home, changed))
            added = [row[0] for row in con.execute("SELECT id FROM imports WHERE id > ? AND status = 'active'",
                                                   [edition.last_import]).fetchall()]
            found = {
                "revised": con.execute(_revised_sql(ids)).df(),
                "periods": con.execute(_new_periods_sql(ids, added)).df(),
                "undone": con.execute(f"""SELECT * FROM imports WHERE id IN ({ids}) AND status <> 'active'
                                          ORDER BY id""").df(),
                "added": con.execute("SELECT * FROM imports WHERE id > ? AND status = 'active' ORDER BY id",
                                     [edition.last_import]).df(),
                "priorities": con.execute("""
                    SELECT n.maille_id, n.territory, n.themes AS themes_now, n.plenary, n.recorded_by, n.recorded_at,
                           (SELECT t.themes FROM priorities t WHERE t.maille_id = n.maille_id
                            AND t.territory = n.territory AND t.id <= ? ORDER BY t.id DESC LIMIT 1) AS themes_then
                    FROM priorities n WHERE n.id > ?
                    QUALIFY row_number() OVER (PARTITION BY n.maille_id, n.territory ORDER BY n.id DESC) = 1
                    ORDER BY n.maille_id, n.territory""", [edition.last_priority, edition.last_priority]).df(),
            }
        chosen = found["priorities"]
        for column in ("themes_now", "themes_then"):
            chosen[column] = [split_list(t) if isinstance(t, str) else [] for t in chosen[column]]
        return found


def _revised_sql(ids: str) -> str:
    """Return the query of the values revised or withdrawn since an édition (`ids`: its imports). Only the keys of
    the imports added or undone since (edition_touched) can differ: their rows are read once (their periods first,
    a cheap filter before the join on every key), the édition's value being the latest of its imports, today's the
    one marked current."""
    keys = ", ".join(KEY_COLUMNS)
    return f"""
        WITH touched AS (SELECT o.* FROM observations o SEMI JOIN edition_touched e ON {same_key("o", "e")}
                         WHERE (o.is_current OR o.import_id IN ({ids}))
                           AND (o.period IS NULL OR o.period IN (SELECT period FROM edition_touched))),
             then_values AS (SELECT * FROM touched WHERE import_id IN ({ids})
                             QUALIFY row_number() OVER (PARTITION BY {keys} ORDER BY import_id DESC) = 1),
             now_values AS (SELECT * FROM touched WHERE is_current)
        SELECT {", ".join("t." + k for k in KEY_COLUMNS)}, t.value AS value_then, t.flag AS flag_then,
               n.value AS value_now, n.flag AS flag_now, t.import_id AS import_then, n.import_id AS import_now
        FROM then_values t LEFT JOIN now_values n ON {same_key("t", "n")}
        WHERE n.import_id IS NULL OR n.value IS DISTINCT FROM t.value OR n.flag IS DISTINCT FROM t.flag
        ORDER BY {keys}"""


def _new_periods_sql(ids: str, added: list[int]) -> str:
    """Return the query of the periods with data now and none at an édition: only an import added since can bring
    one (every period of an import that counted then had a value then, its own or a later one's)."""
    return f"""
        WITH brought AS (SELECT DISTINCT source, period, period_type FROM observations
                         WHERE import_id IN ({", ".join(map(str, added)) or "NULL"}))
        SELECT * FROM brought
        EXCEPT SELECT DISTINCT o.source, o.period, o.period_type FROM observations o SEMI JOIN brought b
            ON o.source = b.source AND o.period = b.period AND o.period_type IS NOT DISTINCT FROM b.period_type
            WHERE o.import_id IN ({ids})
        ORDER BY source, period"""

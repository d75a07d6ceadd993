"""Read queries that turn observations into values per territory of a maille."""

from __future__ import annotations

import pandas as pd

from loaders.domain.schema import DIMENSIONS, TOTAL
from loaders.domain.sources import RAW
from loaders.domain.territory import FRANCE_CODE
from loaders.store.host import StoreHost


class SeriesQueries(StoreHost):
    """Aggregation of observations to the territories of any maille (mixed into Store)."""

    def territory_values(self, maille: str, source: str, indicator: str, adjustment: str = RAW,
                         breakdown: dict[str, str] | None = None, by: str | None = None) -> pd.DataFrame:
        """Return value per territory and period, from the best units that nest in the maille.

        Columns: territory, period, period_type, period_start, value, secret (a secret cell is inside, so
        the value is a lower bound), covered (communes covered by the units summed), communes (communes
        of the territory), and where the value comes from (cells summed, imports, sheet, first and last Excel
        rows, column: see dashboard.provenance). A territory is summed from one kind of unit only: its own
        level when the data has it, else the units of one level wholly inside it (the level covering most of its
        communes: zones d'emploi and CLE inside a département are never added together), else communes. With
        `by` (a dimension), one row per detail value of that dimension, in column `detail`.
        """
        wanted = {d: TOTAL for d in DIMENSIONS} | (breakdown or {})
        dims = [d for d in DIMENSIONS if d != by]
        filters = " AND ".join([f"o.{d} = ?" for d in dims] + ([f"o.{by} <> '{TOTAL}'"] if by else []))
        detail = f"o.{by}" if by else "NULL"
        sql = f"""
            WITH units AS (SELECT * FROM unit_territories WHERE maille_id = ?),
            sizes AS (SELECT territory, count(*) AS communes FROM active_maille_communes
                      WHERE maille_id = ? GROUP BY territory),
            matched AS (
                SELECT o.period, o.period_type, o.period_start, o.value, o.flag, u.territory, u.rank, u.n_communes,
                       {detail} AS detail, o.import_id, o.origin_sheet, o.origin_row, o.origin_col, o.level
                FROM current_observations o JOIN units u ON u.level = o.level AND u.unit = o.geo_code
                WHERE o.source = ? AND o.indicator = ? AND o.adjustment = ? AND {filters}),
            coverage AS (SELECT territory, period, detail, rank, level, sum(n_communes) AS covered FROM matched
                         GROUP BY ALL),
            chosen AS (SELECT * FROM coverage QUALIFY row_number() OVER (PARTITION BY territory, period, detail
                       ORDER BY rank, covered DESC, level) = 1),
            ranked AS (SELECT m.*, c.rank AS best FROM matched m JOIN chosen c ON c.territory = m.territory
                       AND c.period = m.period AND c.detail IS NOT DISTINCT FROM m.detail AND c.level = m.level)
            SELECT r.territory, r.period, r.detail, any_value(r.period_type) AS period_type,
                   any_value(r.period_start) AS period_start, sum(r.value) AS value,
                   bool_or(r.flag IS NOT NULL) AS secret, sum(r.n_communes) AS covered,
                   any_value(s.communes) AS communes, count(*) AS cells,
                   string_agg(DISTINCT CAST(r.import_id AS VARCHAR), ',') AS imports,
                   count(DISTINCT r.origin_sheet) AS sheets, any_value(r.origin_sheet) AS origin_sheet,
                   count(r.origin_row) AS read_cells, min(r.origin_row) AS first_row,
                   max(r.origin_row) AS last_row, any_value(r.origin_col) AS origin_col
            FROM ranked r JOIN sizes s USING (territory)
            WHERE r.rank = r.best GROUP BY r.territory, r.period, r.detail
            ORDER BY r.territory, r.period, r.detail"""
        params = [maille, maille, source, indicator, adjustment, *[wanted[d] for d in dims]]
        return self.query(sql, params)

    def france_values(self, source: str, indicator: str, adjustment: str = RAW,
                      breakdown: dict[str, str] | None = None) -> pd.DataFrame:
        """Return France's values per period (France entière, else France métropolitaine), when imported.

        Columns: territory (FR or FRM), period, period_type, period_start, value, secret.
        """
        wanted = {d: TOTAL for d in DIMENSIONS} | (breakdown or {})
        filters = " AND ".join(f"{d} = ?" for d in DIMENSIONS)
        frame = self.query(
            f"""SELECT geo_code AS territory, period, period_type, period_start, value, flag IS NOT NULL AS secret
                FROM current_observations WHERE level = 'france' AND source = ? AND indicator = ?
                AND adjustment = ? AND {filters} ORDER BY geo_code, period""",
            [source, indicator, adjustment, *[wanted[d] for d in DIMENSIONS]])
        whole = frame[frame["territory"] == FRANCE_CODE]
        return whole if len(whole) else frame

    def months(self) -> list[str]:
        """Return the months that some observation covers, newest first."""
        frame = self.query("SELECT DISTINCT period FROM current_observations WHERE period_type = 'month' "
                           "ORDER BY period DESC")
        return list(frame["period"])

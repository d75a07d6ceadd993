"""The integer codes of a frame's columns, and the store's rows made from them, against plain pandas."""

import numpy as np
import pandas as pd
import pyarrow as pa

from loaders.domain.schema import OBSERVATION_COLUMNS
from loaders.store.records import as_arrow
from loaders.store.schema import STORE_ORDER
from loaders.values.codes import KeyCodes
from tests import generators


def observations(rows: int = 600) -> pd.DataFrame:
    """Rows in no particular order, with missing, constant, all-missing and quoted text."""
    rng = np.random.default_rng(7)
    frame = generators.observations({("5206", "2020-04"): 1.0})
    frame = frame.loc[frame.index.repeat(rows)].reset_index(drop=True)
    frame["geo_code"] = pd.array(rng.choice(["5201", "5206", "5216", "l'Île", None], rows), dtype="str")
    frame["period"] = pd.array(rng.choice(["2020-03", "2020-04", "2019-12"], rows), dtype="str")
    frame["sex"] = pd.array(rng.choice(["Femmes", "Ensemble"], rows), dtype="str")
    frame["flag"] = rng.choice([None, "secret"], rows).astype(object)
    frame["origin_col"] = None
    frame["value"] = rng.integers(0, 5000, rows).astype(float)
    frame["origin_row"] = np.arange(rows) + 2
    return frame


def test_isin_tested_once_per_distinct_value_equals_pandas_isin():
    frame = observations()
    codes = KeyCodes(frame)
    for column, values in (("geo_code", ["5206", "l'Île"]), ("sex", ["Ensemble"]), ("flag", ["secret"]),
                           ("origin_col", ["E"]), ("source", ["demandeurs_emploi"]), ("period", [])):
        assert (codes.isin(column, values) == frame[column].isin(values).to_numpy()).all(), column


def test_the_store_rows_made_from_the_codes_are_the_frame_sorted_in_the_store_order():
    frame = observations()
    rows = as_arrow(frame, KeyCodes(frame))
    expected = frame.sort_values(list(STORE_ORDER), na_position="last", kind="stable")[list(OBSERVATION_COLUMNS)]
    made = rows.to_pandas()
    assert rows.schema.field("geo_code").type == pa.string()
    for column in OBSERVATION_COLUMNS:
        want = expected[column].astype(object).where(expected[column].notna(), None).tolist()
        got = made[column].astype(object).where(made[column].notna(), None).tolist()
        if column == "period_start":
            want = [pd.Timestamp(v).date() if v is not None else None for v in want]
        assert got == want, column

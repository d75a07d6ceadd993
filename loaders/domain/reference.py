"""Where the project's bundled reference files live, and the nomenclature the sources declare from them."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

PROJECT_DIR = Path(__file__).resolve().parent.parent.parent
REFERENCE_DIR = PROJECT_DIR / "data" / "reference"
GEO_DIR = REFERENCE_DIR / "geo"


@lru_cache(maxsize=1)
def _a17() -> pd.DataFrame:
    import pandas as pd  # here, not above: the process that reads workbooks loads these paths without pandas
    return pd.read_csv(REFERENCE_DIR / "nomenclature_a17.csv", dtype=str, keep_default_na=False)


def a17_sectors() -> pd.DataFrame:
    """Return the A17 nomenclature: code, INSEE label, DARES label, order."""
    return _a17().copy()

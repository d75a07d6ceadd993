"""What a chart draws, as data: colours of territories, base 100, the table behind a series chart.

Kept apart from the plotly builders so that the deck (python-pptx) uses the same numbers without loading plotly.
"""

from __future__ import annotations

import pandas as pd

from loaders.values.periods import parse_period

# Okabe-Ito and Paul Tol's "muted" colours: distinguishable with the common colour-vision deficiencies.
PALETTE = ("#88CCEE", "#DDCC77", "#CC6677", "#117733", "#AA4499", "#44AA99", "#999933", "#882255",
           "#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#332288")

# On a territory's charts, each place keeps one colour whatever the territory: a strong blue for the territory, a
# vermillion for its département (data/territory), grey for the region, near-black for France; told apart with the
# common colour-vision deficiencies (Okabe-Ito) and by lightness.
TERRITORY_COLOR = "#0072B2"


def territory_colors(codes: list[str]) -> dict[str, str]:
    """Give each territory a stable colour from its rank in the sorted codes (same on map and charts)."""
    return {code: PALETTE[i % len(PALETTE)] for i, code in enumerate(sorted(codes))}


def indexed(frame: pd.DataFrame, index_base: str | None) -> pd.Series:
    """Return a series' values, divided by its value at `index_base` (base 100) when one is given."""
    values = frame["value"]
    if index_base is None:
        return values
    base = frame.loc[frame["period"] == index_base, "value"]
    return values / float(base.iloc[0]) * 100 if len(base) and base.iloc[0] else values * float("nan")


def index_base(series: dict[str, pd.DataFrame], reference: str | None) -> str | None:
    """Return the period to index a chart on: the reference, or, when the first place has no value there
    (partial activity did not exist before the crisis), its first period with a value; None without any."""
    first = next(iter(series.values()), None)
    if reference is None or first is None:
        return None
    known = first[first["value"].notna() & first["value"].ne(0)].sort_values("period")
    if reference in set(known["period"]):
        return reference
    return known["period"].iloc[0] if len(known) else None


def chart_frame(series: dict[str, pd.DataFrame], index_base: str | None) -> pd.DataFrame:
    """Return what a series chart draws as a table: one row per period, one column per place."""
    columns = {name: pd.Series(indexed(f.sort_values("period"), index_base).to_numpy(),
                               index=f.sort_values("period")["period"]) for name, f in series.items()}
    return pd.DataFrame(columns).sort_index()


def parse_period_start(code: str):
    """Return the first day of a period code, or None."""
    parsed = parse_period(code)
    return parsed.start if parsed else None



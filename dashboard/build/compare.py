"""Pure builders of the comparison page: small multiples on a shared scale, the all-territories table."""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from dashboard.build import fmt
from dashboard.build.figures import FONT, readable, territory_colors
from dashboard.build.fmt import PLOTLY_SEPARATORS
from dashboard.build.indicators import period_label
from loaders.values.textnorm import name_key


def build_small_multiples(series: dict[str, pd.DataFrame], codes: dict[str, str], all_codes: list[str],
                          index_base: str | None = None) -> go.Figure:
    """Return one small chart per territory (name → period/value frame), all on the same y scale."""
    names = list(series)
    columns = min(3, max(1, len(names)))
    rows = math.ceil(len(names) / columns) or 1
    fig = make_subplots(rows=rows, cols=columns, shared_yaxes=True, subplot_titles=[fmt.plotly_text(n) for n in names],
                        horizontal_spacing=0.04, vertical_spacing=0.14)
    colors = territory_colors(all_codes)
    for position, name in enumerate(names):
        frame = series[name].sort_values("period")
        values = frame["value"]
        if index_base is not None:
            base = frame.loc[frame["period"] == index_base, "value"]
            values = values / float(base.iloc[0]) * 100 if len(base) and base.iloc[0] else values * float("nan")
        shown = fmt.plotly_text(name)
        fig.add_trace(go.Scatter(x=[period_label(p) for p in frame["period"]], y=values, name=shown, mode="lines",
                                 line=dict(color=colors.get(codes.get(name), "#0072B2"), width=3),
                                 hovertemplate=f"{shown}<br>%{{x}} : %{{y:,.0f}}<extra></extra>"),
                      row=position // columns + 1, col=position % columns + 1)
    periods = sorted({p for frame in series.values() for p in frame["period"]})
    years = [p for p in periods if p.endswith("-01") and int(p[:4]) % 2 == 0]  # every other January
    fig.update_xaxes(type="category", categoryorder="array", categoryarray=[period_label(p) for p in periods],
                     tickvals=[period_label(p) for p in years] or None, ticktext=[p[:4] for p in years] or None,
                     tickangle=0)
    fig.update_yaxes(matches="y")
    fig.update_layout(height=320 * rows, showlegend=False, margin=dict(l=10, r=10, t=40, b=10),
                      separators=PLOTLY_SEPARATORS, font=FONT)
    fig.update_annotations(font=dict(color=FONT["color"], size=17))  # the territories' names
    return readable(fig)


def comparison_table(tables: dict[str, pd.DataFrame], labels: dict[str, str], names: dict[str, str]) -> pd.DataFrame:
    """Return every territory × family: the value and the change since the reference, in %."""
    columns = {}
    for family_id, table in tables.items():
        columns[f"{labels[family_id]}"] = table["value"]
        columns[f"{labels[family_id]} — évolution (%)"] = table["change_pct"].round(1)
    frame = pd.DataFrame(columns)
    frame.insert(0, "Territoire", [names.get(c, c) for c in frame.index])
    frame.index.name = "Code"
    return frame.reset_index().sort_values("Territoire", key=lambda names: names.map(name_key))  # French order

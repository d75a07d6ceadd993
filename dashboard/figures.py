"""Pure builders of plotly figures: they return figures and never draw."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import shapely

from dashboard.fmt import PLOTLY_SEPARATORS

# Okabe-Ito and Paul Tol's "muted" colours: distinguishable with the common colour-vision deficiencies.
PALETTE = ("#88CCEE", "#DDCC77", "#CC6677", "#117733", "#AA4499", "#44AA99", "#999933", "#882255",
           "#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#332288")
SELECTED_LINE = "#000000"
FONT = dict(family="Source Sans Pro, Arial, sans-serif", size=16)


def territory_colors(codes: list[str]) -> dict[str, str]:
    """Give each territory a stable colour from its rank in the sorted codes (same on map and charts)."""
    return {code: PALETTE[i % len(PALETTE)] for i, code in enumerate(sorted(codes))}


def label_points(geojson: dict) -> dict[str, tuple[float, float]]:
    """Return a point inside the largest part of each feature, for its label."""
    points = {}
    for feature in geojson["features"]:
        shape = shapely.geometry.shape(feature["geometry"])
        parts = getattr(shape, "geoms", [shape])
        largest = max(parts, key=lambda p: p.area)
        point = largest.representative_point()
        points[str(feature["properties"]["code"])] = (point.x, point.y)
    return points


def build_territory_map(geojson: dict, territories: pd.DataFrame, selected: str | None,
                        show_labels: bool = True) -> go.Figure:
    """Return a map of a maille, one colour per territory, the selected one outlined in black."""
    codes = territories["code"].tolist()
    colors = territory_colors(codes)
    n = len(codes)
    scale = _stepped(codes, colors)
    fig = go.Figure(go.Choropleth(
        geojson=geojson, featureidkey="properties.code", locations=codes, z=list(range(n)),
        zmin=-0.5, zmax=n - 0.5, colorscale=scale, showscale=False,
        customdata=territories["name"], hovertemplate="<b>%{customdata}</b><extra></extra>",
        marker_line_color="white", marker_line_width=1))
    if selected in colors:
        fig.add_trace(go.Choropleth(
            geojson=geojson, featureidkey="properties.code", locations=[selected], z=[0],
            colorscale=[[0, "rgba(0,0,0,0)"], [1, "rgba(0,0,0,0)"]], showscale=False,
            marker_line_color=SELECTED_LINE, marker_line_width=4, hoverinfo="skip"))
    if show_labels and n <= 40:
        points = label_points(geojson)
        shown = [c for c in codes if c in points]
        names = dict(zip(territories["code"], territories["name"]))
        fig.add_trace(go.Scattergeo(
            lon=[points[c][0] for c in shown], lat=[points[c][1] for c in shown],
            text=[names[c] for c in shown], mode="text", hoverinfo="skip",
            textfont=dict(size=13, color="#1a1a1a")))
    fig.update_geos(fitbounds="locations", visible=False, projection_type="mercator")
    fig.update_layout(margin=dict(l=0, r=0, t=0, b=0), height=620, separators=PLOTLY_SEPARATORS,
                      font=FONT, dragmode=False, showlegend=False)
    return fig


def _stepped(codes: list[str], colors: dict[str, str]) -> list[list]:
    """Return a colorscale where integer z = k draws exactly the colour of codes[k]."""
    n = len(codes)
    if n <= 1:
        color = colors[codes[0]] if codes else PALETTE[0]
        return [[0, color], [1, color]]
    scale = []
    for k, code in enumerate(codes):
        scale += [[k / n, colors[code]], [(k + 1) / n, colors[code]]]
    return scale

"""Pure builders of plotly figures: they return figures and never draw."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import shapely

from dashboard.build import fmt
from dashboard.build.chartdata import PALETTE, indexed, parse_period_start, territory_colors  # noqa: F401 (pages use them from here)
from dashboard.build.fmt import PLOTLY_SEPARATORS
from dashboard.build.indicators import LOCKDOWNS, SERIES_BREAKS, period_label
from loaders.domain.territory import REGION

SELECTED_LINE = "#000000"
FONT = dict(family="Source Sans Pro, Arial, sans-serif", size=16, color="#262730")


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
    territories = territories.assign(name=territories["name"].map(fmt.plotly_text))
    colors = territory_colors(codes)
    n = len(codes)
    scale = _stepped(codes, colors)
    fig = go.Figure(go.Choropleth(
        geojson=_Outline(geojson), featureidkey="properties.code", locations=codes, z=list(range(n)),
        zmin=-0.5, zmax=n - 0.5, colorscale=scale, showscale=False,
        customdata=territories["name"], hovertemplate="<b>%{customdata}</b><extra></extra>",
        marker_line_color="white", marker_line_width=1))
    if selected in colors:
        fig.add_trace(go.Choropleth(  # its outline needs its own shape only (plotly copies what it is given)
            geojson=subset(geojson, {selected}), featureidkey="properties.code", locations=[selected], z=[0],
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


class _Outline(dict):
    """A GeoJSON handed to plotly as it is: plotly deep-copies a figure's properties when it makes the figure and
    again when it writes it out, which took seconds per page run for a grid of a thousand territories. Outlines
    are never changed, so the object itself stands for its copy."""

    def __deepcopy__(self, memo: dict) -> _Outline:
        return self


class _Kept(go.Figure):
    """A figure that is not changed any more: its plain form, which drawing it asks for on every page run (a deep
    copy, then a walk over every array), is made once."""

    def to_dict(self) -> dict:
        if "_plain" not in self.__dict__:
            self._plain = super().to_dict()
        return self._plain


def kept(figure: go.Figure) -> go.Figure:
    """Return the figure, answering from now on with the plain form it has now (never change it afterwards)."""
    figure.__class__ = _Kept
    return figure


def build_value_map(geojson: dict, territories: pd.DataFrame, values: pd.Series, texts: pd.Series, title: str,
                    selected: str | None, diverging: bool = False) -> go.Figure:
    """Return a choropleth of one value per territory; hover shows the French text; selection outlined."""
    frame = territories.assign(value=territories["code"].map(values), text=territories["code"].map(texts),
                               name=territories["name"].map(fmt.plotly_text))
    shown = frame.dropna(subset=["value"])
    limit = float(shown["value"].abs().max()) if len(shown) else 1.0
    fig = go.Figure(go.Choropleth(
        geojson=_Outline(geojson), featureidkey="properties.code", locations=shown["code"], z=shown["value"],
        customdata=list(zip(shown["name"], shown["text"])), colorscale="RdBu_r" if diverging else "Cividis",
        reversescale=not diverging, zmid=0 if diverging else None,
        zmin=-limit if diverging else None, zmax=limit if diverging else None,
        hovertemplate="<b>%{customdata[0]}</b><br>%{customdata[1]}<extra></extra>",
        marker_line_color="white", marker_line_width=1,
        colorbar=dict(title=dict(text=title, side="right"), thickness=14, len=0.8)))
    missing = frame[frame["value"].isna()]
    if len(missing):
        fig.add_trace(go.Choropleth(
            geojson=subset(geojson, set(missing["code"])), featureidkey="properties.code",
            locations=missing["code"], z=[0] * len(missing),
            colorscale=[[0, "#e6e6e6"], [1, "#e6e6e6"]], showscale=False, customdata=missing["name"],
            hovertemplate="<b>%{customdata}</b><br>pas de données<extra></extra>", marker_line_color="white"))
    if selected in set(territories["code"]):
        fig.add_trace(go.Choropleth(
            geojson=subset(geojson, {selected}), featureidkey="properties.code", locations=[selected], z=[0],
            colorscale=[[0, "rgba(0,0,0,0)"], [1, "rgba(0,0,0,0)"]], showscale=False,
            marker_line_color=SELECTED_LINE, marker_line_width=4, hoverinfo="skip"))
    fig.update_geos(fitbounds="locations", visible=False, projection_type="mercator")
    fig.update_layout(margin=dict(l=0, r=0, t=0, b=0), height=560, separators=PLOTLY_SEPARATORS, font=FONT,
                      dragmode=False, showlegend=False)
    return fig


def subset(geojson: dict, codes: set[str]) -> dict:
    """Return the features of some territories only (extra map layers need no more)."""
    return _Outline(type="FeatureCollection",
                    features=[f for f in geojson["features"] if str(f["properties"]["code"]) in codes])


def build_series_chart(series: dict[str, pd.DataFrame], colors: dict[str, str], title: str,
                       index_base: str | None = None, breaks: bool = False) -> go.Figure:
    """Return lines of one indicator for several places (name → frame of period, value), French labels.

    With `index_base`, each line is divided by its value at that period (base 100). Lockdowns are shaded
    and series breaks marked where the data reaches them. The figure is made in one go (plotly checks each
    later change against the whole layout: adding shapes one by one cost more than the lines).
    """
    periods: list[str] = sorted({p for frame in series.values() for p in frame["period"]})
    labels = {p: period_label(p) for p in periods}
    traces = []
    for name, frame in series.items():
        frame = frame.sort_values("period")
        shown = fmt.plotly_text(name)
        traces.append(go.Scatter(x=[labels[p] for p in frame["period"]], y=indexed(frame, index_base), name=shown,
                                 mode="lines", line=dict(color=colors.get(name, "#555555"), width=3),
                                 hovertemplate=f"{shown}<br>%{{x}} : %{{y:,.{1 if index_base else 0}f}}"
                                               "<extra></extra>"))
    starts = {p: parse_period_start(p) for p in periods}
    shapes, notes = _lockdowns(periods, labels, starts)
    if breaks:
        _series_breaks(periods, labels, starts, shapes, notes)
    step = max(1, -(-len(periods) // 8))  # at most eight dates on the axis: they stay level on a laptop
    xaxis = dict(type="category", categoryorder="array", categoryarray=[labels[p] for p in periods],
                 tickvals=[labels[p] for p in periods[::step]], range=[-0.5, len(periods) - 0.5], **_AXIS_TEXT)
    yaxis = dict(title_text="indice base 100" if index_base else title, rangemode="tozero", **_AXIS_TEXT)
    return go.Figure(traces, dict(
        shapes=shapes, annotations=notes, xaxis=xaxis, yaxis=yaxis, margin=dict(l=10, r=10, t=30, b=10), height=420,
        separators=PLOTLY_SEPARATORS, font=FONT, legend=dict(orientation="h", y=-0.15, font=_TEXT),
        hovermode="x unified"))


def _lockdowns(periods: list[str], labels: dict, starts: dict) -> tuple[list[dict], list[dict]]:
    """Return the shaded bands of the lockdowns the periods reach, and the label of the first one."""
    shapes, notes = [], []
    for begin, end in LOCKDOWNS:
        inside = [labels[p] for p in periods if starts[p] and begin.replace(day=1) <= starts[p] <= end]
        if inside:
            shapes.append(dict(type="rect", x0=inside[0], x1=inside[-1], xref="x", y0=0, y1=1, yref="y domain",
                               fillcolor="#999999", opacity=0.18, line_width=0))
            if len(shapes) == 1:
                notes.append(dict(text="confinements", x=inside[-1], xref="x", xanchor="left", y=1,
                                  yref="y domain", yanchor="top", showarrow=False, font_size=14))
    return shapes, notes


def _series_breaks(periods: list[str], labels: dict, starts: dict, shapes: list, notes: list) -> None:
    """Add a dotted line and a label at each series break inside the periods."""
    marked = 0
    for day, text in SERIES_BREAKS:
        after = [labels[p] for p in periods if starts[p] and starts[p] >= day]
        if after and len(after) < len(periods):
            shapes.append(dict(type="line", x0=after[0], x1=after[0], xref="x", y0=0, y1=1, yref="y domain",
                               line=dict(color="#444444", dash="dot")))
            late = len(after) < len(periods) / 2  # a label near the right edge reads leftwards from its line
            notes.append(dict(x=after[0], y=1 - 0.09 * marked, yref="paper", text=text, showarrow=False,
                              xanchor="right" if late else "left", bgcolor="rgba(255,255,255,0.85)",
                              font=dict(size=14, color="#262730")))
            marked += 1  # each break's label one line lower: neighbouring labels never run into each other


def build_share_bars(shares: pd.DataFrame, colors: dict[str, str]) -> go.Figure:
    """Return horizontal bars of each detail's share, one colour per place (territory, region).

    The value labels stand outside the bars, in room kept for them; the legend sits above the bars, clear
    of the axis, so that nothing is cut or overlaps on a projector or a laptop.
    """
    traces = []
    for place, rows in shares.groupby("Territoire", sort=False):
        shown = fmt.plotly_text(place)
        traces.append(go.Bar(y=rows["Détail"], x=rows["Part (%)"], name=shown, orientation="h",
                             marker_color=colors.get(place, REGION.color), cliponaxis=False,
                             text=[fmt.percent(v, signed=False) for v in rows["Part (%)"]], textposition="outside",
                             hovertemplate=f"{shown}<br>%{{y}} : %{{x:.1f}} %<extra></extra>"))
    top = float(shares["Part (%)"].max()) if len(shares) else 100.0
    return go.Figure(traces, dict(
        barmode="group", height=110 + 70 * shares["Détail"].nunique(), separators=PLOTLY_SEPARATORS, font=FONT,
        margin=dict(l=10, r=20, t=50, b=10), bargap=0.25,
        legend=dict(orientation="h", x=0, y=1.02, xanchor="left", yanchor="bottom", font=_TEXT),
        xaxis=dict(range=[0, top * 1.35], showticklabels=False, showgrid=False, zeroline=True, **_AXIS_TEXT),
        yaxis=dict(autorange="reversed", automargin=True, **_AXIS_TEXT)))


_TEXT = dict(color=FONT["color"], size=15)
_AXIS_TEXT = dict(tickfont=_TEXT, title_font=_TEXT)  # the dark text of the page (the chart theme greys it)


def readable(fig: go.Figure) -> go.Figure:
    """Give axes and legend the dark text of the page (the app's chart theme would grey them out)."""
    fig.update_xaxes(**_AXIS_TEXT)
    fig.update_yaxes(**_AXIS_TEXT)
    fig.update_layout(legend_font=_TEXT)
    return fig

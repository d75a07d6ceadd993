"""The time chart of a deck: its data (base 100, one series per place), an axis labelled by year, and the
lockdowns and series breaks drawn across the plot as shaded periods and dashed lines."""

from __future__ import annotations

from datetime import date

from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.dml import MSO_LINE_DASH_STYLE
from pptx.enum.shapes import MSO_CONNECTOR, MSO_SHAPE
from pptx.oxml.ns import qn
from pptx.util import Pt

from dashboard.build import chartdata
from dashboard.build.indicators import LOCKDOWNS, SERIES_BREAKS, period_label
from loaders.values.textnorm import spreadsheet_safe

CHART_START = "2019-01"  # the charts show the crisis and after
# Where the plot sits inside the chart, as fractions of its frame (a manual layout: the shaded periods and the
# break lines are placed on it).
PLOT = {"x": 0.08, "y": 0.04, "w": 0.9, "h": 0.68}
SHADE, SHADE_ALPHA, BREAK_INK = RGBColor(0x9E, 0x9E, 0x9E), 38_000, RGBColor(0x26, 0x27, 0x30)
MONTHS = ("janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc.")


def chart_data(view) -> tuple[CategoryChartData, list[str | None]]:
    """Return a family's chart as PowerPoint chart data, base 100 at the reference, one series per place, and its
    periods; the first year is filled from its start (None), so that each year's label stands at its start."""
    table = chartdata.chart_frame(view.series, chartdata.index_base(view.series, view.figure.reference))
    table = table[table.index >= CHART_START] if (table.index >= CHART_START).any() else table
    periods = [None] * _position_in_year(table.index[0]) + list(table.index) if len(table) else []
    data = CategoryChartData(number_format='0')
    data.categories = _dates(periods)
    pad = len(periods) - len(table)
    for name in table.columns:  # the workbook behind the chart keeps names as text, never formulas or links
        values = [None if v != v else round(float(v), 1) for v in table[name]]
        data.add_series(spreadsheet_safe(name), [None] * pad + values)
    return data, periods


def _position_in_year(period: str) -> int:
    start = chartdata.parse_period_start(period)
    if start is None or len(period) == 4:
        return 0
    return (start.month - 1) // 3 if "T" in period.upper() else start.month - 1


def _dates(periods: list[str | None]) -> list[date]:
    """Return the first day of each point's period (a date axis), the filled start of the first year included."""
    known = next((chartdata.parse_period_start(p) for p in periods if p), None)
    if known is None:
        return []
    months = 12 // per_year(periods)
    first = date(known.year, 1, 1)
    return [date(first.year + (i * months) // 12, 1 + (i * months) % 12, 1) for i in range(len(periods))]


def per_year(periods: list[str | None]) -> int:
    """Return how many points a year holds on the chart (12 months, 4 quarters or 1)."""
    sample = next((p for p in periods if p), "")
    return 1 if len(sample) == 4 else 4 if "T" in sample.upper() else 12


def style_axis(chart, periods: list[str | None], size: int) -> None:
    """Label the time axis once a year, horizontally, with a tick at each year's start."""
    axis = chart.category_axis
    axis.tick_labels.font.size = Pt(size)
    body = axis._element.find(qn("c:txPr")).find(qn("a:bodyPr"))
    body.set("rot", "0")
    body.set("vert", "horz")
    body.set("wrap", "none")
    axis.tick_labels.number_format, axis.tick_labels.number_format_is_linked = "yyyy", False
    for tag, value in (("c:baseTimeUnit", "months"), ("c:majorUnit", "1"), ("c:majorTimeUnit", "years")):
        found = axis._element.find(qn(tag))
        if found is not None:
            axis._element.remove(found)
        axis._element.append(axis._element.makeelement(qn(tag), {"val": value}))
    area = chart._chartSpace.chart.plotArea
    layout = area.find(qn("c:layout"))
    if layout is None:
        layout = area.makeelement(qn("c:layout"), {})
        area.insert(0, layout)
    manual = layout.makeelement(qn("c:manualLayout"), {})
    for tag, value in (("layoutTarget", "inner"), ("xMode", "edge"), ("yMode", "edge"), *PLOT.items()):
        manual.append(manual.makeelement(qn(f"c:{tag}"), {"val": str(value)}))
    layout.append(manual)


def draw_periods(slide, frame, periods: list[str | None], breaks: bool) -> None:
    """Shade each lockdown across the plot and draw each series break as a dashed line, over the chart `frame`."""
    starts = [chartdata.parse_period_start(p) if p else None for p in periods]
    left, top = frame.left + int(frame.width * PLOT["x"]), frame.top + int(frame.height * PLOT["y"])
    width, height = int(frame.width * PLOT["w"]), int(frame.height * PLOT["h"])
    step = width / max(1, len(periods))
    for begin, end in LOCKDOWNS:
        inside = [i for i, s in enumerate(starts) if s and begin.replace(day=1) <= s <= end]
        if inside:
            shade = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, int(left + step * inside[0]), top,
                                           int(step * (inside[-1] + 1 - inside[0])), height)
            shade.name, shade.shadow.inherit = "confinement", False
            shade.line.fill.background()
            shade.fill.solid()
            shade.fill.fore_color.rgb = SHADE
            shade.fill._xPr.find(qn("a:solidFill"))[0].append(shade.fill._xPr.makeelement(
                qn("a:alpha"), {"val": str(SHADE_ALPHA)}))
    for day, _ in SERIES_BREAKS if breaks else ():
        first = next((i for i, s in enumerate(starts) if s and s >= day), None)
        if first:
            x = int(left + step * first)
            line = slide.shapes.add_connector(MSO_CONNECTOR.STRAIGHT, x, top, x, top + height)
            line.name = "rupture"
            line.line.color.rgb, line.line.width, line.line.dash_style = BREAK_INK, Pt(2.5), MSO_LINE_DASH_STYLE.DASH


def legend_line(periods: list[str | None], breaks: bool) -> str:
    """Return the legend of the shaded periods and dashed lines the chart shows, in one short line."""
    starts = [s for s in (chartdata.parse_period_start(p) for p in periods if p) if s]
    if not starts:
        return ""
    short = [f"{MONTHS[b.month - 1]}–{MONTHS[e.month - 1]} {e.year}" for b, e in LOCKDOWNS
             if starts[0] <= e and b <= starts[-1]]
    parts = [f"Zones grisées : confinements ({', '.join(short)})"] if short else []
    cut = [period_label(d.strftime("%Y-%m")) for d, _ in SERIES_BREAKS if starts[0] < d <= starts[-1]]
    if breaks and cut:
        parts.append(f"tirets : ruptures de série ({', '.join(cut)}, voir « Sources et méthode »)")
    return " ; ".join(parts) + "." if parts else ""

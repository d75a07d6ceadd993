"""A static map of the region drawn on the machine (Pillow, no tiles, no network), for slides."""

from __future__ import annotations

import io
import math

import pandas as pd
from PIL import Image, ImageDraw

SELECTED = (31, 42, 68)
NO_DATA = (230, 230, 230)
BLUE, WHITE, RED = (33, 102, 172), (247, 247, 247), (178, 24, 43)


def _rings(geometry: dict) -> list[list[list[float]]]:
    if geometry["type"] == "Polygon":
        return [geometry["coordinates"][0]]
    if geometry["type"] == "MultiPolygon":
        return [polygon[0] for polygon in geometry["coordinates"]]
    return []


def _mix(a: tuple, b: tuple, t: float) -> tuple:
    return tuple(round(x + (y - x) * t) for x, y in zip(a, b))


def diverging(value: float | None, limit: float) -> tuple:
    """Return the colour of a change: blue for a fall, red for a rise, white for none, grey without data."""
    if value is None or value != value or not limit:
        return NO_DATA
    t = max(-1.0, min(1.0, value / limit))
    return _mix(WHITE, RED, t) if t > 0 else _mix(WHITE, BLUE, -t)


def draw_map(geojson: dict, values: pd.Series, selected: str | None, size: tuple[int, int] = (1200, 860)) -> bytes:
    """Return a PNG of the maille's territories coloured by `values` (a change), `selected` outlined."""
    features = geojson.get("features", [])
    points = [pt for f in features for ring in _rings(f["geometry"]) for pt in ring]
    if not points:
        return _empty(size)
    west, east = min(p[0] for p in points), max(p[0] for p in points)
    south, north = min(p[1] for p in points), max(p[1] for p in points)
    scale_x = math.cos(math.radians((south + north) / 2))  # equirectangular, true at mid-latitude
    width, height = size
    span_x, span_y = (east - west) * scale_x, north - south
    unit = 0.94 * min(width / span_x, height / span_y)
    left = (width - span_x * unit) / 2
    top = (height - span_y * unit) / 2

    def project(point):
        return (left + (point[0] - west) * scale_x * unit, top + (north - point[1]) * unit)

    image = Image.new("RGB", size, "white")
    pen = ImageDraw.Draw(image)
    limit = float(values.abs().max()) if len(values.dropna()) else 0.0
    for feature in features:
        code = feature["properties"].get("code")
        colour = diverging(values.get(code), limit)
        for ring in _rings(feature["geometry"]):
            pen.polygon([project(p) for p in ring], fill=colour, outline=(255, 255, 255))
    for feature in features:
        if feature["properties"].get("code") == selected:
            for ring in _rings(feature["geometry"]):
                pen.line([project(p) for p in ring] + [project(ring[0])], fill=SELECTED, width=8, joint="curve")
    buffer = io.BytesIO()
    image.save(buffer, "PNG", compress_level=1)  # fast: the deck is zipped anyway
    return buffer.getvalue()


def _empty(size: tuple[int, int]) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, "white").save(buffer, "PNG")
    return buffer.getvalue()

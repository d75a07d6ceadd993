"""Topology-preserving dissolve, simplification and compact GeoJSON output."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import shapely

if TYPE_CHECKING:  # loaded by the callers that need it: a data import never does
    import geopandas as gpd

GRID = 1e-4  # about 11 m: enough for a regional map, and shared edges snap identically
TOLERANCES = (0.0005, 0.001, 0.0015, 0.002, 0.0025, 0.003, 0.004, 0.005, 0.0075, 0.01, 0.02, 0.04)


def dissolve(communes: gpd.GeoDataFrame, by: str) -> gpd.GeoDataFrame:
    """Union commune polygons into one polygon per value of column `by`."""
    merged = communes[[by, "geometry"]].dissolve(by=by, as_index=False)
    return merged.sort_values(by).reset_index(drop=True)


def simplify_coverage(gdf: gpd.GeoDataFrame, tolerance: float) -> gpd.GeoDataFrame:
    """Simplify a polygon coverage with shared edges kept shared (no gaps, no overlaps)."""
    geoms = shapely.coverage_simplify(gdf.geometry.values, tolerance)
    geoms = shapely.set_precision(geoms, GRID)
    import geopandas as gpd
    return gdf.set_geometry(gpd.GeoSeries(geoms, index=gdf.index, crs=gdf.crs))


def to_geojson(gdf: gpd.GeoDataFrame, properties: list[str]) -> str:
    """Serialise as compact GeoJSON, coordinates rounded to the grid."""
    features = []
    for row in gdf.itertuples(index=False):
        geometry = shapely.geometry.mapping(row.geometry)
        features.append({
            "type": "Feature",
            "id": str(getattr(row, properties[0])),
            "properties": {p: _plain(getattr(row, p)) for p in properties},
            "geometry": {"type": geometry["type"], "coordinates": _round(geometry["coordinates"])},
        })
    collection = {"type": "FeatureCollection", "features": features}
    return json.dumps(collection, ensure_ascii=False, separators=(",", ":"))


def simplify_to_budget(gdf: gpd.GeoDataFrame, properties: list[str], budget: int) -> tuple[str, float] | None:
    """Return the least simplified GeoJSON that fits in `budget` bytes, and its tolerance; None when even the
    coarsest does not fit."""
    for tolerance in TOLERANCES:
        text = to_geojson(simplify_coverage(gdf, tolerance), properties)
        if len(text.encode()) <= budget:
            return text, tolerance
    return None


def _round(coords):
    if coords and isinstance(coords[0], (int, float)):
        return [round(coords[0], 4), round(coords[1], 4)]
    return [_round(c) for c in coords]


def _plain(value):
    return None if value is None or value != value else value

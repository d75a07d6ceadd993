"""The comités locaux pour l'emploi (CLE) of the region, derived from their published outlines.

A CLE is a union of communes: each commune goes to the CLE that covers the largest share of its area (2018
polygons, Lambert 93), carried to its current code; the count of each CLE is then checked against the
published one-row-per-commune list. Used by build_reference.py.
"""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pandas as pd

from loaders.domain.territory import CLE, CLE_SOURCE, PARTIAL_SUFFIX, REGION
from loaders.values.textnorm import name_key

LAMBERT_93 = 2154
LABEL = "Libellé Comité Local Pour l-Emploi"
SOURCE = CLE_SOURCE


def cle_codes(src: Path) -> pd.DataFrame:
    """Return code, name key and département of each CLE listed for the region (regional parts included)."""
    frame = pd.read_csv(src / "clpe_tae_tpe.csv", sep=";", dtype=str, usecols=range(6), keep_default_na=False)
    frame = frame[frame["C_REGION_ID"] == REGION.code]
    return pd.DataFrame({"code": frame["C_TERRITOIRE_ID"], "key": frame["C_LBLTERRITOIRE"].map(name_key),
                         "departement": frame["C_DEPARTEMENT_ID"]})


def largest_share(src: Path, polygons: gpd.GeoDataFrame) -> pd.DataFrame:
    """Return, per current commune polygon, the CLE label covering the largest share of its area."""
    outlines = gpd.read_file(src / "clpe.geojson").to_crs(LAMBERT_93).rename(columns={LABEL: "label"})
    communes = polygons[["code_commune", "geometry"]].to_crs(LAMBERT_93)
    areas = dict(zip(communes["code_commune"], communes.area))
    pieces = gpd.overlay(communes, outlines[["label", "geometry"]], how="intersection", keep_geom_type=True)
    pieces["share"] = pieces.area / pieces["code_commune"].map(areas)
    by_commune = pieces.groupby(["code_commune", "label"], as_index=False)["share"].sum()
    return by_commune.sort_values(["share", "code_commune"], ascending=[False, True]).drop_duplicates("code_commune")


def build(src: Path, polygons: gpd.GeoDataFrame, communes: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame,
                                                                                    list[str]]:
    """Return (commune → CLE code, territories of the maille, lines of the check)."""
    codes = cle_codes(src)
    best = largest_share(src, polygons)
    best["code_cle"] = best["label"].map(name_key).map(dict(zip(codes["key"], codes["code"])))
    unknown = sorted(set(best.loc[best["code_cle"].isna(), "label"]))
    if unknown:
        raise SystemExit(f"CLE outlines that are not CLE of the region: {unknown}")
    membership = communes[["code_commune"]].merge(best[["code_commune", "code_cle", "share"]], how="left")
    hosted = membership["code_cle"].isna()  # communes drawn inside another commune's 2018 polygon
    host = communes.set_index("code_commune")["code_contour"]
    via_host = dict(zip(best["code_commune"], best["code_cle"]))
    membership.loc[hosted, "code_cle"] = membership.loc[hosted, "code_commune"].map(host).map(via_host)
    labels = best.drop_duplicates("code_cle").set_index("code_cle")["label"]
    territories = territory_rows(codes, labels)
    check = compare_counts(src, membership, territories)
    low = best.nsmallest(3, "share")
    check.append("Parts les plus faibles d'une commune dans son CLE : " + ", ".join(
        f"{c} {s:.0%}" for c, s in zip(low["code_commune"], low["share"])))
    return membership[["code_commune", "code_cle"]], territories, check


def territory_rows(codes: pd.DataFrame, labels: pd.Series) -> pd.DataFrame:
    """Return code, name and the regional-part flag of each CLE (centred outside the region: a regional part)."""
    partial = ~codes["departement"].isin(REGION.departements)
    names = codes["code"].map(labels)
    names = names.where(~partial, names + PARTIAL_SUFFIX)
    return pd.DataFrame({"maille": CLE.id, "code": codes["code"], "nom": names, "partiel": partial.to_numpy()})


def compare_counts(src: Path, membership: pd.DataFrame, territories: pd.DataFrame) -> list[str]:
    """Return one line per CLE: communes derived, communes published, and the difference when there is one."""
    published = pd.read_csv(src / "referentiel_clpe.csv", sep=";", header=None, names=["region", "dep", "cle"],
                            dtype=str)
    published = published[published["region"].map(name_key) == name_key(REGION.name)]
    counts = published["cle"].map(name_key).value_counts()
    derived = membership["code_cle"].value_counts()
    lines = ["| Code | CLE | Communes (dérivées) | Communes (liste publiée) | Écart |", "|---|---|---:|---:|---:|"]
    for row in territories.itertuples():
        key = name_key(row.nom.removesuffix(PARTIAL_SUFFIX))
        mine, theirs = int(derived.get(row.code, 0)), counts.get(key)
        gap = "" if theirs is None else ("0" if mine == theirs else f"{mine - int(theirs):+d}")
        lines.append(f"| {row.code} | {row.nom} | {mine} | {'n.d.' if theirs is None else theirs} | {gap} |")
    return lines

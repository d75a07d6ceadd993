"""Derive the compact reference files under data/reference/ from the shared open data.

Usage: python scripts/build_reference.py [SOURCE_DIR]
SOURCE_DIR defaults to ../shared/reference beside the project.
"""

from __future__ import annotations

import sys
from pathlib import Path

import geopandas as gpd
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from loaders.domain.territory import BUILTIN_MAILLES, PARTIAL_SUFFIX, REGION, ZONES_EMPLOI  # noqa: E402
from loaders.settings import GEO_DIR, PROJECT_DIR, REFERENCE_DIR  # noqa: E402
from loaders.values import geometry  # noqa: E402
from scripts import cle_composition  # noqa: E402

COMMUNE_BUDGET = 1_000_000
MAILLE_BUDGET = 300_000
# Two communes split from 85084 after 2018 have no polygon of their own (shared README, §8).
HOSTED_BY = {"85165": "85084", "85212": "85084"}
CHECK_FILE = "cle_controle.md"


def read_sources(src: Path) -> dict[str, pd.DataFrame]:
    """Read the raw reference CSV files with codes as text."""
    names = ["communes", "passage_communes", "epci", "zones_emploi_2020", "nomenclature_a17"]
    return {n: pd.read_csv(src / f"{n}.csv", dtype=str, keep_default_na=False) for n in names}


def build_communes(raw: dict[str, pd.DataFrame], departements: pd.DataFrame) -> pd.DataFrame:
    """Return the commune table with every maille code and the commune drawing it."""
    com = raw["communes"].copy()
    com["code_epci"] = com["siren_epci"].where(com["siren_epci"] != "", com["code_commune"])
    com["code_region"] = REGION.code
    com["code_contour"] = com["code_commune"].map(HOSTED_BY).fillna(com["code_commune"])
    com["population"] = com["population_municipale"].astype(int)
    cols = ["code_commune", "nom_commune", "code_departement", "code_epci", "code_ze2020",
            "code_region", "code_contour", "population"]
    assert set(com["code_departement"]) == set(departements["code"])
    return com[cols].sort_values("code_commune")


def build_territories(raw: dict[str, pd.DataFrame], departements: pd.DataFrame) -> pd.DataFrame:
    """Return one row per territory of every built-in maille: maille, code, name."""
    ze = raw["zones_emploi_2020"]
    ze_names = ze["libelle"].where(ze["partie_regionale"] != "true", ze["libelle"] + PARTIAL_SUFFIX)
    com = raw["communes"]
    yeu = com[com["siren_epci"] == ""]
    epci = raw["epci"]
    frames = [
        pd.DataFrame({"maille": ZONES_EMPLOI.id, "code": ze["code_ze2020"], "nom": ze_names,
                      "partiel": ze["partie_regionale"] == "true"}),
        pd.DataFrame({"maille": "departement", "code": departements["code"], "nom": departements["nom"],
                      "partiel": False}),
        pd.DataFrame({"maille": "epci", "code": epci["siren"], "nom": epci["nom"],
                      "partiel": epci["n_communes"] != epci["n_communes_region"]}),
        pd.DataFrame({"maille": "epci", "code": yeu["code_commune"], "nom": "Hors EPCI – " + yeu["nom_commune"],
                      "partiel": False}),
        pd.DataFrame({"maille": "region", "code": [REGION.code], "nom": [REGION.name], "partiel": False}),
    ]
    return pd.concat(frames, ignore_index=True).sort_values(["maille", "code"])


def commune_polygons(src: Path, raw: dict[str, pd.DataFrame], communes: pd.DataFrame) -> gpd.GeoDataFrame:
    """Return one polygon per current commune that has one, with its maille codes."""
    geo = gpd.read_file(src / "communes-2018.geojson")
    current = set(communes["code_commune"])
    passage = dict(zip(raw["passage_communes"]["ancien_code"], raw["passage_communes"]["code_commune"]))
    geo["code_commune"] = geo["code"].map(lambda c: c if c in current else passage.get(c))
    if geo["code_commune"].isna().any():
        raise SystemExit(f"unresolved 2018 codes: {sorted(geo.loc[geo.code_commune.isna(), 'code'])}")
    polygons = geometry.dissolve(geo, "code_commune")
    return polygons.merge(communes, on="code_commune", how="left")


def write_geo(name: str, gdf: gpd.GeoDataFrame, budget: int) -> str:
    """Write one simplified GeoJSON layer and return a line describing it."""
    fitted = geometry.simplify_to_budget(gdf, ["code"], budget)
    if fitted is None:
        raise SystemExit(f"geo/{name}.geojson: over {budget} bytes even at the coarsest tolerance")
    text, tolerance = fitted
    path = GEO_DIR / f"{name}.geojson"
    path.write_text(text, encoding="utf-8")
    return f"| `geo/{name}.geojson` | {len(gdf)} | {len(text.encode()) // 1000} Ko | {tolerance} |"


def build_national(src: Path) -> None:
    """Write the national code tables that tell a row of another région from an unknown code."""
    read = lambda name: pd.read_csv(src / f"{name}.csv", dtype=str, keep_default_na=False)  # noqa: E731
    departements = read("departements_france")[["code_departement", "nom_departement", "code_region"]]
    departements.sort_values("code_departement").to_csv(REFERENCE_DIR / "departements_france.csv", index=False)
    regions = read("regions_france")[["code_region", "nom_region"]].assign(millesime="2016")
    before = read("regions_2015")[["code_region_2015", "nom_region_2015"]].assign(millesime="2015")
    before.columns = ["code_region", "nom_region", "millesime"]
    pd.concat([regions, before]).sort_values(["millesime", "code_region"]).to_csv(
        REFERENCE_DIR / "regions_france.csv", index=False)
    epci = read("epci_france")[["siren", "nom", "regions"]]
    epci.sort_values("siren").to_csv(REFERENCE_DIR / "epci_france.csv", index=False)


def main(src: Path) -> None:
    """Build every derived reference file."""
    build_national(src)
    GEO_DIR.mkdir(parents=True, exist_ok=True)
    raw = read_sources(src)
    dep_geo = gpd.read_file(src / "departements.geojson")
    departements = pd.DataFrame({"code": dep_geo["code"], "nom": dep_geo["nom"]}).sort_values("code")
    communes = build_communes(raw, departements)
    polygons = commune_polygons(src, raw, communes)
    cle, cle_territories, check = cle_composition.build(src, polygons, communes)
    communes = communes.merge(cle, on="code_commune", how="left")
    communes.to_csv(REFERENCE_DIR / "communes.csv", index=False)
    territories = pd.concat([cle_territories, build_territories(raw, departements)], ignore_index=True)
    territories.to_csv(REFERENCE_DIR / "territoires.csv", index=False)
    write_check(check)
    passage = raw["passage_communes"]
    passage = passage[passage["ancien_code"] != passage["code_commune"]]
    passage[["ancien_code", "code_commune", "ancien_nom"]].to_csv(REFERENCE_DIR / "passage_communes.csv", index=False)
    a17 = raw["nomenclature_a17"][["code_a17", "libelle", "libelle_dares", "ordre_insee"]]
    a17.to_csv(REFERENCE_DIR / "nomenclature_a17.csv", index=False)
    polygons = polygons.merge(cle, on="code_commune", how="left")
    lines = [write_geo("communes", polygons.rename(columns={"code_commune": "code"}), COMMUNE_BUDGET)]
    for maille in BUILTIN_MAILLES:
        layer = geometry.dissolve(polygons, maille.column).rename(columns={maille.column: "code"})
        lines.append(write_geo(maille.id, layer, MAILLE_BUDGET))
    print("\n".join(lines + ["", *check]))


def write_check(lines: list[str]) -> None:
    """Write the check of the CLE composition against the published commune counts."""
    text = ["# Comités locaux pour l'emploi : contrôle de la composition", "",
            "Nombre de communes actuelles de chaque CLE, dérivé des contours publiés (part la plus grande de la "
            "surface de chaque commune), face au nombre de lignes de la liste publiée par commune "
            f"(`referentiel_clpe.csv`). Écrit par `scripts/build_reference.py` ; source : {cle_composition.SOURCE}.",
            "", *lines, ""]
    (REFERENCE_DIR / CHECK_FILE).write_text("\n".join(text), encoding="utf-8")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else PROJECT_DIR.parent / "shared" / "reference")

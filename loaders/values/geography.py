"""The committed territorial reference: communes, old codes, built-in mailles and their polygons."""

from __future__ import annotations

from functools import lru_cache

import pandas as pd

from loaders.domain.reference import GEO_DIR, REFERENCE_DIR
from loaders.domain.territory import BUILTIN_MAILLES, DEFAULT_BUILTIN, EFOP, LEVEL, Maille

__all__ = ["BUILTIN_MAILLES", "DEFAULT_BUILTIN", "Maille"]


EFOP_ID, EFOP_LABEL = EFOP.id, EFOP.label


@lru_cache(maxsize=1)
def communes() -> pd.DataFrame:
    """Return the 1,228 current communes with their maille codes and population."""
    frame = pd.read_csv(REFERENCE_DIR / "communes.csv", dtype=str, keep_default_na=False)
    frame["population"] = frame["population"].astype(int)
    return frame


@lru_cache(maxsize=1)
def passage() -> dict[str, str]:
    """Return the old commune code → current code mapping."""
    frame = pd.read_csv(REFERENCE_DIR / "passage_communes.csv", dtype=str, keep_default_na=False)
    return dict(zip(frame["ancien_code"], frame["code_commune"]))


@lru_cache(maxsize=1)
def builtin_territories() -> pd.DataFrame:
    """Return maille, code and name of every territory of the built-in mailles."""
    return pd.read_csv(REFERENCE_DIR / "territoires.csv", dtype=str, keep_default_na=False)


def partial_codes(maille_id: str) -> set[str]:
    """Return the territories of a built-in maille that are the regional part of one centred outside the region."""
    territories = builtin_territories()
    return set(territories.loc[(territories["maille"] == maille_id) & (territories["partiel"] == "True"), "code"])


@lru_cache(maxsize=1)
def current_commune(code: str | None) -> str | None:
    """Return the current commune code for a code of any vintage, or None when unknown."""
    if code is None:
        return None
    if code in _current_codes():
        return code
    return passage().get(code)


@lru_cache(maxsize=1)
def _current_codes() -> frozenset[str]:
    return frozenset(communes()["code_commune"])


def builtin_membership(maille: Maille) -> pd.DataFrame:
    """Return code_commune → territory code for a built-in maille."""
    frame = communes()[["code_commune", maille.column]]
    return frame.rename(columns={maille.column: "territory"})


def builtin_geojson(maille_id: str) -> str:
    """Return the committed GeoJSON text of a built-in maille (or of communes)."""
    return (GEO_DIR / f"{maille_id}.geojson").read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def epci_communes() -> dict[str, list[str]]:
    """Return each EPCI SIREN (and L'Île-d'Yeu's own code) with its communes in the region."""
    grouped = communes().groupby("code_epci")["code_commune"].apply(list)
    return grouped.to_dict()


@lru_cache(maxsize=1)
def national_departements() -> dict[str, str]:
    """Return every French département code (2A, 2B, overseas included) with its région's code."""
    frame = pd.read_csv(REFERENCE_DIR / "departements_france.csv", dtype=str, keep_default_na=False)
    return dict(zip(frame["code_departement"], frame["code_region"]))


@lru_cache(maxsize=1)
def national_regions() -> frozenset[str]:
    """Return the codes of the current régions and of the régions of 2015."""
    frame = pd.read_csv(REFERENCE_DIR / "regions_france.csv", dtype=str, keep_default_na=False)
    return frozenset(frame["code_region"])


@lru_cache(maxsize=1)
def national_names() -> dict[str, dict[str, str]]:
    """Return, per level, the name key of every French département, région and EPCI with its région(s)."""
    from loaders.values.textnorm import epci_key, name_key
    read = lambda name: pd.read_csv(REFERENCE_DIR / name, dtype=str, keep_default_na=False)  # noqa: E731
    departements, regions, epci = read("departements_france.csv"), read("regions_france.csv"), read("epci_france.csv")
    return {
        LEVEL.departement: {name_key(n): r
                            for n, r in zip(departements["nom_departement"], departements["code_region"])},
        LEVEL.region: {name_key(n): c for n, c in zip(regions["nom_region"], regions["code_region"])},
        LEVEL.epci: {**{name_key(n): r for n, r in zip(epci["nom"], epci["regions"])},
                     **{epci_key(n): r for n, r in zip(epci["nom"], epci["regions"])}},
    }

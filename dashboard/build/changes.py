"""What changed since an édition, in French: tables for the page and its downloads, the line of « Mon territoire ».

Pure: frames in, frames and sentences out (no Streamlit).
"""

from __future__ import annotations

from functools import lru_cache

import pandas as pd

from dashboard.build.analysis import KeyFigure
from dashboard.build.fmt import number
from dashboard.build.indicators import period_label
from loaders.domain.roadmap import THEME_BY_ID
from loaders.domain.schema import DIMENSIONS, SECRET, TOTAL
from loaders.domain.sources import ADJUSTED, DIMENSION_BY_NAME, RAW, SOURCES, total_of
from loaders.domain.territory import (
    BUILTIN_MAILLES,
    FRANCE_CODE,
    FRANCE_LEVEL,
    FRANCE_METRO,
    FRANCE_METRO_NAME,
    FRANCE_NAME,
    LEVEL,
    MAILLE_LEVELS,
)
from loaders.store.editions import Edition
from loaders.values import geography
from loaders.values.geocodes import LEVEL_BY_ID

LEVELS = {**{level.id: level.header for level in LEVEL_BY_ID.values()}, FRANCE_LEVEL: "France"}
FRANCE_NAMES = {FRANCE_CODE: FRANCE_NAME, FRANCE_METRO: FRANCE_METRO_NAME}
# the levels that make a built-in maille's territories, as the mailles declare them
_MAILLE_OF_LEVEL = {m.level: m.id for m in BUILTIN_MAILLES}


def option_label(edition: Edition) -> str:
    """Return « Édition du 15/11/2026 · Plénière CLEFOP du 15/11/2026 » (the sidebar's choice)."""
    return f"{edition.label()} · {edition.name}"


def unit_names(territories: pd.DataFrame | None = None) -> dict[tuple[str, str], str]:
    """Return the name of every unit an observation can be about, keyed by (level, code)."""
    names = dict(_builtin_names())
    if territories is not None:
        names.update({(LEVEL.territoire, c): n for c, n in zip(territories["code"], territories["name"])})
    return names


@lru_cache(maxsize=1)
def _builtin_names() -> dict[tuple[str, str], str]:
    builtin = geography.builtin_territories()
    names = {}
    for level, maille in _MAILLE_OF_LEVEL.items():
        rows = builtin[builtin["maille"] == maille]
        names.update({(level, code): name for code, name in zip(rows["code"], rows["nom"])})
    communes = geography.communes()
    names.update({(LEVEL.commune, c): n for c, n in zip(communes["code_commune"], communes["nom_commune"])})
    names.update({(FRANCE_LEVEL, c): n for c, n in FRANCE_NAMES.items()})
    return names


def _indicator(source: str, indicator: str) -> str:
    """Return « Demandeurs d'emploi », or « Activité partielle — Salariés concernés (DAP) » when they differ."""
    known = SOURCES.get(source)
    if known is None:
        return f"{source} — {indicator}"
    label = next((i.label for i in known.indicators if i.code == indicator), indicator)
    return label if label.startswith(known.label) else f"{known.label} — {label}"


def _detail(row: pd.Series) -> str:
    parts = []
    for name in DIMENSIONS:
        value = row[name]
        if value in (TOTAL, total_of(name)):
            continue
        dimension = DIMENSION_BY_NAME[name]
        parts.append(f"{dimension.label} : {dimension.labels.get(value, value)}")
    if row["adjustment"] not in (RAW, None):
        parts.append("CVS" if row["adjustment"] == ADJUSTED else str(row["adjustment"]))
    return " ; ".join(parts)


def _value(value: float | None, flag: str | None) -> str:
    if flag == SECRET:
        return "secret"
    if value is None or value != value:
        return "—"
    text = number(value, 0 if float(value).is_integer() else 1)
    return f"{text} (minimum)" if flag else text


def _import_text(import_id: int | None, files: dict[int, str]) -> str:
    return f"n° {int(import_id)} — {files.get(int(import_id), '?')}"


def revised_table(revised: pd.DataFrame, files: dict[int, str], names: dict[tuple[str, str], str]) -> pd.DataFrame:
    """Return the values revised or withdrawn since an édition, one row each, in French."""
    rows = []
    for _, row in revised.iterrows():
        withdrawn = pd.isna(row["import_now"])
        rows.append({
            "Territoire": names.get((row["level"], row["geo_code"]), row["geo_code"]),
            "Niveau": LEVELS.get(row["level"], row["level"]), "Code": row["geo_code"],
            "Indicateur": _indicator(row["source"], row["indicator"]), "Détail": _detail(row),
            "Période": period_label(row["period"]),
            "Valeur alors": _value(row["value_then"], row["flag_then"]),
            "Valeur actuelle": "retirée" if withdrawn else _value(row["value_now"], row["flag_now"]),
            "Révisée par": (f"annulation de l'import {_import_text(row['import_then'], files)}" if withdrawn
                            else f"import {_import_text(row['import_now'], files)}"),
        })
    return pd.DataFrame(rows, columns=["Territoire", "Niveau", "Code", "Indicateur", "Détail", "Période",
                                       "Valeur alors", "Valeur actuelle", "Révisée par"])


def periods_table(periods: pd.DataFrame) -> pd.DataFrame:
    """Return the periods that came in since an édition, per source."""
    return pd.DataFrame({
        "Source": [SOURCES[s].label if s in SOURCES else s for s in periods["source"]],
        "Période": [period_label(p) for p in periods["period"]]})


def imports_table(imports: pd.DataFrame, undone: bool) -> pd.DataFrame:
    """Return the imports undone (or added) since an édition: number, file, when and by whom."""
    when, who = ("undone_at", "undone_by") if undone else ("imported_at", "imported_by")
    return pd.DataFrame({
        "Import": [f"n° {i}" for i in imports["id"]], "Fichier": list(imports["filename"]),
        "Annulé le" if undone else "Importé le": [f"{t:%d/%m/%Y %H:%M}" for t in imports[when]],
        "Par": list(imports[who])})


def _themes(themes: list[str]) -> str:
    return ", ".join(THEME_BY_ID[t].label if t in THEME_BY_ID else t for t in themes) or "aucune"


def priorities_table(priorities: pd.DataFrame, names: dict[tuple[str, str], str]) -> pd.DataFrame:
    """Return the territories whose priorities were chosen again since an édition: before, after."""
    return pd.DataFrame({
        "Territoire": [names.get((_level(m), t), t) for m, t in zip(priorities["maille_id"], priorities["territory"])],
        "Priorités alors": [_themes(t) for t in priorities["themes_then"]],
        "Priorités actuelles": [_themes(t) for t in priorities["themes_now"]],
        "Saisies par": list(priorities["recorded_by"])})


def _level(maille: str) -> str:
    return MAILLE_LEVELS.get(maille, MAILLE_LEVELS[geography.EFOP_ID])


def summary(changes: dict[str, pd.DataFrame]) -> str:
    """Return one sentence: how many values revised, periods added, imports undone, priorities chosen again."""
    counts = [(len(changes["revised"]), "valeur révisée ou retirée", "valeurs révisées ou retirées"),
              (len(changes["periods"]), "période ajoutée", "périodes ajoutées"),
              (len(changes["undone"]), "import annulé", "imports annulés"),
              (len(changes["added"]), "import ajouté", "imports ajoutés"),
              (len(changes["priorities"]), "territoire aux priorités modifiées", "territoires aux priorités modifiées")]
    said = [f"{number(n)} {one if n == 1 else many}" for n, one, many in counts if n]
    return ("Depuis cette édition : " + ", ".join(said) + ".") if said else "Rien n'a changé depuis cette édition."


def figures_changed(edition: Edition, then: list[KeyFigure], now: list[KeyFigure]) -> str | None:
    """Return the line of « Mon territoire » when a key figure differs from the last édition, else None."""
    before = {f.family.id: f for f in then}
    said = []
    for figure in now:
        old = before.get(figure.family.id)
        if old is None or (old.period, _round(old.value)) == (figure.period, _round(figure.value)):
            continue
        if old.period == figure.period:
            said.append(f"{figure.family.short} de {period_label(figure.period)} : {_value(old.value, None)} → "
                        f"{_value(figure.value, None)} (révisé)")
        elif figure.period and old.period:
            said.append(f"{figure.family.short} : {period_label(figure.period)} ({_value(figure.value, None)}), "
                        f"l'édition s'arrêtait à {period_label(old.period)} ({_value(old.value, None)})")
        elif figure.period:
            said.append(f"{figure.family.short} : données arrivées depuis ({period_label(figure.period)})")
    if not said:
        return None
    return f"Depuis l'{edition.label().lower()} (« {edition.name} ») : " + " ; ".join(said) + "."


def _round(value: float | None) -> float | None:
    return None if value is None or value != value else round(value, 1)

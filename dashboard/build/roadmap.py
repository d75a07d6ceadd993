"""Pure builders of the roadmap pages: the catalogue filtered and labelled, themes, priorities in words."""

from __future__ import annotations

import pandas as pd

from dashboard.build.fmt import plain
from loaders.domain.roadmap import PUBLICS, THEME_BY_ID, THEMES
from loaders.values.textnorm import normalize, split_list

CATALOGUE_LABELS = {"name": "Mesure ou service", "carrier": "Porteur", "publics": "Publics", "themes": "Thèmes",
                    "description": "En bref", "link": "En savoir plus"}


def partners(items: pd.DataFrame) -> list[str]:
    """Return the carriers named in the catalogue, one by one, sorted."""
    names = {part.strip() for value in items.get("carrier", []) for part in str(value).split(",") if part.strip()}
    return sorted(names, key=normalize)


def filter_catalogue(items: pd.DataFrame, theme: str | None = None, public: str | None = None,
                     partner: str | None = None) -> pd.DataFrame:
    """Return the measures matching every filter given (a theme id, a public, a partner)."""
    keep = pd.Series(True, index=items.index)
    if theme:
        keep &= items["themes"].map(lambda value: theme in split_list(value))
    if public:
        keep &= items["publics"].map(lambda value: public in split_list(value))
    if partner:
        keep &= items["carrier"].map(lambda value: partner in [p.strip() for p in str(value).split(",")])
    return items[keep]


def catalogue_table(items: pd.DataFrame) -> pd.DataFrame:
    """Return the catalogue with French column names and theme labels (also the .xlsx export, re-importable)."""
    frame = items.assign(themes=items["themes"].map(
        lambda value: ", ".join(THEME_BY_ID[t].label for t in split_list(value) if t in THEME_BY_ID)),
        publics=items["publics"].map(lambda value: ", ".join(split_list(value))))
    return frame[list(CATALOGUE_LABELS)].rename(columns=CATALOGUE_LABELS).reset_index(drop=True)


def themes_table() -> pd.DataFrame:
    """Return the roadmap's themes: label, what they cover, the indicators that inform them."""
    return pd.DataFrame({"Thème": [t.label for t in THEMES], "Ce qu'il recouvre": [t.description for t in THEMES],
                         "Indicateurs du tableau de bord": [t.detail for t in THEMES]})


def priorities_heading(record: pd.Series | None) -> str:
    """Return « Priorités du CLEFOP — choisies en plénière le 06/10/2020 » (or that none are recorded)."""
    if record is None:
        return "Priorités du CLEFOP : pas encore renseignées"
    when = f" — choisies en plénière le {record['plenary']:%d/%m/%Y}" if pd.notna(record["plenary"]) else ""
    return f"Priorités du CLEFOP{when}"


def priority_lines(record: pd.Series) -> list[str]:
    """Return one Markdown line per priority: its label, what it covers, the indicators to look at."""
    return [f"**{index}. {THEME_BY_ID[t].label}** — {THEME_BY_ID[t].description} "
            f"*Indicateurs : {THEME_BY_ID[t].detail}.*"
            for index, t in enumerate(record["themes"], start=1) if t in THEME_BY_ID]


def priority_families(record: pd.Series | None) -> list[str]:
    """Return the dashboard families that inform the priorities, in the order of the priorities."""
    if record is None:
        return []
    return list(dict.fromkeys(f for t in record["themes"] if t in THEME_BY_ID for f in THEME_BY_ID[t].families))


def ordered(families, record: pd.Series | None) -> list:
    """Return the dashboard families with those informing the priorities first."""
    first = priority_families(record)
    return sorted(families, key=lambda f: first.index(f.id) if f.id in first else len(first))


def history_table(history: pd.DataFrame) -> pd.DataFrame:
    """Return the successive choices of priorities with French columns, newest first."""
    return pd.DataFrame({
        "Plénière": history["plenary"], "Priorités": history["themes"].map(
            lambda themes: ", ".join(THEME_BY_ID[t].label for t in themes if t in THEME_BY_ID)),
        "Note": history["note"], "Saisi par": history["recorded_by"], "Saisi le": history["recorded_at"]})


def overview_table(latest: pd.DataFrame, territories: pd.DataFrame) -> pd.DataFrame:
    """Return, for every territory of the maille, the priorities in force (or « à renseigner »)."""
    chosen = dict(zip(latest["territory"], latest["themes"]))
    plenary = dict(zip(latest["territory"], latest["plenary"]))
    return pd.DataFrame({
        "Territoire": territories["name"],
        "Priorités": [", ".join(THEME_BY_ID[t].label for t in chosen[c] if t in THEME_BY_ID) if c in chosen
                      else "à renseigner" for c in territories["code"]],
        "Plénière": [plenary.get(c) for c in territories["code"]]})


def note_text(record: pd.Series) -> str:
    """Return the plenary's free note escaped for Markdown, or an empty text."""
    return plain(record["note"]) if record.get("note") else ""


PUBLIC_CHOICES = [None, *PUBLICS]

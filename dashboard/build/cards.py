"""Pure builders of what pages show around figures: metric cards, ranking tables, captions."""

from __future__ import annotations

import pandas as pd

from dashboard.build.analysis import KeyFigure
from dashboard.build.fmt import number, percent
from dashboard.build.indicators import MEASURES, period_label
from loaders.domain.territory import REGION


def metric_card(figure: KeyFigure) -> dict:
    """Return the arguments of st.metric for a key figure, in French."""
    if figure.value is None:
        return {"label": figure.family.short, "value": "n.d.", "delta": None,
                "help": "Pas de données pour ce territoire : aucun import ne le couvre encore."}
    change = figure.change_pct()
    delta = None
    if change is not None:
        delta = f"{percent(change).replace(chr(0x2212), '-')} par rapport à {period_label(figure.reference)}"
    year = figure.year_pct()
    notes = [f"Sur un an : {percent(year)}."] if year is not None else []
    if figure.partial:
        notes.append("Couverture partielle : les données disponibles ne couvrent pas tout le territoire.")
    help_text = " ".join(notes) or None
    return {"label": figure.family.short,
            "value": number(figure.value) + (" (minimum)" if figure.lower_bound or figure.partial else ""),
            "delta": delta,
            "delta_color": "inverse" if figure.family.rise_is_bad else "normal", "help": help_text}


def periods_caption(figures: list[KeyFigure]) -> str:
    """Return « Période : septembre 2026 (…) ; … » for a row of key figures."""
    parts = [f"{f.family.short} : {period_label(f.period)}" for f in figures if f.period]
    return ("Périodes — " + " ; ".join(parts) + ".") if parts else ""


def measure_text(table: pd.DataFrame, measure: str) -> pd.Series:
    """Return the French hover text of each territory for a map measure."""
    def line(row) -> str:
        parts = [f"{number(row['value'])}"]
        if row["change_pct"] == row["change_pct"]:
            parts.append(f"{percent(row['change_pct'])} ({'+' if row['change_abs'] >= 0 else ''}"
                         f"{number(row['change_abs'])})")
        if measure == "rate" and row["rate"] == row["rate"]:
            parts.append(f"{number(row['rate'], 1)} pour 1 000 habitants")
        return " · ".join(parts)
    return table.apply(line, axis=1) if len(table) else pd.Series(dtype=str)


def measure_values(table: pd.DataFrame, measure: str) -> pd.Series:
    """Return the values a map measure colours by."""
    return table[{"level": "value", "change_pct": "change_pct", "change_abs": "change_abs", "rate": "rate"}[measure]]


def ranking_table(table: pd.DataFrame, names: dict[str, str]) -> pd.DataFrame:
    """Return the ranking of territories with French column names, ready to show and download."""
    frame = pd.DataFrame({
        "Rang": table["rank"], "Territoire": [names.get(c, c) for c in table.index],
        "Valeur": table["value"].round(0), "Référence": table["reference"].round(0),
        "Évolution (nombre)": table["change_abs"].round(0), "Évolution (%)": table["change_pct"].round(1),
        "Pour 1 000 habitants": table["rate"].round(1)}, index=table.index)
    frame.index.name = "Code"
    return frame.reset_index()


def measure_title(measure: str) -> str:
    """Return the colour bar title of a measure."""
    return MEASURES[measure]


def ranking_styler(frame: pd.DataFrame, selected: str | None):
    """Return the ranking with French number formats and the selected territory highlighted."""
    formats = {"Valeur": number, "Référence": number, "Évolution (nombre)": lambda v: _signed(v),
               "Évolution (%)": lambda v: percent(v), "Pour 1 000 habitants": lambda v: number(v, 1)}
    highlight = ["background-color: #fff3b0; font-weight: bold"] * len(frame.columns)
    return frame.style.format(formats, na_rep="n.d.").apply(
        lambda row: highlight if row["Code"] == selected else [""] * len(row), axis=1)


def _signed(value: float) -> str:
    if value != value:
        return "n.d."
    return ("+" if value > 0 else "") + number(value).replace("-", "\u2212")


def france_sentence(region: KeyFigure, france: KeyFigure) -> str | None:
    """Return « France : +8,1 % depuis mars 2020 (Pays de la Loire : +12,3 %) » when France has the same periods."""
    if france.value is None or france.period != region.period or france.reference != region.reference:
        return None
    change, own = france.change_pct(), region.change_pct()
    if change is None or own is None:
        return None
    return (f"{region.family.short} — France : {percent(change)} depuis {period_label(region.reference)} "
            f"({REGION.name} : {percent(own)}).")


def sources_line(imports: pd.DataFrame, families) -> str:
    """Return « Sources — … : France Travail, mise à jour le 27/11/2026 ; … » for the families shown."""
    active = imports[(imports["status"] == "active") & imports["source"].notna()]
    parts = []
    for family in families:
        rows = active[active["source"] == family.source]
        updated = f", mise à jour le {rows['imported_at'].max():%d/%m/%Y}" if len(rows) else ", pas encore importé"
        parts.append(f"{family.short} : {family.origin}{updated}")
    return "Sources — " + " ; ".join(parts) + "."

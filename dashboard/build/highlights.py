"""« Faits saillants »: French sentences generated from the figures, with the hedges they need."""

from __future__ import annotations

from dataclasses import dataclass

from dashboard.build.analysis import KeyFigure
from dashboard.build.fmt import number, percent
from dashboard.build.indicators import SERIES_BREAKS, period_label
from loaders.domain.sources import ADJUSTMENT, RAW, SOURCES
from loaders.values.periods import parse_period

SMALL_BASE = 50


@dataclass(frozen=True)
class Place:
    """Where the sentence speaks of: its name and how to say « in » it."""

    name: str
    town_like: bool = True

    def at(self) -> str:
        """Return « À Cholet », « Au Mans », « Aux Sables-d'Olonne », « Pour le territoire « … » »."""
        if not self.town_like:
            return f"Pour le territoire « {self.name} »"
        if self.name.startswith("Le "):
            return "Au " + self.name[3:]
        if self.name.startswith("Les "):
            return "Aux " + self.name[4:]
        return "À " + self.name


def in_period(code: str) -> str:
    """Return « en avril 2020 », « en T2 2020 »."""
    return f"en {period_label(code)}"


def versus(code: str) -> str:
    """Return « par rapport au T4 2019 », « par rapport à février 2020 »."""
    label = period_label(code)
    return f"par rapport au {label}" if label.startswith("T") else f"par rapport à {label}"


def ordinal(rank: int) -> str:
    """Return « 1er », « 2e »…"""
    return "1er" if rank == 1 else f"{rank}e"


def sentence(place: Place, figure: KeyFigure, region: KeyFigure | None, rank: tuple[int, int] | None,
             adjustment: str = RAW) -> str | None:
    """Return the sentence of one family, or None when there is no value to speak of."""
    if figure.value is None or figure.period is None:
        return None
    text = f"{place.at()}, {figure.family.subject} atteint {number(figure.value)} {in_period(figure.period)}"
    change = figure.change_pct()
    if change is not None and figure.reference:
        text += f", {percent(change)} {versus(figure.reference)}"
        region_change = region.change_pct() if region is not None else None
        if region_change is not None and region is not figure:
            text += f" (région : {percent(region_change)})"
    if rank is not None:
        text += f" ; le territoire se classe {ordinal(rank[0])} sur {rank[1]}"
    hedges = hedges_for(figure, adjustment)
    return text + (f" ({' ; '.join(hedges)})" if hedges else "") + "."


def hedges_for(figure: KeyFigure, adjustment: str) -> list[str]:
    """Return the cautions a figure needs: small base, secret cells, rounding, adjustment, series break."""
    hedges = []
    if figure.reference_value is not None and figure.reference_value < SMALL_BASE:
        hedges.append(f"base inférieure à {SMALL_BASE} : évolution à lire avec prudence")
    if figure.lower_bound:
        hedges.append("valeur minorée : une partie des données est couverte par le secret statistique")
    if figure.partial:
        hedges.append("couverture partielle : les données disponibles ne couvrent pas tout le territoire")
    source = SOURCES[figure.family.source]
    if source.rounding:
        hedges.append(source.rounding)
    if source.adjusted:
        hedges.append(ADJUSTMENT.labels[adjustment])
    start, reference = parse_period(figure.period or ""), parse_period(figure.reference or "")
    if start and reference and source.breaks:
        crossed = [(day, label) for day, label in SERIES_BREAKS if reference.start < day <= start.start]
        if len(crossed) == 1:
            day, label = crossed[0]
            hedges.append(f"rupture de série en {period_label(day.strftime('%Y-%m'))}, {label[0].lower()}{label[1:]}")
        elif crossed:  # each is named on the chart: the sentence only says when
            months = [period_label(day.strftime("%Y-%m")) for day, _ in crossed]
            hedges.append(f"ruptures de série en {', '.join(months[:-1])} et {months[-1]}, signalées sur la courbe")
    return hedges


def highlights(place: Place, figures: list[KeyFigure], regional: dict[str, KeyFigure],
               ranks: dict[str, tuple[int, int]], adjustment: str = RAW) -> list[str]:
    """Return 3 to 6 sentences: one per family with data, then the strongest change among them."""
    sentences = [s for f in figures
                 if (s := sentence(place, f, regional.get(f.family.id), ranks.get(f.family.id), adjustment))]
    changes = [(abs(f.change_pct()), f) for f in figures if f.change_pct() is not None]
    if changes:
        _, strongest = max(changes, key=lambda pair: pair[0])
        sentences.append(f"La plus forte évolution concerne {strongest.family.group} : "
                         f"{percent(strongest.change_pct())} {versus(strongest.reference)}.")
    if sentences and len(sentences) < 3:
        sentences.append("Les autres indicateurs ne sont pas encore disponibles pour ce territoire : "
                         "importez les extraits correspondants.")
    return sentences[:6]

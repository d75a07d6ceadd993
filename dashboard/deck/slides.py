"""The plenary deck of one territory (python-pptx): French, 16:9, readable from the back of a room.

Pure: it draws a `Plenary` (dashboard.plenary), whose figures and sentences come from the pages' builders.
Body text is at least 20 pt, key figures 44 pt; every slide carries the sources, the data's periods and,
on demo data, « Données de démonstration ».
"""

from __future__ import annotations

import io

from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION
from pptx.util import Inches, Pt

from dashboard.build import chartdata
from dashboard.build.fmt import number, percent
from dashboard.build.indicators import period_label
from dashboard.build.method import DEFINITIONS
from dashboard.data.assembly import Plenary
from dashboard.deck import mapimage, timechart
from loaders.domain.roadmap import THEME_BY_ID
from loaders.domain.sources import SOURCES

WIDTH, HEIGHT = Inches(13.333), Inches(7.5)
MARGIN = Inches(0.6)
INK, GREY, ACCENT, DEMO = RGBColor(0x26, 0x27, 0x30), RGBColor(0x59, 0x59, 0x59), RGBColor(0x1F, 0x2A, 0x44), \
    RGBColor(0xB2, 0x18, 0x2B)
BODY, FIGURE, TITLE, SMALL = 22, 44, 34, 12
DEMO_MENTION = "Données de démonstration (fictives)"


def fits(text: str, width_in: float, height_in: float, size_pt: float) -> bool:
    """Return True when a text fits its box at its size: an average glyph 0,6 em wide (French prose as rendered,
    words kept whole), lines 1,2 em high, 0,4 em after each paragraph."""
    per_line = max(1, int(width_in * 72 / (0.6 * size_pt)))
    parts = text.split("\n")
    lines = sum(max(1, -(-len(part) // per_line)) for part in parts)
    return (lines * 1.2 + (len(parts) - 1) * 0.4) * size_pt <= height_in * 72


def _text(slide, text: str, x, y, w, h, size: int = BODY, bold: bool = False, color=INK, name: str = "texte"):
    box = slide.shapes.add_textbox(x, y, w, h)
    box.name = name
    frame = box.text_frame
    frame.word_wrap = True
    for index, line in enumerate(text.split("\n")):
        paragraph = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
        run = paragraph.add_run()
        run.text = line
        run.font.size, run.font.bold, run.font.color.rgb = Pt(size), bold, color
        paragraph.space_after = Pt(size * 0.4)
    return box


def _slide(deck, plenary: Plenary, title: str, title_height: float = 0.9):
    slide = deck.slides.add_slide(deck.slide_layouts[6])
    _text(slide, title, MARGIN, Inches(0.35), WIDTH - 2 * MARGIN, Inches(title_height), TITLE, True, ACCENT, "titre")
    _text(slide, plenary.footer(), MARGIN, HEIGHT - Inches(0.7), WIDTH - 2 * MARGIN - Inches(3.6), Inches(0.6),
          SMALL, color=GREY, name="pied")
    if plenary.demo:
        _text(slide, DEMO_MENTION, WIDTH - MARGIN - Inches(3.4), HEIGHT - Inches(0.75), Inches(3.4), Inches(0.6),
              16, True, DEMO, "demo")
    return slide


def _cover(deck, plenary: Plenary) -> None:
    slide = _slide(deck, plenary, f"CLEFOP {plenary.name} — plénière du {plenary.plenary_date:%d/%m/%Y}", 1.9)
    shown = f"\n{plenary.edition} — données présentées ce jour-là" if plenary.edition else ""
    _text(slide, f"{plenary.maille_label}\nDernières données : {plenary.latest()}{shown}", MARGIN, Inches(2.6),
          WIDTH - 2 * MARGIN, Inches(3.4), 26, color=INK, name="sous-titre")


def key_figure_lines(view, france) -> list[str]:
    """Return the lines under a key figure: change since the reference, over a year, region, France."""
    figure, lines = view.figure, []
    if figure.change_pct() is not None:
        lines.append(f"{percent(figure.change_pct())} depuis {period_label(figure.reference)}")
    if figure.year_pct() is not None:
        lines.append(f"sur un an : {percent(figure.year_pct())}")
    if view.region.change_pct() is not None:
        lines.append(f"région : {percent(view.region.change_pct())}")
    if france is not None and france.change_pct() is not None:
        lines.append(f"France : {percent(france.change_pct())}")
    return lines


def _key_figures(deck, plenary: Plenary) -> None:
    slide = _slide(deck, plenary, "Les chiffres clés")
    shown = [v for v in plenary.views if v.figure.value is not None] or plenary.views
    width = (WIDTH - 2 * MARGIN) / max(1, len(shown))
    for index, view in enumerate(shown):
        x = MARGIN + width * index
        _text(slide, view.family.short, x, Inches(1.5), width - Inches(0.2), Inches(1.0), BODY, True, name="famille")
        _text(slide, number(view.figure.value), x, Inches(2.5), width - Inches(0.2), Inches(1.0), FIGURE, True,
              ACCENT, "chiffre")
        period = period_label(view.figure.period) if view.figure.period else "pas de données"
        minimum = ["valeur minimale (secret ou couverture partielle)"] if view.figure.lower_bound or \
            view.figure.partial else []
        lines = [period, *minimum, *key_figure_lines(view, plenary.france.get(view.family.id))]
        _text(slide, "\n".join(lines), x, Inches(3.6), width - Inches(0.2), Inches(2.8), 20, name="comparaisons")


FACTS_BOX = (12.1, 5.3)  # inches: the faits saillants' text box
FACTS_SIZES = (BODY, 20)  # read from the back of a room: never smaller


def fact_pages(sentences: list[str]) -> tuple[list[list[str]], int]:
    """Return the faits saillants on one slide, or two when they do not fit at a size read from the back of a room
    (split where the words balance), and the size of their text."""
    for size in FACTS_SIZES:
        if fits("\n".join(sentences), *FACTS_BOX, size):
            return [sentences], size
    words = [len(s.split()) for s in sentences]
    cut = min(range(1, len(sentences)), key=lambda i: abs(sum(words[:i]) - sum(words[i:])), default=1)
    halves = [sentences[:cut], sentences[cut:]] if len(sentences) > 1 else [sentences]
    size = next((s for s in FACTS_SIZES if all(fits("\n".join(h), *FACTS_BOX, s) for h in halves)), FACTS_SIZES[-1])
    return halves, size


def _highlights(deck, plenary: Plenary) -> None:
    pages, size = fact_pages(plenary.sentences) if plenary.sentences else \
        ([["Pas encore de données pour ce territoire."]], BODY)
    for index, page in enumerate(pages, start=1):
        suffix = f" ({index}/{len(pages)})" if len(pages) > 1 else ""
        slide = _slide(deck, plenary, f"Faits saillants{suffix}")
        _text(slide, "\n".join(f"• {s}" for s in page), MARGIN, Inches(1.5), WIDTH - 2 * MARGIN,
              Inches(FACTS_BOX[1]), size, name="faits")


def _priorities(deck, plenary: Plenary) -> None:
    slide = _slide(deck, plenary, "Les priorités du CLEFOP")
    themes = plenary.themes()
    if not themes:
        text = "Priorités : à renseigner (page « Feuille de route », après la plénière)."
    else:
        text = "\n".join(f"{i}. {THEME_BY_ID[t].label} — indicateurs : {THEME_BY_ID[t].detail}"
                         for i, t in enumerate(themes, start=1))
    _text(slide, text, MARGIN, Inches(1.5), WIDTH - 2 * MARGIN, Inches(5), BODY, name="priorites")


def _chart(deck, plenary: Plenary, view) -> None:
    slide = _slide(deck, plenary, view.family.label)
    base = chartdata.index_base(view.series, view.figure.reference)
    reference = view.figure.reference
    moved = f" (pas de valeur en {period_label(reference)})" if base and reference and base != reference else ""
    _text(slide, f"Indice base 100 en {period_label(base)}{moved}" if base else f"En nombre de {view.family.unit}",
          MARGIN, Inches(1.1), WIDTH - 2 * MARGIN, Inches(0.5), 20, color=GREY, name="base")
    data, periods = timechart.chart_data(view)
    frame = slide.shapes.add_chart(XL_CHART_TYPE.LINE, MARGIN, Inches(1.6), WIDTH - 2 * MARGIN, Inches(4.3), data)
    frame.name = "graphique"
    chart = frame.chart
    chart.has_legend = True
    chart.legend.position, chart.legend.include_in_layout = XL_LEGEND_POSITION.BOTTOM, False
    chart.legend.font.size = Pt(18)
    chart.value_axis.tick_labels.font.size = Pt(16)
    timechart.style_axis(chart, periods, 18)
    for series in chart.plots[0].series:
        series.smooth = False
        series.format.line.color.rgb = RGBColor.from_string(plenary.colors.get(series.name, "#555555").lstrip("#"))
        series.format.line.width = Pt(3.5)
    breaks = SOURCES[view.family.source].breaks
    timechart.draw_periods(slide, frame, periods, breaks)
    legend = timechart.legend_line(periods, breaks)
    if legend:
        _text(slide, legend, MARGIN, Inches(5.95), WIDTH - 2 * MARGIN, Inches(0.8), 16, color=GREY, name="reperes")


def _map(deck, plenary: Plenary) -> None:
    slide = _slide(deck, plenary, "La carte de la région")
    picture = mapimage.draw_map(plenary.geojson, plenary.map_values, plenary.territory)
    slide.shapes.add_picture(io.BytesIO(picture), MARGIN, Inches(1.3), height=Inches(5.2)).name = "carte"
    legend = (f"{plenary.map_title}.\nEn rouge une hausse, en bleu une baisse ; gris : pas de données. "
              f"Contour foncé : {plenary.name}.") if plenary.map_title else "Pas encore de données à cartographier."
    _text(slide, legend, Inches(8.2), Inches(1.6), Inches(4.5), Inches(4.6), 20, name="legende")


def _partial(deck, plenary: Plenary) -> None:
    rows = plenary.partial_rows
    period = rows.attrs.get("period")
    slide = _slide(deck, plenary, "Activité partielle par secteur")
    if rows.empty:
        _text(slide, "Pas de données d'activité partielle par secteur pour ce territoire ni pour son département.",
              MARGIN, Inches(1.5), WIDTH - 2 * MARGIN, Inches(2), BODY, name="activite")
        return
    scope = plenary.partial_scope
    note = f"Salariés placés en activité partielle, {period_label(period)} — {scope}" + (
        "" if scope == plenary.name else " (les données ne descendent pas plus bas)")
    lines = [f"{row['Secteur (A17)'].split(' – ')[-1].split(' ; ')[0].split(', ')[0]} : {number(row['Territoire'])}"
             f" ({percent(row['Part de la région'], signed=False)} de la région)" for _, row in rows.iterrows()]
    _text(slide, note, MARGIN, Inches(1.3), WIDTH - 2 * MARGIN, Inches(0.9), 20, color=GREY, name="portee")
    _text(slide, "\n".join(lines), MARGIN, Inches(2.2), WIDTH - 2 * MARGIN, Inches(4.3), BODY, name="activite")


def _measures(deck, plenary: Plenary) -> None:
    slide = _slide(deck, plenary, "Boîte à outils : les mesures des priorités")
    if plenary.measures.empty:
        text = ("Aucune mesure à proposer tant que les priorités ne sont pas renseignées."
                if not plenary.themes() else "Aucune mesure du catalogue ne correspond encore aux priorités.")
    else:
        shown = plenary.measures.head(5)
        text = "\n".join(f"• {row['name']} ({row['carrier']})" for _, row in shown.iterrows())
        if len(plenary.measures) > len(shown):
            text += f"\n… et {len(plenary.measures) - len(shown)} autre(s) sur la page « Boîte à outils »."
    _text(slide, text, MARGIN, Inches(1.5), WIDTH - 2 * MARGIN, Inches(5), BODY, name="mesures")


def _method(deck, plenary: Plenary) -> None:
    slide = _slide(deck, plenary, "Sources et méthode")
    lines = [f"{v.family.short} : {DEFINITIONS[v.family.id][0].split(',')[0].split(' (')[0]}." for v in plenary.views]
    lines += ["Secret : petites cellules non diffusées, sommes minorées.",
              "Ruptures de série (demandeurs) : janvier 2022, janvier 2025.", f"Maille : {plenary.maille_label}."]
    _text(slide, "\n".join(lines), MARGIN, Inches(1.5), WIDTH - 2 * MARGIN, Inches(5), 20, name="methode")


def build_deck(plenary: Plenary) -> bytes:
    """Return the .pptx of one territory's plenary."""
    deck = Presentation()
    deck.slide_width, deck.slide_height = WIDTH, HEIGHT
    _cover(deck, plenary)
    _key_figures(deck, plenary)
    _highlights(deck, plenary)
    _priorities(deck, plenary)
    for view in plenary.views:
        if view.figure.period is not None:
            _chart(deck, plenary, view)
    _map(deck, plenary)
    _partial(deck, plenary)
    _measures(deck, plenary)
    _method(deck, plenary)
    buffer = io.BytesIO()
    deck.save(buffer)
    return buffer.getvalue()

"""The plenary deck: the page's figures, sentences and series, readable, on every slide its footer; rendered."""

from __future__ import annotations

import io
import subprocess
import sys
import zipfile
from datetime import date, timedelta
from pathlib import Path

import pytest
from pptx import Presentation
from pptx.util import Pt

from dashboard.build import chartdata
from dashboard.build.fmt import number
from dashboard.data import assembly, queries
from dashboard.data.scope import Scope
from dashboard.deck import files, slides, timechart
from loaders.domain.territory import DEPARTEMENTS
from loaders.settings import PROJECT_DIR
from loaders.values import geography
from tests.test_app import run_page

ARTIFACTS = Path(__file__).parent / "artifacts" / "deck"
WHEN = date(2026, 12, 15)
EMU_PER_INCH = 914400


def texts(slide, name: str) -> list[str]:
    return [shape.text_frame.text for shape in slide.shapes if shape.name == name and shape.has_text_frame]


def build(workspace, territory: str, maille: str = geography.DEFAULT_BUILTIN):
    base = str(workspace.base)
    rev = queries.revision(base)
    codes = queries.territories(base, rev, maille)
    code = dict(zip(codes["name"], codes["code"]))[territory]
    view = assembly.collect(Scope(base, rev, maille, code), WHEN)
    return view, Presentation(io.BytesIO(slides.build_deck(view)))


def test_the_deck_shows_the_figures_and_sentences_the_page_shows(demo_store):
    view, made = build(demo_store, "Cholet")
    page = run_page("pages/1_mon_territoire.py", territoire="Cholet")
    assert not page.exception
    bullets = next(m.value for m in page.markdown if m.value.startswith("- Pour le territoire « Cholet »"))
    page_sentences = [line[2:] for line in bullets.split("\n")]
    deck_sentences = [line[2:] for s in made.slides for text in texts(s, "faits") for line in text.split("\n")]
    assert deck_sentences == page_sentences == view.sentences
    shown = [m.value.replace(" (minimum)", "") for m in page.metric if m.value != "n.d."]
    key = next(s for s in made.slides if texts(s, "titre") == ["Les chiffres clés"])
    assert texts(key, "chiffre") == shown
    assert texts(made.slides[0], "titre") == ["CLEFOP Cholet — plénière du 15/12/2026"]


def test_every_chart_is_a_native_chart_of_the_series_the_page_draws(demo_store):
    view, made = build(demo_store, "Vendée Ouest")
    charts = [shape.chart for s in made.slides for shape in s.shapes if shape.has_chart]
    drawn = [v for v in view.views if v.figure.period]
    assert len(charts) == len(drawn) >= 2
    for chart, family_view in zip(charts, drawn):
        table = chartdata.chart_frame(family_view.series, chartdata.index_base(family_view.series,
                                                                            family_view.figure.reference))
        table = table[table.index >= timechart.CHART_START]
        plot = chart.plots[0]
        pad = len(plot.categories) - len(table)
        days = [date(1899, 12, 30) + timedelta(days=float(c)) for c in plot.categories]  # a date axis
        assert [d.strftime("%Y-%m") for d in days[pad:]] == [p[:7] for p in table.index]
        assert [s.name for s in plot.series] == list(table.columns)
        for series in plot.series:
            expected = [None if v != v else round(float(v), 1) for v in table[series.name]]
            assert list(series.values) == [None] * pad + expected
        assert {s.name for s in plot.series} >= {view.name, "Pays de la Loire"}
    slide = next(s for s in made.slides if any(sh.has_chart for sh in s.shapes))
    assert [sh.name for sh in slide.shapes].count("confinement") == 3  # the three lockdowns, across the plot
    assert "Zones grisées : confinements (mars–mai 2020" in texts(slide, "reperes")[0]


@pytest.mark.parametrize("territory", ["Loire-Atlantique Centre", "Pays d'Alençon et d'Andaine (partie régionale)"])
def test_every_slide_is_readable_and_carries_its_sources_and_the_demo_mention(demo_store, territory):
    view, made = build(demo_store, territory)
    assert len(made.slides) >= 9
    for index, slide in enumerate(made.slides, start=1):
        assert texts(slide, "pied") and texts(slide, "pied")[0].startswith("Sources : "), index
        assert "Données jusqu'à" in texts(slide, "pied")[0]
        assert texts(slide, "demo") == [slides.DEMO_MENTION], index
        words = sum(len(t.split()) for shape in slide.shapes if shape.has_text_frame and shape.name not in
                    ("pied", "demo", "titre") for t in [shape.text_frame.text])
        assert words <= 200, (index, words)  # the faits saillants, when they fit at 20 pt or more
        for shape in slide.shapes:
            if not shape.has_text_frame or not shape.text_frame.text:
                continue
            size = shape.text_frame.paragraphs[0].runs[0].font.size
            if shape.name not in ("pied", "demo", "reperes"):
                assert size >= Pt(20), (index, shape.name)
            if shape.name == "chiffre":
                assert size >= Pt(40)
            assert slides.fits(shape.text_frame.text, shape.width / EMU_PER_INCH, shape.height / EMU_PER_INCH,
                             size.pt), (index, shape.name, shape.text_frame.text)


def test_real_data_has_no_demo_mention(workspace):
    from loaders import actions
    from tests.extracts import dares_long_csv
    extract = dares_long_csv()
    assert actions.import_data_file(extract.content, extract.name, who="analyste", workspace=workspace).ok
    _, made = build(workspace, "Cholet", "ze2020")
    assert all(not texts(s, "demo") for s in made.slides)


def test_faits_saillants_take_one_slide_or_two_at_a_size_read_from_the_back_of_the_room():
    short = ["Le nombre de demandeurs d'emploi a baissé de 3 % sur un an. " * 2] * 4
    assert slides.fact_pages(short) == ([short], slides.BODY)
    long = ["Une phrase longue qui dit beaucoup de choses sur le territoire et ses évolutions. " * 3] * 6
    pages, size = slides.fact_pages(long)
    assert len(pages) == 2 and [len(p) for p in pages] == [3, 3] and size >= 20
    assert slides.fits("x" * 30, 5, 0.5, 20) and not slides.fits("x" * 50, 5, 0.5, 20)  # 36 characters a line


def test_command_line_writes_one_deck_per_committee_in_a_zip(demo_store, tmp_path):
    out = tmp_path / "plenieres.zip"
    env = {"CLEFOP_DATA_DIR": str(demo_store.base), "CLEFOP_DEMO": "0", "PATH": "/usr/bin:/bin"}
    result = subprocess.run([sys.executable, "-m", "dashboard", "deck", "--all",
                             "--date", "2026-12-15", "--output", str(out)],
                            capture_output=True, text=True,
                            cwd=PROJECT_DIR, env=env, timeout=300)
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr
    names = zipfile.ZipFile(out).namelist()
    assert len(names) == 20 and "pleniere_CLEFOP_Loire-Atlantique_Nord_2026-12-15.pptx" in names
    assert "pleniere_CLEFOP_Redon_partie_regionale_2026-12-15.pptx" in names
    first = Presentation(io.BytesIO(zipfile.ZipFile(out).read(names[0])))
    assert texts(first.slides[0], "titre")[0].startswith("CLEFOP ")
    unknown = subprocess.run([sys.executable, "-m", "dashboard", "deck", "--territory",
                              "Atlantide"], capture_output=True, text=True, cwd=PROJECT_DIR, env=env, timeout=120)
    assert unknown.returncode == 1 and "Territoire « Atlantide » inconnu" in unknown.stderr
    assert "Traceback" not in unknown.stderr


def _deck(args: list[str], data_dir) -> subprocess.CompletedProcess:
    env = {"CLEFOP_DATA_DIR": str(data_dir), "CLEFOP_DEMO": "0", "PATH": "/usr/bin:/bin"}
    return subprocess.run([sys.executable, "-m", "dashboard", "deck", *args], capture_output=True, text=True,
                          cwd=PROJECT_DIR, env=env, timeout=300)


def test_a_missing_folder_or_an_unknown_period_is_said_in_french_and_nothing_is_written(demo_store, tmp_path):
    out = tmp_path / "sortie"
    out.mkdir()
    result = _deck(["--territory", "Cholet", "--output", str(out / "absent" / "cholet.pptx")], demo_store.base)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"Le dossier « {out / 'absent'} » n'existe pas" in result.stderr
    result = _deck(["--territory", "Cholet", "--period", "2031-13", "--output", str(out)], demo_store.base)
    assert result.returncode == 1 and "Période « 2031-13 » inconnue" in result.stderr
    assert "la plus récente est 20" in result.stderr and "Traceback" not in result.stderr
    assert list(out.iterdir()) == []


def test_file_names_are_safe_and_distinct():
    assert files.file_name("Les Sables-d'Olonne", WHEN) == "pleniere_CLEFOP_Les_Sables-d_Olonne_2026-12-15.pptx"
    assert files.file_name("../../etc", WHEN) == "pleniere_CLEFOP_etc_2026-12-15.pptx"
    taken: set[str] = set()
    alike = [files._unique(files.file_name(name, WHEN), taken) for name in ("Saint-Père", "Saint-Pere", "Saint Père")]
    assert len(set(alike)) == 3 and alike[1] == "pleniere_CLEFOP_Saint-Pere_2026-12-15_2.pptx"


def test_the_deck_renders_in_libreoffice_and_every_slide_is_kept_as_an_image(demo_store, tmp_path):
    view, _ = build(demo_store, "Saumur")
    source = tmp_path / "saumur.pptx"
    source.write_bytes(slides.build_deck(view))
    profile = tmp_path / "profile"  # a private LibreOffice profile: parallel runs never share one
    subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(source)], check=True, capture_output=True, timeout=240)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for old in ARTIFACTS.glob("saumur-*.png"):
        old.unlink()
    subprocess.run(["pdftoppm", "-r", "60", "-png", str(tmp_path / "saumur.pdf"), str(ARTIFACTS / "saumur")],
                   check=True, timeout=120)
    images = sorted(ARTIFACTS.glob("saumur-*.png"))
    assert len(images) == len(Presentation(str(source)).slides)
    from PIL import Image, ImageStat
    for image in images:
        with Image.open(image) as slide:
            assert slide.size[0] > slide.size[1]  # 16:9
            assert ImageStat.Stat(slide.convert("L")).stddev[0] > 5, image.name  # something is drawn
    rendered = subprocess.run(["pdftotext", str(tmp_path / "saumur.pdf"), "-"], capture_output=True, text=True,
                              check=True).stdout
    compact = "".join(rendered.replace("\u202f", " ").split())  # the key figure is drawn, whatever the spaces
    assert number(view.views[0].figure.value).replace("\u202f", "") in compact


def test_names_in_the_workbooks_behind_the_charts_never_become_formulas_or_links(demo_store):
    import duckdb
    import openpyxl
    hostile = '=HYPERLINK("http://exemple.org","Cholet")'
    con = duckdb.connect(str(demo_store.store.path))  # a name kept by an earlier version, before names were checked
    con.execute("UPDATE maille_territories SET name = ? WHERE name = 'Cholet'", [hostile])
    con.close()
    _, made = build(demo_store, hostile)
    charts = [shape.chart for s in made.slides for shape in s.shapes if shape.has_chart]
    assert charts
    for chart in charts:
        book = openpyxl.load_workbook(io.BytesIO(chart.part.chart_workbook.xlsx_part.blob))
        cells = [c for row in book.active.iter_rows() for c in row if c.value is not None]
        assert not [c.coordinate for c in cells if c.data_type == "f" or c.hyperlink]
        assert "'" + hostile in [c.value for c in cells]


def test_every_territory_s_decks_are_made_once_whoever_asks_at_the_same_time(demo_store):
    import gc
    import threading
    import tracemalloc
    from concurrent.futures import ThreadPoolExecutor
    base = str(demo_store.base)
    scope = Scope(base, queries.revision(base), DEPARTEMENTS.id)
    start = threading.Barrier(10)
    files.every_file(scope, date(2026, 11, 30))  # the data reads are cached once, as after any first visit
    tracemalloc.start()
    gc.collect()
    before = tracemalloc.get_traced_memory()[0]

    def ask(_):
        start.wait()
        try:
            return files.every_file(scope, WHEN)
        except files.DecksBusy as busy:
            return busy
    with ThreadPoolExecutor(10) as pool:
        outcomes = list(pool.map(ask, range(10)))
    gc.collect()
    kept = tracemalloc.get_traced_memory()[0] - before
    tracemalloc.stop()
    made = [o for o in outcomes if isinstance(o, Path)]
    assert made and kept < made[0].stat().st_size, kept  # not even the zip is kept: it went to its file
    assert len(set(made)) == 1 and len(outcomes) == 10
    assert all("déjà en préparation" in str(o) for o in outcomes if not isinstance(o, Path))
    stamp = made[0].stat().st_mtime_ns
    assert files.every_file(scope, WHEN) == made[0] and made[0].stat().st_mtime_ns == stamp  # served, not remade
    assert len(zipfile.ZipFile(made[0]).namelist()) == 5
    other_day = files.every_file(scope, date(2027, 1, 5))
    assert other_day != made[0]


def test_an_empty_data_folder_gives_no_deck_and_says_what_to_import(workspace, tmp_path):
    workspace.store.imports()  # a data folder with its database and nothing imported
    out = tmp_path / "sortie"
    out.mkdir()
    for args in (["--all"], ["--territory", "Cholet"]):
        result = _deck([*args, "--output", str(out)], workspace.base)
        assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
        assert "Pas de données" in result.stderr and "Importez d'abord des extraits" in result.stderr
    assert list(out.iterdir()) == []
    page = run_page("pages/9_pleniere.py", territoire="Cholet")
    assert any("Importez d'abord des extraits" in i.value for i in page.info)
    assert not [b for b in page.button if b.label.startswith("Préparer")]

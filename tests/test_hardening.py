"""The hardening corpus: every file gets its French message, and a refused file changes nothing."""

from __future__ import annotations

import pytest

from loaders import actions
from loaders.actions import Workspace
from loaders.store import StoreUnwritable
from tests.conftest import finished, private_copy
from tests.corpus import corpus
from tests.extracts import at_total, offers_long_epci_csv

CASES = corpus()


def test_the_corpus_has_at_least_thirty_files_with_distinct_names():
    names = [case.name for case in CASES]
    assert len(names) >= 30
    assert len(set(names)) == len(names)


def _snapshot(workspace) -> tuple:
    objects = sorted(p.name for p in workspace.archive.root.glob("objects/*/*"))
    return (workspace.store.imports().drop(columns=["report"]).to_dict("records"),
            workspace.store.export().to_dict("records"), workspace.archive.events(), objects)


@pytest.fixture(scope="module")
def populated_template(tmp_path_factory):
    workspace = Workspace(tmp_path_factory.mktemp("populated") / "data")
    offers = offers_long_epci_csv()
    assert actions.import_data_file(offers.content, offers.name, workspace=workspace).ok
    return finished(workspace)


@pytest.fixture
def populated(populated_template, workspace):
    """A data folder that already holds one import, so that « nothing changed » means something."""
    return private_copy(populated_template, workspace)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_corpus_case(populated, monkeypatch, case):
    for name, value in case.env.items():
        monkeypatch.setenv(name, value)
    before = _snapshot(populated)
    report = actions.import_data_file(case.build(), case.name, source=case.source, workspace=populated)
    data = report.to_dict()
    if case.accepted:
        assert report.ok, data["errors"]
        assert not case.message or any(case.message in note for note in data["notes"]), data["notes"]
        for indicator, total in case.totals().items():
            assert at_total(data["totals"])[indicator] == pytest.approx(total)
        assert len(populated.store.imports()) == len(before[0]) + 1
        return
    assert not report.ok
    match = [e for e in data["errors"] if case.message in e["message"]]
    assert match, data["errors"]
    assert (match[0]["row"], match[0]["column"]) == (case.row, case.column)
    assert _snapshot(populated) == before


def test_a_tiny_workbook_declaring_a_far_corner_is_refused_by_the_command_line_in_french(workspace, tmp_path):
    from tests.conftest import run_cli
    from tests.corpus import far_corner_xlsx
    path = tmp_path / "coin.xlsx"
    path.write_bytes(far_corner_xlsx())
    result = run_cli(["import", str(path), "--dry-run"], workspace.base, {"CLEFOP_READ_MEMORY_MB": "300"})
    assert result.returncode == 1, result.stderr
    assert "plus de 300 Mo de mémoire" in result.stdout and "panicked" not in result.stderr


CSV_HEADER = "Date;Code zone d'emploi;Zone d'emploi;Catégorie;Nombre de demandeurs d'emploi (données brutes)"


@pytest.mark.parametrize("encoding, newline", [("utf-8", "\r"), ("utf-16", "\r\n")], ids=["mac-cr", "utf16"])
def test_old_mac_line_endings_and_excel_unicode_text_are_read(workspace, encoding, newline):
    text = newline.join([CSV_HEADER, "2020-T2;5206;Cholet;A;5230", "2020-T2;5216;Nantes;A;40000"]) + newline
    report = actions.import_data_file(text.encode(encoding), "de.csv", dry_run=True, workspace=workspace)
    assert report.ok, [p.message for p in report.problems]
    assert report.to_dict()["totals"]["demandeurs"] == {"A": 45_230}


def test_a_field_longer_than_the_csv_modules_default_limit_is_read(workspace):
    text = "\n".join([CSV_HEADER, "2020-T2;5206;" + "C" * 200_000 + ";A;5230"]) + "\n"
    report = actions.import_data_file(text.encode(), "long.csv", dry_run=True, workspace=workspace)
    assert report.ok and report.to_dict()["territories"] == ["5206"]


def test_invisible_characters_are_taken_out_of_codes_and_shown_in_messages(workspace):
    text = "\n".join([CSV_HEADER, "2020-T2;5206\u200b;Cholet;A;5230", "2020-T2;５２１６;Nantes;A;40000"]) + "\n"
    report = actions.import_data_file(text.encode(), "fichier\u202eVSC.csv", dry_run=True, workspace=workspace)
    assert report.ok and report.to_dict()["territories"] == ["5206", "5216"]
    refused = actions.import_data_file(b"", "fichier\u202eVSC.csv", workspace=workspace)
    assert all("\u202e" not in p.message for p in refused.problems)


def test_pipes_folders_and_devices_are_named_as_such_and_never_opened(workspace, tmp_path):
    import os

    from tests.conftest import run_cli
    fifo = tmp_path / "tube.csv"
    os.mkfifo(fifo)
    device = tmp_path / "zero.csv"
    device.symlink_to("/dev/zero")
    answers = {name: run_cli(["import", str(path), "--dry-run"], workspace.base)
               for name, path in (("tube", fifo), ("dossier", tmp_path), ("zero", device))}
    assert all(a.returncode == 1 for a in answers.values())
    assert "n'est pas un fichier ordinaire" in answers["tube"].stderr
    assert "est un dossier" in answers["dossier"].stderr
    assert "n'est pas un fichier ordinaire" in answers["zero"].stderr


def test_a_failed_archive_write_leaves_no_temporary_file(workspace, monkeypatch):
    import os
    def full(*_args):
        raise OSError(28, "No space left on device")
    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(StoreUnwritable, match="est plein"):
        workspace.archive.put(b"contenu")
    assert not list(workspace.archive.root.rglob(".tmp-*"))


def test_a_sheet_copied_twice_is_named_in_the_duplicate_message(workspace):
    import openpyxl

    from loaders.samples.workbooks import workbook_bytes
    book = openpyxl.Workbook()
    for index, title in enumerate(("T2 2020", "Copie de T2 2020")):
        sheet = book.active if index == 0 else book.create_sheet()
        sheet.title = title
        sheet.append(["Trimestre", "Code zone d'emploi", "Demandeurs d'emploi de catégorie A, données brutes"])
        sheet.append(["2020-T2", "5206", 5230])
    report = actions.import_data_file(workbook_bytes(book), "copie.xlsx", workspace=workspace)
    found = [p for p in report.problems if p.message.startswith("Doublon")]
    assert found and "feuille « T2 2020 » ligne 2, feuille « Copie de T2 2020 » ligne 2" in found[0].message
    assert (found[0].sheet, found[0].row) == ("Copie de T2 2020", 2)


def test_a_parse_started_ahead_is_the_one_used_and_stopped_when_the_file_is_refused(tmp_path):
    from loaders.errors import ImportRefused
    from loaders.intake import reading
    from tests.corpus import entity_bomb
    from tests.extracts import commune_long_xlsx
    good = tmp_path / "communes.xlsx"
    good.write_bytes(commune_long_xlsx().content)
    reading.start_reading(good)
    (started,) = reading._STARTED.values()
    sheets = reading.read_sheets(good.read_bytes(), good.name)
    assert not reading._STARTED and started.child.returncode == 0  # its result was taken, no second parse
    assert [(s.name, s.rows) for s in sheets] == [(s.name, s.rows) for s in reading.read_workbook(
        good.read_bytes(), good.name)]
    reading.start_reading(good)
    reading.read_sheets(good.read_bytes(), "autre nom.xlsx")  # another file for the report: not this parse
    (waiting,) = reading._STARTED.values()
    reading._stop_started()  # as at the end of the process
    assert not reading._STARTED and waiting.child.poll() is not None
    bomb = tmp_path / "bombe.xlsx"
    bomb.write_bytes(entity_bomb())
    reading.start_reading(bomb)
    (refused,) = reading._STARTED.values()
    with pytest.raises(ImportRefused):
        reading.read_sheets(bomb.read_bytes(), bomb.name)
    assert not reading._STARTED and refused.child.poll() is not None  # stopped, not left running


def test_the_child_parse_gives_back_every_cell_as_read_with_or_without_dates():
    from datetime import date, datetime

    import openpyxl

    from loaders.intake import reading
    from loaders.samples.workbooks import workbook_bytes
    wb = openpyxl.Workbook()
    plain = wb.active
    plain.title = "Sans dates"
    plain.append(["Code", "Libellé", "Valeur", None])
    plain.append([44109, "Nantes", 1234.5, True])
    dated = wb.create_sheet("Avec dates")
    dated.append(["Zone", datetime(2020, 4, 1), datetime(2020, 5, 1)])
    dated.append(["Cholet", 10, "s"])
    content = workbook_bytes(wb)
    sheets = reading.read_sheets(content, "mixte.xlsx")  # through the child process
    direct = reading.read_workbook(content, "mixte.xlsx")
    assert [(s.name, s.rows, s.merged, s.hidden) for s in sheets] == \
        [(s.name, s.rows, s.merged, s.hidden) for s in direct]
    assert isinstance(sheets[1].rows[0][1], date) and sheets[0].rows[1][:3] == [44109, "Nantes", 1234.5]

"""The hardening corpus: every file gets its French message, and a refused file changes nothing."""

from __future__ import annotations

import pytest

from loaders import pipeline
from tests.corpus import corpus
from tests.extracts import offers_long_epci_csv

CASES = corpus()


def test_the_corpus_has_at_least_thirty_files_with_distinct_names():
    names = [case.name for case in CASES]
    assert len(names) >= 30
    assert len(set(names)) == len(names)


def _snapshot(workspace) -> tuple:
    objects = sorted(p.name for p in workspace.archive.root.glob("objects/*/*"))
    return (workspace.store.imports().drop(columns=["report"]).to_dict("records"),
            workspace.store.export().to_dict("records"), workspace.archive.events(), objects)


@pytest.fixture
def populated(workspace):
    """A data folder that already holds one import, so that « nothing changed » means something."""
    offers = offers_long_epci_csv()
    assert pipeline.import_data_file(offers.content, offers.name, workspace=workspace).ok
    return workspace


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_corpus_case(populated, monkeypatch, case):
    for name, value in case.env.items():
        monkeypatch.setenv(name, value)
    before = _snapshot(populated)
    report = pipeline.import_data_file(case.build(), case.name, source=case.source, workspace=populated)
    data = report.to_dict()
    if case.accepted:
        assert report.ok, data["errors"]
        assert not case.message or any(case.message in note for note in data["notes"]), data["notes"]
        for indicator, total in case.totals().items():
            assert data["totals"][indicator] == pytest.approx(total)
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

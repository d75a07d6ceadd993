"""The journal is the record: no automatic step shortens it, and a rebuild never gives a smaller store silently."""

from __future__ import annotations

import pytest

from loaders import actions
from loaders.store import StoreUnreadable
from tests.conftest import run_cli
from tests.extracts import dares_long_csv, offers_long_epci_csv, wide_quarters_xlsx


@pytest.fixture
def three_imports(workspace):
    for extract in (offers_long_epci_csv(), dares_long_csv(), wide_quarters_xlsx()):
        assert actions.import_data_file(extract.content, extract.name, who="analyste", workspace=workspace).ok
    actions.undo_import(2, who="analyste", workspace=workspace)
    return workspace


def test_a_missing_database_is_not_replaced_by_an_empty_one_and_the_journal_stays_whole(three_imports, tmp_path):
    events = three_imports.archive.events()
    three_imports.store.path.unlink()
    path = tmp_path / "offres.csv"
    path.write_bytes(offers_long_epci_csv(seed=8).content)
    result = run_cli(["import", str(path)], three_imports.base)
    assert result.returncode == 1 and "introuvable alors que l'archive garde 4 opération(s)" in result.stderr
    assert "rebuild" in result.stderr
    assert not three_imports.store.path.exists()
    assert three_imports.archive.events() == events
    with pytest.raises(StoreUnreadable):
        actions.import_data_file(path.read_bytes(), path.name, workspace=three_imports)
    assert actions.rebuild(three_imports) == 3
    assert len(three_imports.store.imports()) == 3


def test_rebuild_refuses_when_an_archived_file_is_missing_and_keeps_the_database(three_imports):
    before = three_imports.store.export()
    lost = three_imports.archive.events()[0]
    three_imports.archive.path(lost["sha256"]).unlink()
    result = run_cli(["rebuild"], three_imports.base)
    assert result.returncode == 1
    assert "1 fichier(s) importé(s) manquent dans l'archive (n° 1 « " in result.stderr
    assert three_imports.store.export().equals(before)


def test_rebuild_refuses_when_the_database_holds_imports_the_journal_lost(three_imports):
    events = three_imports.archive.events()
    three_imports.archive.rewrite(events[:1])
    with pytest.raises(actions.RebuildRefused, match="2 import\\(s\\) que le journal ne connaît pas"):
        actions.rebuild(three_imports)
    assert len(three_imports.store.imports()) == 3


def test_a_torn_last_line_is_written_again_from_the_database(three_imports):
    events = three_imports.archive.events()
    raw = three_imports.archive.journal_path.read_bytes()
    three_imports.archive.journal_path.write_bytes(raw[:-20])  # the undo's line cut while being written
    assert actions.recover(three_imports) == 0
    repaired = three_imports.archive.events()
    assert [(e["event"], e["id"]) for e in repaired] == [(e["event"], e["id"]) for e in events]
    assert actions.rebuild(three_imports) == 3
    assert set(three_imports.store.imports()["status"]) == {"active", "undone"}


def test_recover_drops_only_a_last_event_the_database_never_committed(three_imports):
    events = three_imports.archive.events()
    orphan = {**events[0], "id": 9, "filename": "jamais-commis.csv"}
    three_imports.archive.append(orphan)
    assert actions.recover(three_imports) == 1
    assert three_imports.archive.events() == events
    three_imports.archive.rewrite([events[0], orphan, *events[1:]])  # not the last: nothing is dropped
    assert actions.recover(three_imports) == 0
    assert len(three_imports.archive.events()) == len(events) + 1

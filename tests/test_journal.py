"""The journal is the record: no automatic step shortens it, and a rebuild never gives a smaller store silently."""

from __future__ import annotations

import pytest

from loaders import actions
from loaders.store import StoreUnreadable
from loaders.store.records import JournalDamaged
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


def _damage_line(workspace, number: int) -> bytes:
    """Cut one line of the journal short (a disk error, a hand edit) and return the journal as it is then."""
    path = workspace.archive.journal_path
    lines = path.read_bytes().split(b"\n")
    lines[number - 1] = lines[number - 1][:25]
    path.write_bytes(b"\n".join(lines))
    return path.read_bytes()


def test_a_damaged_line_inside_the_journal_stops_recover_rebuild_and_imports_with_its_number(three_imports, tmp_path):
    before = three_imports.store.export()
    damaged = _damage_line(three_imports, 2)
    with pytest.raises(JournalDamaged, match="abîmé à la ligne 2 : elle ne se lit pas"):
        actions.recover(three_imports)
    with pytest.raises(JournalDamaged, match="ligne 2"):
        actions.rebuild(three_imports)
    result = run_cli(["rebuild"], three_imports.base)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "Reconstruction refusée" in result.stderr and "abîmé à la ligne 2" in result.stderr
    extract = offers_long_epci_csv(seed=8)
    path = tmp_path / extract.name
    path.write_bytes(extract.content)
    result = run_cli(["import", str(path)], three_imports.base)
    assert result.returncode == 1 and "abîmé à la ligne 2" in result.stderr and "Traceback" not in result.stderr
    assert three_imports.store.export().equals(before)
    assert three_imports.archive.journal_path.read_bytes() == damaged


def test_a_damaged_last_line_that_ends_its_line_is_damage_not_a_torn_write(three_imports):
    lines = three_imports.archive.journal_path.read_bytes().split(b"\n")
    _damage_line(three_imports, len(lines) - 1)  # the last event's line, with its end of line kept
    with pytest.raises(JournalDamaged, match=f"ligne {len(lines) - 1}"):
        three_imports.archive.events()


def test_the_pages_stay_readable_with_a_damaged_journal(three_imports):
    from tests.test_app import run_page
    _damage_line(three_imports, 2)
    app = run_page("app.py")
    assert not app.exception
    assert not [w for w in app.warning if "indisponible" in w.value]
    assert app.metric  # the key figures are read from the database as before

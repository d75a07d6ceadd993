"""The DuckDB store: atomic imports, superseding values, undo, rebuild from the archive."""

import hashlib
import threading
import time
import types

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from loaders import actions
from loaders.actions import Workspace
from loaders.errors import UserError
from loaders.store import ImportRecord, StoreUnreadable
from loaders.store.records import JournalDamaged
from tests import generators
from tests.conftest import run_cli


def record(name: str, sha: str = "0" * 64) -> ImportRecord:
    return ImportRecord(kind="donnees", filename=name, sha256=sha, imported_by="test", source="demandeurs_emploi")


def current_values(workspace) -> dict[tuple[str, str], float]:
    frame = workspace.store.query("SELECT geo_code, period, value FROM current_observations")
    return {(r.geo_code, r.period): r.value for r in frame.itertuples()}


def test_new_store_holds_the_builtin_mailles_and_defaults_to_the_committees(workspace):
    assert sorted(workspace.store.mailles()["id"]) == ["cle", "departement", "epci", "region", "ze2020"]
    assert workspace.store.default_maille() == "cle"
    assert len(workspace.store.territories("cle")) == 20
    assert len(workspace.store.territories("ze2020")) == 23


def test_a_store_made_before_the_committees_opens_on_them_without_reimport(workspace, tmp_path):
    from loaders import store as store_module
    workspace.store.add_import(record("ze.xlsx"), generators.observations({("5206", "2020-04"): 5230.0}))
    with workspace.store.transaction() as con:  # as the previous version left it: no CLE anywhere
        for table, column in (("mailles", "id"), ("maille_territories", "maille_id"),
                              ("maille_communes", "maille_id"), ("maille_levels", "maille_id")):
            con.execute(f"DELETE FROM {table} WHERE {column} = 'cle'")
        con.execute("DELETE FROM geo_units WHERE level = 'cle'")
        con.execute("DELETE FROM partial_units WHERE level = 'cle'")
        con.execute("UPDATE mailles SET label = 'Zones d''emploi 2020 (découpage par défaut)' WHERE id = 'ze2020'")
        con.execute("DELETE FROM unit_territories WHERE maille_id = 'cle'")
    store_module._READY.discard(workspace.store.path)  # a new process of the new version
    assert workspace.store.default_maille() == "cle"
    labels = workspace.store.mailles().set_index("id")["label"]
    assert labels["ze2020"] == "Zones d'emploi 2020 (INSEE)"
    assert list(workspace.store.imports()["filename"]) == ["ze.xlsx"]
    units = workspace.store.query("SELECT count(*) AS n FROM geo_units WHERE level = 'cle'").loc[0, "n"]
    assert units == 1228
    partial = workspace.store.query("SELECT unit FROM partial_units WHERE level = 'cle' ORDER BY unit")
    assert list(partial["unit"]) == ["CLPE35001", "CLPE61003"]


def test_failure_mid_import_leaves_no_rows_and_no_import(workspace):
    good = generators.observations({("5206", "2020-04"): 5230.0})
    workspace.store.add_import(record("a.xlsx"), good)
    bad = generators.observations({("5216", "2020-04"): 1.0, ("5202", "2020-04"): 2.0})
    bad["period_start"] = ["2020-04-01", "pas une date"]
    with pytest.raises(Exception):  # noqa: B017 - DuckDB's conversion error type varies by version
        workspace.store.add_import(record("b.xlsx"), bad)
    assert list(workspace.store.imports()["filename"]) == ["a.xlsx"]
    assert current_values(workspace) == {("5206", "2020-04"): 5230.0}


def test_failure_in_commit_hook_rolls_the_import_back(workspace):
    def crash(_import_id):
        raise OSError("disque plein")
    with pytest.raises(OSError):
        workspace.store.add_import(record("a.xlsx"), generators.observations({("5206", "2020-04"): 1.0}),
                                   on_commit=crash)
    assert workspace.store.imports().empty
    assert workspace.store.query("SELECT count(*) AS n FROM observations").loc[0, "n"] == 0


def test_reimport_supersedes_and_undo_restores(workspace):
    first = workspace.store.add_import(record("t1.xlsx"), generators.observations(
        {("5206", "2020-04"): 5000.0, ("5216", "2020-04"): 40000.0}))
    second = workspace.store.add_import(record("t2.xlsx"), generators.observations({("5206", "2020-04"): 5230.0}))
    assert current_values(workspace) == {("5206", "2020-04"): 5230.0, ("5216", "2020-04"): 40000.0}
    assert workspace.store.query("SELECT count(*) AS n FROM observations").loc[0, "n"] == 3  # history kept
    workspace.store.undo_import(second, "test")
    assert current_values(workspace) == {("5206", "2020-04"): 5000.0, ("5216", "2020-04"): 40000.0}
    statuses = dict(zip(workspace.store.imports()["id"], workspace.store.imports()["status"]))
    assert statuses == {first: "active", second: "undone"}
    with pytest.raises(UserError, match="déjà annulé"):
        workspace.store.undo_import(second, "test")


def test_rebuild_from_archive_gives_the_same_content(workspace):
    one = actions.import_referential(generators.odd_headers_workbook(), "efop.xlsx", workspace=workspace)
    two = actions.import_referential(generators.epci_csv(), "efop-epci.csv", name="EFOP (EPCI)",
                                      workspace=workspace)
    assert one.ok and two.ok
    actions.undo_import(2, "animatrice", workspace=workspace)

    def snapshot():
        store = workspace.store
        imports = store.imports()[["id", "kind", "filename", "sha256", "imported_by", "status", "imported_at"]]
        return (imports.to_dict("records"), store.mailles().to_dict("records"),
                store.membership("efop").to_dict("records"), store.geojson("efop"))

    before = snapshot()
    workspace.store.path.unlink()
    assert actions.rebuild(workspace) == 2
    assert snapshot() == before
    assert before[1][0]["label"] == "Territoires EFOP"  # the undone EPCI version no longer counts


def test_a_torn_last_line_is_skipped_and_never_sealed_under_a_new_one(workspace):
    workspace.archive.append({"event": "import", "id": 1})
    with open(workspace.archive.journal_path, "a", encoding="utf-8") as handle:
        handle.write('{"event": "imp')  # a crash in the middle of a write
    before = workspace.archive.journal_path.read_bytes()
    assert [e["event"] for e in workspace.archive.events()] == ["import"]
    with pytest.raises(JournalDamaged, match="dernière ligne du journal .* est coupée .* rien n'a été écrit"):
        workspace.archive.append({"event": "undo", "id": 1})
    assert workspace.archive.journal_path.read_bytes() == before


def test_archive_is_content_addressed_and_untouched(workspace):
    content = generators.epci_csv()
    digest = workspace.archive.put(content)
    assert workspace.archive.put(content) == digest
    assert workspace.archive.read(digest) == content
    assert workspace.archive.path(digest).name == digest
    assert digest == hashlib.sha256(content).hexdigest()


def test_command_line_names_the_process_holding_the_database(tmp_path, monkeypatch):
    import subprocess
    import sys

    from tests.conftest import run_cli
    data_dir = tmp_path / "data"
    assert run_cli(["history"], data_dir).returncode == 0  # creates the store
    holder = subprocess.Popen([sys.executable, "-c", "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); "
                               "print('ready', flush=True); time.sleep(60)", str(data_dir / "clefop.duckdb")],
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "ready"
        monkeypatch.setenv("CLEFOP_LOCK_TIMEOUT", "1")
        busy = run_cli(["history"], data_dir)
        monkeypatch.delenv("CLEFOP_LOCK_TIMEOUT")
    finally:
        holder.kill()
        holder.wait()
    assert busy.returncode == 3
    assert f"occupée par le processus {holder.pid}" in busy.stderr
    assert run_cli(["history"], data_dir).returncode == 0  # free again once the holder is gone


def test_a_store_made_before_values_kept_their_origin_gains_the_columns_and_keeps_its_values(workspace):
    import duckdb

    from loaders import store as store_module
    workspace.store.add_import(record("old.xlsx"), generators.observations({("5206", "2020-04"): 5230.0}))
    with duckdb.connect(str(workspace.store.path)) as con:  # the layout of an earlier version
        for name in ("origin_sheet", "origin_row", "origin_col"):
            con.execute(f"ALTER TABLE observations DROP COLUMN {name}")
    store_module._READY.discard(workspace.store.path)
    reopened = actions.Workspace(workspace.base)
    reopened.store.add_import(record("new.xlsx", "1" * 64), generators.observations({("5216", "2020-04"): 40000.0}))
    exported = reopened.store.export().set_index("geo_code")
    assert exported.loc["5206", "value"] == 5230.0 and pd.isna(exported.loc["5206", "origin_row"])  # unknown, not 0
    assert exported.loc["5216", "origin_sheet"] == "Feuil1" and exported.loc["5216", "origin_col"] == "E"


def test_a_store_that_kept_its_current_values_in_a_second_table_marks_them_and_keeps_them(workspace):
    import duckdb

    from loaders import store as store_module
    first = workspace.store.add_import(record("a.xlsx"), generators.observations({("5206", "2020-04"): 5230.0,
                                                                                 ("5216", "2020-04"): 40000.0}))
    workspace.store.add_import(record("b.xlsx", "1" * 64), generators.observations({("5206", "2020-04"): 5302.0}))
    before = workspace.store.export()
    workspace.store.let_go()
    with duckdb.connect(str(workspace.store.path)) as con:  # the layout of an earlier version
        con.execute("CREATE TABLE kept AS SELECT * FROM current_observations")
        con.execute("DROP VIEW current_observations")
        con.execute("ALTER TABLE kept RENAME TO current_observations")
        con.execute("ALTER TABLE observations DROP COLUMN is_current")
    store_module._READY.discard(workspace.store.path)
    reopened = actions.Workspace(workspace.base).store
    pd.testing.assert_frame_equal(reopened.export(), before)
    kinds = reopened.query("SELECT table_type FROM information_schema.tables WHERE table_name = 'current_observations'")
    assert list(kinds["table_type"]) == ["VIEW"]
    reopened.undo_import(first + 1, "test")
    assert reopened.export().set_index("geo_code").loc["5206", "value"] == 5230.0


def test_an_import_of_many_batches_is_stored_whole_in_the_store_order(workspace):
    from loaders.store.schema import WRITE_BATCH
    months = [f"{y}-{m:02d}" for y in range(2010, 2026) for m in range(1, 13)]
    codes = [f"{44000 + i:05d}" for i in range(-(-(3 * WRITE_BATCH + 5) // len(months)))]
    frame = generators.observations({("5206", "2020-04"): 1.0})
    frame = frame.loc[frame.index.repeat(len(codes) * len(months))].reset_index(drop=True)
    shuffled = pd.MultiIndex.from_product([codes, months]).to_frame(index=False).sample(frac=1, random_state=3)
    frame["geo_code"], frame["period"] = shuffled[0].to_numpy(), shuffled[1].to_numpy()
    frame["level"], frame["value"] = "commune", range(len(frame))
    workspace.store.add_import(record("communes.xlsx"), frame)
    stored = workspace.store.query("SELECT geo_code, period FROM observations ORDER BY rowid")
    assert len(stored) == len(frame) > 3 * WRITE_BATCH
    assert list(zip(stored["geo_code"], stored["period"])) == sorted(zip(frame["geo_code"], frame["period"]))


ZONES, MONTHS = ["5201", "5206", "5216"], ["2020-03", "2020-04"]
STEP = st.one_of(
    st.tuples(st.just("import"), st.dictionaries(st.tuples(st.sampled_from(ZONES), st.sampled_from(MONTHS)),
                                                 st.integers(0, 9_000), min_size=1)),
    st.tuples(st.just("undo"), st.integers(0, 7)))


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(STEP, min_size=1, max_size=8))
def test_current_values_kept_key_by_key_equal_a_full_recomputation(tmp_path_factory, steps):
    from loaders.store.schema import REFRESH_CURRENT
    store = actions.Workspace(tmp_path_factory.mktemp("steps")).store
    active: list[int] = []
    for number, (kind, what) in enumerate(steps):
        if kind == "import":
            values = {key: float(value) for key, value in what.items()}
            active.append(store.add_import(record(f"{number}.csv"), generators.observations(values)))
        elif active:
            store.undo_import(active.pop(what % len(active)), "test")
    order = "geo_code, period, import_id"
    kept = store.query(f"SELECT * FROM current_observations ORDER BY {order}")
    with store.transaction() as con:
        for statement in REFRESH_CURRENT:
            con.execute(statement)
    rebuilt = store.query(f"SELECT * FROM current_observations ORDER BY {order}")
    pd.testing.assert_frame_equal(kept, rebuilt)



class Waits:
    """Which threads the store made wait to open its file (a connection of this process held it)."""

    def __init__(self) -> None:
        self.threads: set[str] = set()
        self.changed = threading.Condition()

    def sleep(self, seconds: float) -> None:
        with self.changed:
            self.threads.add(threading.current_thread().name)
            self.changed.notify_all()
        time.sleep(seconds)

    def until(self, test) -> bool:
        with self.changed:
            return self.changed.wait_for(test, timeout=120)

    def wait(self, timeout: float) -> bool:
        return self.until(lambda: bool(self.threads))


@pytest.fixture
def waits(monkeypatch):
    import loaders.store as store_module
    noted = Waits()
    monkeypatch.setattr(store_module, "time", types.SimpleNamespace(monotonic=time.monotonic, sleep=noted.sleep))
    return noted


def test_a_write_waits_until_the_reads_of_its_own_process_are_closed(workspace, waits):
    workspace.store.add_import(record("a.xlsx"), generators.observations({("5206", "2020-04"): 5230.0}))
    before = workspace.store.revision()
    written = []
    writer = threading.Thread(target=lambda: written.append(
        workspace.store.add_import(record("b.xlsx"), generators.observations({("5206", "2020-05"): 5100.0}))))
    with workspace.store.held() as reading:
        writer.start()
        assert waits.wait(timeout=120), "the write never had to wait for the open read"
        assert reading.revision() == before  # nothing written while the read holds the file
    writer.join(timeout=120)
    assert written == [2] and workspace.store.revision() != before
    assert current_values(workspace) == {("5206", "2020-04"): 5230.0, ("5206", "2020-05"): 5100.0}


def test_a_read_of_the_same_process_waits_for_a_write_and_sees_all_of_it(workspace, waits):
    workspace.store.add_import(record("a.xlsx"), generators.observations({("5206", "2020-04"): 5230.0}))
    seen = []
    reader = threading.Thread(target=lambda: seen.append(current_values(workspace)))
    with workspace.store.transaction() as con:
        con.execute("UPDATE observations SET value = 1 WHERE period = '2020-04'")
        reader.start()
        assert waits.wait(timeout=120), "the read never had to wait for the open write"
        con.execute("UPDATE observations SET value = 5231 WHERE period = '2020-04'")
    reader.join(timeout=120)
    assert seen == [{("5206", "2020-04"): 5231.0}]


def test_a_read_that_comes_while_a_write_waits_lets_the_write_in_first(workspace, waits):
    workspace.store.add_import(record("a.xlsx"), generators.observations({("5206", "2020-04"): 5230.0}))
    writer = threading.Thread(name="writer", target=lambda: workspace.store.add_import(
        record("b.xlsx"), generators.observations({("5206", "2020-04"): 5300.0})))
    seen = []

    def late_read():
        seen.append(current_values(workspace))
        with waits.changed:
            waits.changed.notify_all()
    late = threading.Thread(name="late read", target=late_read)
    with workspace.store.held():
        writer.start()
        assert waits.until(lambda: "writer" in waits.threads)
        late.start()  # reads keep coming while the first is open: they must not keep the write out
        assert waits.until(lambda: seen or "late read" in waits.threads)
    for thread in (writer, late):
        thread.join(timeout=120)
    assert seen == [{("5206", "2020-04"): 5300.0}]


@pytest.fixture
def kept(monkeypatch):
    """The files the store keeps open after a read, kept as long as `seconds` says (a test sets it)."""
    from loaders.store import _KEPT, records
    monkeypatch.setattr(records, "KEEP_OPEN", 3600.0)
    return types.SimpleNamespace(held=_KEPT.held,
                                 seconds=lambda value: monkeypatch.setattr(records, "KEEP_OPEN", value))


def test_reads_share_the_file_kept_open_and_a_write_of_the_process_takes_it_at_once(workspace, kept, waits):
    workspace.store.add_import(record("a.xlsx"), generators.observations({("5206", "2020-04"): 5230.0}))
    assert current_values(workspace) == {("5206", "2020-04"): 5230.0}
    keeper = kept.held[str(workspace.store.path)][0]
    assert current_values(workspace) and kept.held[str(workspace.store.path)][0] is keeper  # the same open file
    workspace.store.add_import(record("b.xlsx", "1" * 64), generators.observations({("5206", "2020-04"): 5300.0}))
    assert not waits.threads  # the write closed the kept file instead of waiting for it
    assert current_values(workspace) == {("5206", "2020-04"): 5300.0}


def test_a_file_replaced_after_a_read_is_read_anew(workspace, kept, tmp_path):
    import os
    workspace.store.add_import(record("a.xlsx"), generators.observations({("5206", "2020-04"): 5230.0}))
    assert current_values(workspace) == {("5206", "2020-04"): 5230.0}
    other = Workspace(tmp_path / "autre")
    other.store.add_import(record("a.xlsx"), generators.observations({("5206", "2020-04"): 4000.0}))
    os.replace(other.store.path, workspace.store.path)  # as a restore or a rebuild by another program does
    assert current_values(workspace) == {("5206", "2020-04"): 4000.0}


def test_the_file_kept_open_is_closed_after_a_moment_for_another_program(workspace, kept):
    import subprocess
    import sys
    kept.seconds(0.05)
    workspace.store.add_import(record("a.xlsx"), generators.observations({("5206", "2020-04"): 5230.0}))
    assert current_values(workspace)
    opened = subprocess.run([sys.executable, "-c", "import duckdb, sys, time\nfor _ in range(1200):\n    try:\n"
                             "        duckdb.connect(sys.argv[1]).close(); print('ouvert'); break\n"
                             "    except duckdb.IOException:\n        time.sleep(0.1)", str(workspace.store.path)],
                            capture_output=True, text=True, timeout=300)
    assert opened.stdout.strip() == "ouvert", opened.stderr
    assert str(workspace.store.path) not in kept.held


def test_the_narrowing_of_listed_key_values_keeps_exactly_the_rows_that_take_them():
    import duckdb

    from loaders.domain.schema import KEY_COLUMNS
    from loaders.store.current import listed_narrowing
    rows = [{k: None for k in KEY_COLUMNS} | {"geo_code": code, "period": period}
            for code in ("5201", "5206", None, "l'Île") for period in ("2020-03", "2020-04", None)]
    con = duckdb.connect()
    frame = pd.DataFrame(rows, columns=list(KEY_COLUMNS)).astype(object)
    frame.insert(0, "n", range(1, len(rows) + 1))
    con.register("frame", frame)
    con.execute("CREATE TABLE t AS SELECT * FROM frame")
    for codes, periods in ((["5206", "l'Île"], ["2020-04"]), (["5201", None], ["2020-03", None]), ([], [None])):
        listed = [(codes, None in codes) if k == "geo_code" else (periods, None in periods) if k == "period"
                  else ([], True) for k in KEY_COLUMNS]
        kept = {n for (n,) in con.execute(f"SELECT n FROM t c WHERE {listed_narrowing(listed, 'c')}").fetchall()}
        expected = {i + 1 for i, r in enumerate(rows) if r["geo_code"] in codes and r["period"] in periods}
        assert kept == expected


def test_a_view_planted_in_the_database_cannot_read_the_machines_files(workspace, tmp_path):
    import duckdb
    secret = tmp_path / "secret.txt"
    secret.write_text("mot de passe du serveur", encoding="utf-8")
    workspace.store.imports()  # the database, made by the store
    workspace.store.let_go()  # another program opens it once the store has closed it
    planted = duckdb.connect(str(workspace.store.path))
    planted.execute(f"CREATE VIEW planted AS SELECT content FROM read_text('{secret}')")
    planted.close()
    with pytest.raises(StoreUnreadable, match="contient un objet qu'elle n'a pas créé.*rien n'a été lu"):
        workspace.store.query("SELECT * FROM planted")
    with pytest.raises(StoreUnreadable), workspace.store.transaction() as con:
        con.execute("SELECT * FROM planted").fetchall()


def test_the_store_reads_only_the_objects_its_schema_makes(demo_store, tmp_path):
    import duckdb
    export = tmp_path / "export.csv"
    assert run_cli(["export", "--output", str(export)], demo_store.base).returncode == 0
    planted = duckdb.connect(str(demo_store.store.path))
    planted.execute("CREATE OR REPLACE VIEW current_observations AS SELECT * EXCLUDE (is_current, value), "
                    "value * 1000 AS value FROM observations WHERE is_current")
    planted.close()
    again = tmp_path / "again.csv"
    assert run_cli(["export", "--output", str(again)], demo_store.base).returncode == 0
    assert again.read_bytes() == export.read_bytes()  # its own view made again, the numbers are the file's
    for statement in ("CREATE MACRO share(a, b) AS a / b", "CREATE VIEW extra AS SELECT 1 AS one",
                      "CREATE SEQUENCE counter"):
        planted = duckdb.connect(str(demo_store.store.path))
        planted.execute(statement)
        planted.close()
        result = run_cli(["export", "--output", str(tmp_path / "refused.csv")], demo_store.base)
        assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
        assert "contient des objets qu'elle n'a pas créés" in result.stderr and "rebuild" in result.stderr
        planted = duckdb.connect(str(demo_store.store.path))
        planted.execute(f"DROP {statement.split()[1]} {statement.split()[2].split('(')[0]}")
        planted.close()
    assert not (tmp_path / "refused.csv").exists()


def test_no_symbolic_link_is_followed_in_the_data_folder(tmp_path):
    from loaders.store.records import LinkRefused
    data = tmp_path / "data"
    outside = tmp_path / "ailleurs"
    outside.mkdir()
    workspace = Workspace(data)
    extract = generators.epci_csv()
    assert actions.import_referential(extract, "efop.csv", workspace=workspace).ok
    journal = workspace.archive.journal_path
    kept = outside / "journal.jsonl"
    kept.write_bytes(journal.read_bytes())
    journal.unlink()
    journal.symlink_to(kept)
    result = run_cli(["history"], data)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"« {journal} » est un lien symbolique" in result.stderr
    with pytest.raises(LinkRefused):
        actions.undo_import(1, "analyste", workspace)
    assert kept.read_bytes().count(b"\n") == 1  # nothing written through the link
    journal.unlink()
    journal.write_bytes(kept.read_bytes())
    digest = workspace.archive.events()[0]["sha256"]
    archived = workspace.archive.root / "objects" / digest[:2] / digest
    (outside / "objet").write_bytes(archived.read_bytes())
    archived.unlink()
    archived.symlink_to(outside / "objet")
    with pytest.raises(LinkRefused, match="lien symbolique"):
        actions.rebuild(workspace)
    database = workspace.store.path
    database.rename(outside / "base.duckdb")
    database.symlink_to(outside / "base.duckdb")
    with pytest.raises(LinkRefused):
        workspace.store.imports()
    plans = workspace.plans.root
    plans.mkdir(parents=True, exist_ok=True)
    plans.rmdir()
    plans.symlink_to(outside, target_is_directory=True)
    database.unlink()
    (outside / "base.duckdb").rename(database)
    with pytest.raises(LinkRefused):
        actions.check_file("referentiel", extract, "efop.csv", {"name": "Territoires EFOP"}, workspace)
    assert sorted(p.name for p in outside.iterdir()) == ["journal.jsonl", "objet"]
    plans.unlink()
    archived.unlink()
    archived.write_bytes((outside / "objet").read_bytes())
    objects = workspace.archive.root / "objects"
    objects.rename(outside / "objets")
    objects.symlink_to(outside / "objets", target_is_directory=True)  # a link two levels above the file
    with pytest.raises(LinkRefused, match=f"« {objects} » est un lien symbolique"):
        actions.rebuild(workspace)
    objects.unlink()
    (outside / "objets").rename(objects)
    linked = tmp_path / "lien-vers-data"
    linked.symlink_to(data, target_is_directory=True)  # the data folder itself may be a link
    assert run_cli(["history"], linked).returncode == 0


def test_a_digest_is_a_digest_never_a_path(workspace):
    with pytest.raises(UserError, match="n'est pas une empreinte SHA-256"):
        workspace.archive.path("../../../etc/passwd")

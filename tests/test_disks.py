"""A full disk and a read-only disk, on a real small tmpfs: told apart, never « repaired », nothing lost."""

from __future__ import annotations

import subprocess
import sys

import pytest
from streamlit.testing.v1 import AppTest

from loaders import actions
from loaders.actions import Workspace
from loaders.settings import PROJECT_DIR
from tests.conftest import run_cli
from tests.extracts import dares_long_csv, offers_long_epci_csv


@pytest.fixture
def small_disk(tmp_path):
    """A 64 MB tmpfs mounted for the test (the test needs root, as CI has)."""
    mount = tmp_path / "disque"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64m", "tmpfs", str(mount)], capture_output=True)
    if done.returncode:
        pytest.skip(f"!!! IMPOSSIBLE DE MONTER UN TMPFS ICI ({done.stderr.decode().strip()}) : "
                    "les tests de disque plein et de disque en lecture seule n'ont pas été faits !!!")
    yield mount
    subprocess.run(["umount", "-l", str(mount)], check=False)


@pytest.fixture
def on_small_disk(small_disk, monkeypatch):
    base = small_disk / "data"
    monkeypatch.setenv("CLEFOP_DATA_DIR", str(base))
    monkeypatch.setenv("CLEFOP_DEMO", "0")
    workspace = Workspace(base)
    offers = offers_long_epci_csv()
    assert actions.import_data_file(offers.content, offers.name, workspace=workspace).ok
    return workspace


def _fill(mount, leave_mb: int = 4) -> None:
    subprocess.run(["dd", "if=/dev/zero", f"of={mount}/remplissage", "bs=1M", "count=1000"], capture_output=True)
    subprocess.run(["truncate", "-s", f"-{leave_mb}M", f"{mount}/remplissage"], check=True)


def _page(analyst: str | None = None) -> AppTest:
    app = AppTest.from_file(str(PROJECT_DIR / "app.py"), default_timeout=90)
    if analyst:
        app.session_state["analyst"] = analyst
    return app.run()


def test_a_full_disk_is_said_as_such_and_never_rebuilt(on_small_disk, small_disk, tmp_path):
    before = on_small_disk.store.export()
    events = on_small_disk.archive.events()
    _fill(small_disk)
    kind, message = actions.store_diagnosis(on_small_disk)
    assert kind == "full" and "plein" in message
    with pytest.raises(actions.RebuildRefused, match="disque .* plein"):
        actions.restore(on_small_disk)
    viewer = _page()
    assert "momentanément indisponible" in viewer.warning[0].value and not viewer.error
    analyst = _page("Camille")
    assert "plein" in analyst.error[0].value
    assert not [b for b in analyst.button if "Reconstruire" in b.label]
    extract = tmp_path / "de.csv"
    extract.write_bytes(dares_long_csv().content)
    subprocess.run(["truncate", "-s", "-3M", f"{small_disk}/remplissage"], check=True)  # room for the check only
    _fill(small_disk, leave_mb=0)
    result = run_cli(["import", str(extract)], on_small_disk.base)
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    assert "disque" in result.stderr.lower()
    assert not list(on_small_disk.archive.root.rglob(".tmp-*"))
    assert on_small_disk.archive.events() == events
    (small_disk / "remplissage").unlink()
    assert actions.store_diagnosis(on_small_disk) is None
    assert on_small_disk.store.export().equals(before)


def test_a_deck_on_a_full_disk_is_refused_whole_and_the_previous_one_is_kept(demo_store, small_disk):
    target = small_disk / "cholet.pptx"
    target.write_bytes(b"le diaporama de la veille")
    _fill(small_disk, leave_mb=0)
    env = {"CLEFOP_DATA_DIR": str(demo_store.base), "CLEFOP_DEMO": "0", "PATH": "/usr/bin:/bin"}
    result = subprocess.run([sys.executable, "-m", "dashboard", "deck", "--territory", "Cholet", "--output",
                             str(target)], capture_output=True, text=True, cwd=PROJECT_DIR, env=env, timeout=300)
    assert result.returncode == 1 and "Traceback" not in result.stderr and "OSError" not in result.stderr
    assert "le disque est plein" in result.stderr and "ien n'a été écrit" in result.stderr
    assert target.read_bytes() == b"le diaporama de la veille"
    assert sorted(p.name for p in small_disk.iterdir()) == ["cholet.pptx", "remplissage"]


def test_a_read_only_disk_is_said_as_such_and_never_rebuilt(on_small_disk, small_disk):
    before = on_small_disk.store.export()
    on_small_disk.store.let_go()  # a disk cannot become read-only while a file on it is open for writing
    subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], check=True)
    kind, message = actions.store_diagnosis(on_small_disk)
    assert kind == "readonly" and "lecture seule" in message
    with pytest.raises(actions.RebuildRefused, match="lecture seule"):
        actions.restore(on_small_disk)
    analyst = _page("Camille")
    assert "lecture seule" in analyst.error[0].value
    assert not [b for b in analyst.button if "Reconstruire" in b.label]
    subprocess.run(["mount", "-o", "remount,rw", str(small_disk)], check=True)
    assert actions.store_diagnosis(on_small_disk) is None
    assert on_small_disk.store.export().equals(before)
    assert not list(on_small_disk.store.path.parent.glob("clefop.duckdb.*-*"))


def test_a_database_held_by_another_process_is_said_busy_and_not_repaired(workspace, monkeypatch):
    import sys
    offers = offers_long_epci_csv()
    assert actions.import_data_file(offers.content, offers.name, workspace=workspace).ok
    monkeypatch.setenv("CLEFOP_LOCK_TIMEOUT", "0.5")
    holder = subprocess.Popen(
        [sys.executable, "-c", "import duckdb, sys; c = duckdb.connect(sys.argv[1]); print('prêt', flush=True); "
                               "sys.stdin.read()", str(workspace.store.path)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "prêt"
        kind, message = actions.store_diagnosis(workspace)
        assert kind == "busy" and "occupée" in message
        analyst = _page("Camille")
        assert not analyst.exception and "occupée" in analyst.error[0].value
        assert not [b for b in analyst.button if "Reconstruire" in b.label]
        with pytest.raises(actions.RebuildRefused, match="occupée"):
            actions.restore(workspace)
    finally:
        holder.stdin.close()
        holder.wait(timeout=30)
    assert actions.store_diagnosis(workspace) is None


def test_two_repairs_at_once_rebuild_once(workspace):
    import threading
    for extract in (offers_long_epci_csv(), dares_long_csv()):
        assert actions.import_data_file(extract.content, extract.name, workspace=workspace).ok
    workspace.store.path.unlink()
    counts, errors = [], []

    def click():
        try:
            counts.append(actions.restore(Workspace(workspace.base), only_if_needed=True))
        except Exception as exc:  # noqa: BLE001 - the test reports any failure of either click
            errors.append(exc)
    clicks = [threading.Thread(target=click) for _ in range(2)]
    for thread in clicks:
        thread.start()
    for thread in clicks:
        thread.join()
    assert errors == [] and sorted(counts) == [0, 2]
    assert len(workspace.store.imports()) == 2

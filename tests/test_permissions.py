"""Permissions are set on what the process creates, never required on what it finds: a private folder stays
private, a folder shared with a group works for every account of the group, a read-only folder is read."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.ui.pages import PAGES
from loaders.settings import PROJECT_DIR
from tests.conftest import run_cli
from tests.extracts import dares_long_csv, offers_long_epci_csv

GROUP, FIRST, SECOND = 42000, 42001, 42002  # two accounts of one group, made up for the test


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _extract(folder: Path, extract) -> Path:
    path = folder / extract.name
    path.write_bytes(extract.content)
    path.chmod(0o644)
    return path


def test_a_missing_data_folder_is_made_private_with_everything_in_it(tmp_path):
    base = tmp_path / "nouveau" / "data"
    assert run_cli(["import", str(_extract(tmp_path, offers_long_epci_csv()))], base).returncode == 0
    assert _mode(base) == 0o700
    made = [p for p in base.rglob("*") if not p.is_symlink()]
    assert made and all(_mode(p) == (0o700 if p.is_dir() else 0o600) for p in made), \
        {str(p): oct(_mode(p)) for p in made}


def test_what_is_found_keeps_its_permissions_and_new_files_take_the_folder_s(tmp_path):
    base = tmp_path / "data"
    assert run_cli(["import", str(_extract(tmp_path, offers_long_epci_csv()))], base).returncode == 0
    base.chmod(0o750)
    journal = base / "archive" / "journal.jsonl"
    journal.chmod(0o640)
    result = run_cli(["import", str(_extract(tmp_path, dares_long_csv()))], base)
    assert result.returncode == 0, result.stderr
    assert _mode(base) == 0o750 and _mode(journal) == 0o640  # never changed
    plans = base / "plans"
    for made in [*plans.rglob("*")] + [plans]:
        if made.exists():
            assert _mode(made) & 0o077 == (0o050 if made.is_dir() else 0o040), (made, oct(_mode(made)))


@pytest.fixture
def shared_root():
    """A folder every account may cross (a test's own temporary folder is private to root)."""
    if os.geteuid() != 0 or not shutil.which("setpriv"):
        pytest.skip("!!! IL FAUT ÊTRE ROOT (ET setpriv) POUR JOUER DEUX COMPTES : le dossier partagé n'a pas été "
                    "essayé !!!")
    root = Path(tempfile.mkdtemp(prefix="clefop-partage-", dir="/tmp"))
    root.chmod(0o755)
    yield root
    shutil.rmtree(root, ignore_errors=True)


def _as(uid: int, args: list[str], base: Path) -> subprocess.CompletedProcess:
    env = {"CLEFOP_DATA_DIR": str(base), "CLEFOP_DEMO": "0", "PATH": "/usr/bin:/bin", "LOGNAME": f"compte{uid}",
           "HOME": str(base.parent), "PYTHONDONTWRITEBYTECODE": "1"}
    return subprocess.run(["setpriv", f"--reuid={uid}", f"--regid={GROUP}", "--clear-groups", sys.executable,
                           "-m", "loaders", *args], capture_output=True, text=True, cwd=PROJECT_DIR, env=env,
                          timeout=300)


def test_a_folder_shared_by_two_accounts_of_a_group_works_for_both(shared_root):
    base = shared_root / "data"
    base.mkdir()
    os.chown(base, FIRST, GROUP)
    base.chmod(0o2770)  # the README's recipe: the group writes, new files and folders stay in the group
    first, second = (_extract(shared_root, e) for e in (offers_long_epci_csv(), dares_long_csv()))
    for uid, args in [(FIRST, ["import", str(first)]), (SECOND, ["history"]), (SECOND, ["import", str(second)]),
                      (SECOND, ["edition", "freeze", "--name", "Plénière de test"]), (FIRST, ["undo", "2"]),
                      (FIRST, ["export", "--output", str(base / "export.csv")])]:
        done = _as(uid, args, base)
        assert done.returncode == 0 and "Traceback" not in done.stderr, (uid, args, done.stderr)
    refused = _as(SECOND, ["export", "--output", str(shared_root / "export.csv")], base)  # root's folder
    assert refused.returncode == 1 and "Traceback" not in refused.stderr and "droits insuffisants" in refused.stderr
    history = _as(SECOND, ["history"], base).stdout
    assert "compte42001" in history and "compte42002" in history and "undone" in history
    assert _mode(base) == 0o2770  # never changed


@pytest.fixture
def read_only_copy(demo_template, tmp_path, monkeypatch):
    """A copy of the demo data folder, mounted read-only (a bind mount: root cannot write through it either)."""
    source, mount = tmp_path / "source", tmp_path / "lecture-seule"
    shutil.copytree(demo_template, source)
    mount.mkdir()
    done = subprocess.run(["mount", "--bind", str(source), str(mount)], capture_output=True)
    if done.returncode:
        pytest.skip(f"!!! IMPOSSIBLE DE MONTER UN DOSSIER EN LECTURE SEULE ICI ({done.stderr.decode().strip()}) : "
                    "le mode lecture seule n'a pas été essayé !!!")
    try:
        subprocess.run(["mount", "-o", "remount,bind,ro", str(mount)], check=True)
        monkeypatch.setenv("CLEFOP_DATA_DIR", str(mount))
        monkeypatch.setenv("CLEFOP_DEMO", "1")  # even a first start imports nothing there
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def _tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_a_read_only_folder_is_read_and_every_write_is_refused_in_french(read_only_copy, demo_template, tmp_path):
    before = _tree(read_only_copy)
    for args in (["history"], ["export", "--output", str(tmp_path / "export.csv")], ["edition", "list"],
                 ["territories", "--json"]):
        done = run_cli(args, read_only_copy)
        assert done.returncode == 0 and not done.stderr, (args, done.stderr)
    assert (tmp_path / "export.csv").stat().st_size > 10_000
    extract = _extract(tmp_path, dares_long_csv())
    for args in (["import", str(extract)], ["undo", "1"], ["edition", "freeze"], ["password", "--generate"],
                 ["demo"], ["rebuild"]):
        done = run_cli(args, read_only_copy)
        assert done.returncode == 1 and "Traceback" not in done.stderr and "lecture seule" in done.stderr, \
            (args, done.stderr)
    assert _tree(read_only_copy) == before == _tree(demo_template)


def test_every_page_reads_a_read_only_folder_and_analysts_are_told(read_only_copy):
    from tests.test_app import run_page
    for page in PAGES:
        viewer = run_page(page.path)
        assert not viewer.exception, (page.path, viewer.exception)
        assert not [w for w in viewer.warning if "indisponible" in w.value], page.path
    viewer = run_page(PAGES[0].path)
    assert viewer.metric  # figures read from the database
    assert not [e for e in viewer.error if "lecture seule" in e.value]
    analyst = AppTest.from_file(str(PROJECT_DIR / "app.py"), default_timeout=90)
    analyst.session_state["analyst"] = "Camille"
    analyst.run()
    assert [e for e in analyst.error if "lecture seule" in e.value] and analyst.metric


def test_a_view_changed_in_a_read_only_database_is_refused_not_read(read_only_copy, tmp_path):
    import duckdb
    planted = duckdb.connect(str(tmp_path / "source" / "clefop.duckdb"))  # the folder under the read-only mount
    planted.execute("CREATE OR REPLACE VIEW current_observations AS SELECT * EXCLUDE (is_current, value), "
                    "value * 1000 AS value FROM observations WHERE is_current")
    planted.close()
    done = run_cli(["export", "--output", str(tmp_path / "export.csv")], read_only_copy)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "objets qu'elle n'a pas créés (vue current_observations)" in done.stderr
    assert not (tmp_path / "export.csv").exists()

"""A second copy: `backup` writes a verified copy while the dashboard may be writing, `restore` checks it and
rebuilds a data folder whose export, éditions and priorities equal the original's."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from datetime import date

import pytest

from loaders import actions
from loaders.actions.backup import MANIFEST, BackupRefused, backup, restore_backup, verify
from loaders.settings import PROJECT_DIR
from tests.conftest import run_cli
from tests.extracts import dares_long_csv, offers_long_epci_csv


def _state(base) -> tuple:
    """What a restored folder must give back: the export, the history, the éditions, the priorities."""
    store = actions.Workspace(base).store
    return (store.export().to_csv(), store.imports().drop(columns="report").to_csv(), store.editions(),
            store.latest_priorities("ze2020").to_csv())


@pytest.fixture
def lived_in(demo_store, tmp_path):
    """The demo folder after some life: an import undone, a catalogue, priorities, an édition."""
    extract = tmp_path / offers_long_epci_csv().name
    extract.write_bytes(offers_long_epci_csv().content)
    assert run_cli(["import", str(extract)], demo_store.base).returncode == 0
    assert run_cli(["undo", "3"], demo_store.base).returncode == 0
    actions.record_priorities("ze2020", "5206", ["rh", "jeunes"], date(2026, 10, 6), "Plénière d'octobre",
                              who="analyste", workspace=demo_store)
    assert run_cli(["edition", "freeze", "--name", "Plénière d'octobre"], demo_store.base).returncode == 0
    return demo_store


def test_a_backup_restores_to_the_same_dashboard(lived_in, tmp_path):
    copy, restored = tmp_path / "sauvegarde", tmp_path / "restauree"
    made = run_cli(["backup", str(copy)], lived_in.base)
    assert made.returncode == 0 and "Sauvegarde écrite" in made.stdout, made.stderr
    manifest = json.loads((copy / MANIFEST).read_text(encoding="utf-8"))
    events = lived_in.archive.events()
    assert manifest["operations"] == len(events) and not (copy / "clefop.duckdb").exists()
    assert {f"archive/objects/{e['sha256'][:2]}/{e['sha256']}" for e in events if "sha256" in e} \
        <= set(manifest["files"])
    back = run_cli(["restore", str(copy), "--into", str(restored)], tmp_path / "ailleurs")
    assert back.returncode == 0 and "restaurée" in back.stdout, back.stderr
    assert _state(restored) == _state(lived_in.base)
    again = run_cli(["restore", str(copy), "--into", str(restored)], tmp_path / "ailleurs")
    assert again.returncode == 1 and "n'est pas un dossier vide" in again.stderr  # a data folder is never replaced


def test_a_copy_that_does_not_match_its_manifest_is_refused_with_nothing_written(lived_in, tmp_path):
    copy = tmp_path / "sauvegarde"
    assert run_cli(["backup", str(copy)], lived_in.base).returncode == 0
    digest = next(e["sha256"] for e in lived_in.archive.events() if "sha256" in e)
    archived = copy / "archive" / "objects" / digest[:2] / digest
    content = archived.read_bytes()
    archived.write_bytes(content[:-1] + bytes([content[-1] ^ 1]))
    refused = run_cli(["restore", str(copy), "--into", str(tmp_path / "restauree")], lived_in.base)
    assert refused.returncode == 1 and "Traceback" not in refused.stderr
    assert "ne correspond pas à son manifeste : 1 fichier(s)" in refused.stderr and digest in refused.stderr
    archived.write_bytes(content)
    (copy / MANIFEST).unlink()
    refused = run_cli(["restore", str(copy), "--into", str(tmp_path / "restauree")], lived_in.base)
    assert refused.returncode == 1 and "n'est pas une sauvegarde complète" in refused.stderr
    assert not (tmp_path / "restauree").exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".restauree")]


def test_a_backup_cut_short_is_never_taken_for_one(demo_store, tmp_path):
    start = time.monotonic()
    assert run_cli(["backup", str(tmp_path / "mesure")], demo_store.base).returncode == 0
    whole = time.monotonic() - start
    env = {**os.environ, "CLEFOP_DATA_DIR": str(demo_store.base), "CLEFOP_DEMO": "0"}
    outcomes = set()
    for step in range(6):  # killed at moments spread over a backup's own duration (measured just above)
        copy = tmp_path / f"coupee-{step}"
        backup = subprocess.Popen([sys.executable, "-m", "loaders", "backup", str(copy)], cwd=PROJECT_DIR, env=env,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(whole * (0.5 + step * 0.1))
        backup.send_signal(signal.SIGKILL)
        backup.wait()
        try:
            manifest = verify(copy)
            assert manifest["operations"] == len(demo_store.archive.events())
            outcomes.add("complète et vérifiée")
        except BackupRefused as refused:
            assert "n'est pas une sauvegarde complète" in str(refused)
            assert not copy.exists()  # the copy under way is beside it, never under its name
            outcomes.add("refusée")
    print("sauvegardes coupées :", outcomes)


def test_a_backup_taken_during_an_import_restores_before_or_after_it(lived_in, tmp_path):
    before = lived_in.store.export()
    extract = tmp_path / dares_long_csv().name
    extract.write_bytes(dares_long_csv().content)
    env = {**os.environ, "CLEFOP_DATA_DIR": str(lived_in.base), "CLEFOP_DEMO": "0"}
    importing = subprocess.Popen([sys.executable, "-m", "loaders", "import", str(extract)], cwd=PROJECT_DIR,
                                 env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    copies = []
    while importing.poll() is None or not copies:
        copies.append(tmp_path / f"pendant-{len(copies)}")
        backup(copies[-1], lived_in)
    assert importing.returncode == 0, importing.stderr.read()
    after = lived_in.store.export()
    assert not after.equals(before)
    journal = lived_in.archive.journal_path.read_bytes()
    for copy in copies:  # each copy holds whole lines of the journal, the last ones at most missing
        assert journal.startswith((copy / "archive" / "journal.jsonl").read_bytes())
        verify(copy)
    restored = tmp_path / "restauree"
    restore_backup(copies[0], restored)
    exported = actions.Workspace(restored).store.export()
    assert exported.equals(before) or exported.equals(after)


def test_every_command_the_readme_gives_exists():
    import re

    from loaders.cli import build_parser
    readme = (PROJECT_DIR / "README.md").read_text(encoding="utf-8")
    named = set(re.findall(r"-m loaders (\w+)", readme))
    commands = next(a for a in build_parser()._actions if a.dest == "command").choices
    assert {"backup", "restore", "rebuild"} <= named and named <= set(commands), named - set(commands)

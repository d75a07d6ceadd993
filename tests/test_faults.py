"""Faults: a killed import, concurrent imports, a missing or unreadable database."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import threading
import time

import pytest

from loaders import actions
from loaders.actions import Workspace
from loaders.planning.kinds import DATA
from loaders.settings import PROJECT_DIR
from tests.conftest import run_cli
from tests.corpus import big_long_xlsx
from tests.extracts import dares_long_csv, offers_long_epci_csv, partial_activity_monthly_csv


def _state(workspace: Workspace) -> tuple[set[int], set[int], int]:
    """Return the import ids in the store, those in the journal, and the observations that count."""
    imports = set(workspace.store.imports()["id"])
    journal = {e["id"] for e in workspace.archive.events() if e["event"] == "import"}
    return imports, journal, workspace.store.observation_count()


def _start_import(path, data_dir, *args: str) -> subprocess.Popen:
    env = {**os.environ, "CLEFOP_DATA_DIR": str(data_dir), "CLEFOP_DEMO": "0"}
    command = list(args) or ["import", str(path)]
    return subprocess.Popen([sys.executable, "-m", "loaders", *command], cwd=PROJECT_DIR, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _kill_when(process: subprocess.Popen, ready, timeout: float = 120) -> bool:
    """Kill -9 the process as soon as `ready()` is true; return False when it ended first."""
    deadline = time.monotonic() + timeout
    while process.poll() is None and time.monotonic() < deadline:
        if ready():
            os.kill(process.pid, signal.SIGKILL)
            process.wait()
            return True
        time.sleep(0.001)
    return False


@pytest.fixture(scope="module")
def big_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("big") / "deux_cent_mille_lignes.xlsx"
    path.write_bytes(big_long_xlsx()[0])
    return path


@pytest.fixture(scope="module")
def big_plan(tmp_path_factory, big_file):
    """The kept plan of the big file, checked once against a store holding one import (revision « 1.0 »)."""
    prepared = Workspace(tmp_path_factory.mktemp("plan") / "data")
    offers = offers_long_epci_csv()
    actions.import_data_file(offers.content, offers.name, workspace=prepared)
    plan = actions.check_file(DATA, big_file.read_bytes(), big_file.name, {"source": None, "overrides": {}},
                               prepared)
    return prepared.plans.root / plan.id


@pytest.mark.parametrize("moment", ["writing", "journaled"])
@pytest.mark.parametrize("path", ["direct", "confirmed"])
def test_import_killed_leaves_all_or_nothing_and_a_consistent_archive(workspace, big_file, big_plan, moment, path):
    offers = offers_long_epci_csv()
    actions.import_data_file(offers.content, offers.name, workspace=workspace)
    before = _state(workspace)
    wal = workspace.store.path.with_name(workspace.store.path.name + ".wal")
    journal = workspace.archive.journal_path
    size = journal.stat().st_size
    ready = (lambda: wal.exists() and wal.stat().st_size > 0) if moment == "writing" else \
        (lambda: journal.stat().st_size > size)
    plan = None
    if path == "confirmed":  # the same store state as the plan's: one import, so the plan is not stale
        shutil.copytree(big_plan, workspace.plans.root / big_plan.name)
        plan = workspace.plans.load(big_plan.name)
        assert plan.base_revision == workspace.store.revision()
    process = _start_import(big_file, workspace.base, *(["confirm", plan.id] if plan else []))
    assert _kill_when(process, ready), "l'import s'est terminé avant d'avoir pu être interrompu"

    assert run_cli(["history"], workspace.base).returncode == 0  # the next start recovers
    imports, journaled, count = _state(workspace)
    assert imports == journaled
    assert imports in ({1}, {1, 2})
    assert count == before[2] or (imports == {1, 2} and count > before[2] + 200_000)
    assert not list(workspace.archive.root.glob("objects/*/.tmp-*"))
    exported = workspace.store.export()
    actions.rebuild(workspace)
    assert workspace.store.export().equals(exported)
    if plan and imports == {1}:  # the plan survives a commit that did not happen: it can be confirmed again
        actions.confirm([plan.id], "analyste", workspace)
        assert workspace.store.observation_count() > before[2] + 200_000


def test_a_check_killed_while_keeping_its_plan_leaves_the_store_and_a_later_check_intact(workspace, big_file):
    process = _start_import(big_file, workspace.base, "import", "--dry-run", str(big_file))
    plans = workspace.plans.root
    started = lambda: plans.exists() and any(f.name.startswith(".tmp-") for f in plans.iterdir())  # noqa: E731
    assert _kill_when(process, started), "la vérification s'est terminée avant d'avoir pu être interrompue"
    assert workspace.store.imports().empty and not workspace.archive.events()
    assert not [f for f in plans.iterdir() if not f.name.startswith(".tmp-")]  # no half plan under an id
    offers = offers_long_epci_csv()  # a later check and confirmation are not hindered by the leftover
    plan = actions.check_file(DATA, offers.content, offers.name, {"source": None, "overrides": {}}, workspace)
    actions.confirm([plan.id], "analyste", workspace)
    assert workspace.store.observation_count() > 0


def test_journal_event_of_an_uncommitted_import_is_dropped_before_the_next_one(workspace):
    offers = offers_long_epci_csv()
    actions.import_data_file(offers.content, offers.name, workspace=workspace)
    workspace.archive.append({"event": "import", "id": 2, "kind": "donnees", "source": "offres_emploi",
                              "filename": "perdu.csv", "sha256": "0" * 64, "options": {}, "by": "x", "at": "2020"})
    dares = dares_long_csv()
    actions.import_data_file(dares.content, dares.name, workspace=workspace)
    events = [(e["id"], e["filename"]) for e in workspace.archive.events()]
    assert events == [(1, offers.name), (2, dares.name)]


def test_two_threads_importing_at_once_are_serialised_and_both_kept(workspace):
    files = [offers_long_epci_csv(), partial_activity_monthly_csv()]
    reports = [None, None]

    def run(i):
        reports[i] = actions.import_data_file(files[i].content, files[i].name, workspace=Workspace(workspace.base))
    threads = [threading.Thread(target=run, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert all(r.ok for r in reports)
    imports = workspace.store.imports()
    assert sorted(imports["filename"]) == sorted(f.name for f in files)
    assert sorted(imports["id"]) == [1, 2]
    assert {e["filename"] for e in workspace.archive.events()} == {f.name for f in files}
    assert set(workspace.store.export()["source"]) == {"offres_emploi", "activite_partielle"}


def test_two_processes_importing_at_once_are_serialised_and_both_kept(workspace, tmp_path):
    files = [offers_long_epci_csv(), dares_long_csv()]
    paths = []
    for extract in files:
        paths.append(tmp_path / extract.name)
        paths[-1].write_bytes(extract.content)
    processes = [_start_import(path, workspace.base) for path in paths]
    assert [p.wait(timeout=180) for p in processes] == [0, 0]
    imports, journaled, _ = _state(workspace)
    assert imports == journaled == {1, 2}
    assert set(workspace.store.export()["source"]) == {"offres_emploi", "demandeurs_emploi"}


def test_missing_database_is_reported_and_rebuilt_from_the_archive(workspace):
    offers = offers_long_epci_csv()
    actions.import_data_file(offers.content, offers.name, workspace=workspace)
    exported = workspace.store.export()
    workspace.store.path.unlink()
    problem = actions.store_problem(workspace)
    assert "est introuvable alors que l'archive garde 1 opération(s)" in problem
    assert actions.restore(workspace) == 1
    assert actions.store_problem(workspace) is None
    assert workspace.store.export().equals(exported)


def test_unreadable_database_is_set_aside_and_rebuilt(workspace):
    offers = offers_long_epci_csv()
    actions.import_data_file(offers.content, offers.name, workspace=workspace)
    count = workspace.store.observation_count()
    workspace.store.path.write_bytes(b"ceci n'est pas une base" * 500)
    assert "est illisible (fichier endommagé" in actions.store_problem(workspace)
    result = run_cli(["history"], workspace.base)
    assert result.returncode == 1 and "python -m loaders rebuild" in result.stderr
    assert run_cli(["rebuild"], workspace.base).returncode == 0
    assert workspace.store.observation_count() == count
    aside = list(workspace.store.path.parent.glob("clefop.duckdb.illisible-*"))
    assert len(aside) == 1 and aside[0].read_bytes().startswith(b"ceci n'est pas")


def test_fresh_folder_has_no_problem(workspace):
    assert actions.store_problem(workspace) is None

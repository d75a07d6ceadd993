"""Shared fixtures: a throw-away data folder per test, and test profiles."""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from hypothesis import settings
from streamlit.components.v2 import manifest_scanner

import loaders.samples as demo_set
from loaders import actions
from loaders.actions import Workspace
from loaders.settings import PROJECT_DIR
from tests.explore import SEED

# Each new AppTest scans the metadata of every installed package for Streamlit components (≈ 0.3 s); the
# installed packages do not change during a run, so the scan is done once per test process.
manifest_scanner.scan_component_manifests = functools.cache(manifest_scanner.scan_component_manifests)

def pytest_report_header(config) -> str:
    return f"graine des parcours échantillonnés : {SEED} (CLEFOP_TEST_SEED={SEED} pour les rejouer)"


def pytest_terminal_summary(terminalreporter) -> None:
    terminalreporter.write_line(pytest_report_header(terminalreporter.config))


settings.register_profile("ci", max_examples=200, deadline=None)
settings.load_profile("ci")


@pytest.fixture
def workspace(tmp_path, monkeypatch) -> Workspace:
    """Return a fresh data folder (store and archive), also set as CLEFOP_DATA_DIR."""
    base = tmp_path / "data"
    monkeypatch.setenv("CLEFOP_DATA_DIR", str(base))
    monkeypatch.setenv("CLEFOP_DEMO", "0")
    return Workspace(base)


def run_cli(args: list[str], data_dir, extra_env: dict | None = None) -> subprocess.CompletedProcess:
    """Run `python -m loaders …` on a data folder, as a script or a scheduler would."""
    env = {**os.environ, "CLEFOP_DATA_DIR": str(data_dir), "CLEFOP_DEMO": "0", **(extra_env or {})}
    return subprocess.run([sys.executable, "-m", "loaders", *args], capture_output=True, text=True,
                          cwd=PROJECT_DIR, env=env, timeout=180)


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory):
    """A data folder holding the demo extracts, imported once for the whole run (copy it before writing)."""
    base = tmp_path_factory.mktemp("demo") / "data"
    workspace = Workspace(base)
    for name, content in demo_set.demo_files(date(2026, 11, 27)).items():
        assert actions.import_data_file(content, name, who=actions.DEMO_USER, workspace=workspace).ok
    return finished(workspace)


def finished(workspace: Workspace) -> Path:
    """Return the folder of a data folder made once to be copied: its database closed, so that a copy is whole."""
    workspace.store.let_go()
    return workspace.base


def private_copy(template, workspace: Workspace) -> Workspace:
    """Copy a data folder made once (see `finished`) into the test's own data folder."""
    shutil.copytree(template, workspace.base)
    return workspace


@pytest.fixture
def demo_store(demo_template, workspace):
    """A private copy of the demo data folder, as CLEFOP_DATA_DIR."""
    return private_copy(demo_template, workspace)

"""Shared fixtures: a throw-away data folder per test, and test profiles."""

from __future__ import annotations

import pytest
from hypothesis import settings

from loaders.pipeline import Workspace

settings.register_profile("ci", max_examples=200, deadline=None)
settings.load_profile("ci")


@pytest.fixture
def workspace(tmp_path, monkeypatch) -> Workspace:
    """Return a fresh data folder (store and archive), also set as CLEFOP_DATA_DIR."""
    base = tmp_path / "data"
    monkeypatch.setenv("CLEFOP_DATA_DIR", str(base))
    monkeypatch.setenv("CLEFOP_DEMO", "0")
    return Workspace(base)

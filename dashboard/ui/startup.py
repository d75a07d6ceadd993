"""What the dashboard does once per process and per data folder before showing a page: recover from a crash, create
the analyst password, import the demo data on a first start (with a progress bar)."""

from __future__ import annotations

import threading
from pathlib import Path

import streamlit as st

from loaders import actions
from loaders.actions import Workspace, access


@st.cache_resource(show_spinner=False)
def bootstrap(base: str, generate_password: bool, notice: str | None = None) -> None:
    """Once per process: say what is wrong with analyst access (`notice`), recover from a crash, create the
    analyst password if needed."""
    if notice:
        print(f"Accès analyste : {notice}", flush=True)
    workspace = Workspace(Path(base))
    if not actions.prepare(Path(base)):
        print(f"Dossier de données {base} en lecture seule : le tableau de bord se consulte, rien n'y sera écrit.",
              flush=True)
        return
    actions.recover(workspace)
    password = access.ensure_first_password(Path(base)) if generate_password else None
    if password:
        print(access.first_start_banner(password, Path(base)), flush=True)


_DEMO_LOCK = threading.Lock()
_DEMO_CHECKED: set[str] = set()


def prepare_demo(base: str) -> None:
    """On the first visit of a store that never imported anything, import the demo data with a progress bar.

    `manage.sh run` does it before the server starts; this covers a dashboard started another way.
    """
    if base in _DEMO_CHECKED:
        return
    with _DEMO_LOCK:
        workspace = Workspace(Path(base))
        if base not in _DEMO_CHECKED and actions.demo_wanted(workspace):
            text = "Préparation des données de démonstration (premier démarrage)…"
            bar = st.progress(0.0, text=text)
            actions.import_demo(workspace, progress=lambda done, total: bar.progress(done / total, text=text))
            bar.empty()
        _DEMO_CHECKED.add(base)
